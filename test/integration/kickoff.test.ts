import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws } from '#shared/platform/aws';
import { provincialUnits } from '#shared/reference/orgs';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';

const CENTRAL_FINANCE = 'finance.100000';
const PROVINCE_FINANCE = 'finance.440000';

async function recordsOfYear(year: number) {
  const { Items } = await aws().ddb.send(
    new QueryCommand({
      TableName: 'sifpm',
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CYCLE#${year}` },
    }),
  );
  return Items ?? [];
}

describe('cycle kickoff (the walking skeleton)', () => {
  let sys: TestSystem;
  let restoreClock = () => {};
  beforeAll(async () => {
    sys = await startSystem();
    // the 2025 cycle is kicked off in time, so that its deadlines lie ahead as the kickoff requires
    restoreClock = runningClock(IN_TIME_FOR_2025);
  });
  afterAll(async () => {
    restoreClock();
    await sys.close();
  });

  it('reports healthy once every local service answers', async () => {
    const res = await sys.call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.services).toEqual({ dynamodb: 'up', s3: 'up', stepfunctions: 'up', ses: 'up' });
  });

  it('refuses a kickoff without a token (401) and by a province user (403), writing nothing', async () => {
    const anonymous = await sys.call('POST', '/api/cycles', { body: { year: 2024 } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    const province = await sys.call('POST', '/api/cycles', { as: PROVINCE_FINANCE, body: { year: 2024 } });
    expect(province.status).toBe(403);
    expect(province.body.error.message.zh).toMatch(/无权/);
    const forged = await sys.call('POST', '/api/cycles', {
      token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig',
      body: { year: 2024 },
    });
    expect(forged.status).toBe(401);
    expect(await recordsOfYear(2024)).toEqual([]);
  });

  it('kicks off a year: records the cycle, prepares every unit, mails every provincial unit once, opens targets', async () => {
    const res = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, body: { year: 2025 } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ year: 2025, phase: 'kickoff', createdBy: CENTRAL_FINANCE });
    expect(res.body.deadlines.selfEvaluation).toBe('2026-05-31T15:59:59.999Z'); // 31 May 23:59:59.999 +08:00
    expect(res.body.deadlines.provincialEvaluation).toBe('2026-07-31T15:59:59.999Z');
    await sys.settled();

    const cycle = await sys.call('GET', '/api/cycles/2025', { as: CENTRAL_FINANCE });
    expect(cycle.status).toBe(200);
    expect(cycle.body.phase).toBe('targets');
    expect(cycle.body.execution).toMatchObject({ status: 'SUCCEEDED', state: 'Done' });
    expect(Date.parse(cycle.body.execution.since)).not.toBeNaN();

    const kickoffMail = (await sys.mail()).filter((m) =>
      m.subject.includes('2025年度社会保险基金预算绩效管理工作启动'),
    );
    expect(kickoffMail).toHaveLength(32);
    const recipients = kickoffMail.map((m) => m.to[0]).sort();
    expect(recipients).toEqual(
      provincialUnits()
        .map((p) => `finance.${p.code}@sifpm.example.cn`)
        .sort(),
    );
    expect(kickoffMail[0]?.text).toMatch(/请于.*前/);
    expect(kickoffMail[0]?.links[0]).toContain(sys.url);

    const items = (await recordsOfYear(2025)).filter((r) => String(r.sk).startsWith('ITEM#'));
    // 32 provincial units × 7 funds, plus the central unit's public-sector pension (第二十三条)
    expect(items).toHaveLength(32 * 7 + 1);
    expect(items.find((i) => i.org === '100100')).toMatchObject({ fund: 'PSPI', kind: 'targets' });
  });

  it('refuses a second kickoff of the same year with 409 and starts no second execution', async () => {
    const again = await sys.call('POST', '/api/cycles', { as: CENTRAL_FINANCE, body: { year: 2025 } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CYCLE_EXISTS');
    await sys.settled();
    expect(
      (await sys.mail()).filter((m) => m.subject.includes('2025年度社会保险基金预算绩效管理工作启动')),
    ).toHaveLength(32);
    const cycle = await sys.call('GET', '/api/cycles/2025', { as: CENTRAL_FINANCE });
    expect(cycle.body.version).toBe(2); // created, then moved to targets: nothing else touched it
  });

  it('audits the cycle record: who created it and the machine that opened the target phase', async () => {
    const { Items } = await aws().ddb.send(
      new QueryCommand({
        TableName: 'sifpm',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
        ExpressionAttributeValues: { ':pk': 'AUDIT#CYCLE#2025#CYCLE', ':entry': 'ENTRY#' },
      }),
    );
    expect(Items?.map((a) => [a.action, a.actor.id, a.seq])).toEqual([
      ['cycle.kickoff', CENTRAL_FINANCE, 1],
      ['cycle.phase', 'system:kickoff', 2],
    ]);
  });

  it('returns 404 with a bilingual message for a year never kicked off', async () => {
    const res = await sys.call('GET', '/api/cycles/2023', { as: CENTRAL_FINANCE });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toEqual({
      zh: expect.stringMatching(/尚未启动/),
      en: expect.stringMatching(/No cycle/),
    });
  });
});
