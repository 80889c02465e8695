import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '#functions/directory/bootstrap';
import { ensureTable, type LocalDynamoDb, startLocalDynamoDb } from '#local/dynamodb';
import { readPerson } from '#shared/directory/store';
import { TABLE_DEFINITION } from '#shared/platform/table';

/**
 * The first central directory administrator of a new deployment (docs/DEPLOY.md): an empty table, no seed — as in
 * AWS on the day of the first deploy. The operator's invocation creates exactly one; a second is refused.
 */
let db: LocalDynamoDb;

beforeAll(async () => {
  db = await startLocalDynamoDb();
  await ensureTable(db.endpoint, { TableName: 'sifpm-bootstrap', ...structuredClone(TABLE_DEFINITION) } as never);
  Object.assign(process.env, {
    AWS_REGION: 'cn-north-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
    SIFPM_TABLE: 'sifpm-bootstrap',
    SIFPM_BUCKET: 'unused',
    SIFPM_STATE_MACHINE_PREFIX: 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:sifpm-',
    SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
    SIFPM_CONSOLE_URL: 'https://sifpm.example.cn',
    SIFPM_JWT_ISSUER: 'https://id.example.cn',
    SIFPM_JWT_AUDIENCE: 'sifpm-console',
    SIFPM_JWKS_URL: 'https://id.example.cn/jwks',
  });
}, 60_000);

afterAll(async () => {
  await db?.close();
});

const invoke = (event: unknown) => handler(event as never, {} as never);

describe('the first central administrator (docs/DEPLOY.md)', () => {
  it('refuses a malformed invocation before writing anything', async () => {
    await expect(invoke({ name: '王', email: 'not-an-address' })).rejects.toMatchObject({ code: 'INVALID_STEP_INPUT' });
  });

  it('creates central finance’s directory administrator once, audited; a second invocation is refused', async () => {
    const first = await invoke({ name: '王建国', email: 'Wang.Jianguo@mof.example.cn' });
    expect(first).toMatchObject({
      name: '王建国',
      email: 'wang.jianguo@mof.example.cn',
      orgCode: '100000',
      department: 'finance',
      functions: ['directory-admin', 'lead'],
      active: true,
    });
    const stored = await readPerson(first.id);
    expect(stored?.updatedBy).toBe('system:bootstrap');
    await expect(invoke({ name: '李四', email: 'li.si@mof.example.cn' })).rejects.toMatchObject({
      code: 'ALREADY_BOOTSTRAPPED',
    });
  });
});
