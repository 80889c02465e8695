import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '#shared/platform/aws';
import { setClock, shanghaiYear } from '#shared/platform/clock';
import { stateMachineArn } from '#shared/platform/config';
import { startSystem, type TestSystem } from '../helpers/local.ts';

const CENTRAL_FINANCE = 'finance.100000';
const nextYear = shanghaiYear(new Date()) + 1;

describe('POST /api/cycles with bad input', () => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await startSystem();
  });
  afterAll(() => sys.close());

  const cases: [string, { body?: unknown; rawBody?: string }, number, string][] = [
    ['no body', { rawBody: '' }, 400, 'BODY_REQUIRED'],
    ['malformed JSON', { rawBody: '{"year": 2025' }, 400, 'MALFORMED_JSON'],
    ['a JSON array', { body: [2025] }, 400, 'VALIDATION_FAILED'],
    ['missing year', { body: {} }, 400, 'VALIDATION_FAILED'],
    ['year as a string', { body: { year: '2025' } }, 400, 'VALIDATION_FAILED'],
    ['year as text', { body: { year: 'next' } }, 400, 'VALIDATION_FAILED'],
    ['a fractional year', { body: { year: 2025.5 } }, 400, 'VALIDATION_FAILED'],
    ['1999, before the regulation (R25.1)', { body: { year: 1999 } }, 400, 'VALIDATION_FAILED'],
    ['2022, the year before it took force', { body: { year: 2022 } }, 400, 'VALIDATION_FAILED'],
    ['2100', { body: { year: 2100 } }, 400, 'VALIDATION_FAILED'],
    ['more than one year ahead', { body: { year: nextYear + 1 } }, 400, 'VALIDATION_FAILED'],
    ['an unknown field', { body: { year: 2025, extra: true } }, 400, 'VALIDATION_FAILED'],
    ['a malformed deadline', { body: { year: 2025, targetsDue: '31/12/2025' } }, 400, 'VALIDATION_FAILED'],
    // finding 6: a deadline in the past mailed every unit an overdue notice at once
    [
      'a targets deadline in the past',
      { body: { year: nextYear - 1, targetsDue: '2020-01-01' } },
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a targets deadline after the self-evaluations are due (finding 6)',
      { body: { year: nextYear - 1, targetsDue: `${nextYear}-06-01` } },
      400,
      'VALIDATION_FAILED',
    ],
    ['a negative delegation margin', { body: { year: 2025, delegationMarginDays: -1 } }, 400, 'VALIDATION_FAILED'],
    ['a delegation margin of a year', { body: { year: 2025, delegationMarginDays: 365 } }, 400, 'VALIDATION_FAILED'],
    ['a huge body', { rawBody: JSON.stringify({ year: 2025, pad: 'x'.repeat(200_000) }) }, 413, 'PAYLOAD_TOO_LARGE'],
  ];

  it.each(cases)('refuses %s with a clear bilingual error', async (_name, input, status, code) => {
    const res = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, ...input });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.error.message.en).toMatch(/[a-z]/);
  });

  it('names the offending field for a validation failure', async () => {
    const res = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, body: { year: 1999 } });
    expect(res.body.error.details.issues[0]).toMatchObject({ path: 'year', message: expect.stringContaining('2023') });
  });

  // issue 16 point 4: deadlines in the past or out of order (targets < 31 May < 31 July of the next year, 第十八条)
  it.each([
    [
      'a year whose self-evaluations are already due',
      '2026-07-01T10:00:00+08:00',
      { year: 2025 },
      'year',
      /自评截止时间（2026年5月31日 23:59）已过/,
    ],
    [
      'the default deadline (30 days on) after 31 May',
      '2026-05-25T10:00:00+08:00',
      { year: 2025 },
      'targetsDue',
      /须早于 2026 年 5 月 31 日.*默认为 30 天后/,
    ],
    [
      'a targets deadline in the past',
      '2025-12-01T10:00:00+08:00',
      { year: 2025, targetsDue: '2025-11-30' },
      'targetsDue',
      /已过/,
    ],
    [
      'a targets deadline on 31 May',
      '2025-12-01T10:00:00+08:00',
      { year: 2025, targetsDue: '2026-05-31' },
      'targetsDue',
      /须早于/,
    ],
    [
      'a targets deadline whose drafting step (10 days before) is past',
      '2025-12-01T10:00:00+08:00',
      { year: 2025, targetsDue: '2025-12-05' },
      'targetsDue',
      /起草环节/,
    ],
  ] as const)('refuses %s, naming the field in both languages', async (_name, at, body, field, zh) => {
    const restore = setClock(() => Date.parse(at));
    try {
      const res = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, body });
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.issues).toHaveLength(1);
      const [issue] = res.body.error.details.issues;
      expect(issue.path).toBe(field);
      const [cn, en] = issue.message.split(' / ');
      expect(cn).toMatch(zh);
      expect(cn).not.toMatch(/[A-Za-z]{2,}/);
      expect(en).toMatch(/^[ -~]+$/);
    } finally {
      restore();
    }
  });

  it('wrote no cycle and started no execution for any of them', async () => {
    const { Items } = await aws().ddb.send(
      new QueryCommand({
        TableName: 'sifpm',
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': 'CYCLES' },
      }),
    );
    expect(Items).toEqual([]);
    const { executions } = await aws().sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stateMachineArn('kickoff') }),
    );
    expect(executions).toEqual([]);
  });

  it.each(['0x7EA', '%202026', '2026.0', '+2026', '02026'])(
    'reads a year in the path strictly: %s is refused, not read as 2026 (finding 6)',
    async (year) => {
      const read = await sys.call('GET', `/api/cycles/${year}`, { as: CENTRAL_FINANCE });
      expect(read.status).toBe(400);
      expect(read.body.error.code).toBe('VALIDATION_FAILED');
      const write = await sys.call('PUT', `/api/cycles/${year}/central-targets/UI`, { as: CENTRAL_FINANCE, body: {} });
      expect(write.status).toBe(400);
      expect(write.body.error.details.where).toBe('path');
    },
  );

  it('answers 404 in the same error shape for an unknown endpoint', async () => {
    const res = await sys.call('DELETE', '/api/cycles', { as: CENTRAL_FINANCE });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
