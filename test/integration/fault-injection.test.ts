import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { PDF } from '../helpers/documents.ts';

/**
 * Issue #14, fault injection: the whole local default runs as a process of its own on a data folder
 * (`test/fixtures/local-default-child.ts`) and is SIGKILLed at a named point of the emulated services
 * (`SIFPM_LOCAL_CRASH_AT=<point>:<n>`, `local/crash.ts`) — inside a DynamoDB transaction's apply, inside the kickoff's
 * Map, between an upload being stored and its notification being delivered — then started again on the same folder.
 * After it settles: no half-written record (every audited record's version is its audit chain's length, no
 * transaction left unfinished), every execution finished or waits on a person, the business outcome complete and
 * not doubled, and `GET /api/audit/verify` answers ok.
 */
const YEAR = 2026;
const CENTRAL = 'finance.100000';
const PROVINCES = 32;
const FUNDS = 7;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dataFolder = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sifpm-faults-'));
  dirs.push(d);
  return d;
};

// biome-ignore lint/suspicious/noExplicitAny: a response is arbitrary JSON the test inspects
type Json = any;
type Exit = { code: number | null; signal: NodeJS.Signals | null };

interface Running {
  child: ChildProcess;
  url: string;
  endpoints: { dynamodb: string; s3: string; stepfunctions: string; ses: string };
  exited: Promise<Exit>;
  call(method: string, p: string, opts?: { as?: string; body?: unknown }): Promise<{ status: number; body: Json }>;
  /** Every notification delivered, every workflow finished or waiting on a person (re-drives what a crash left). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

function start(dataDir: string, crashAt?: string): Promise<Running> {
  const env = { ...process.env };
  delete env.SIFPM_LOCAL_CRASH_AT;
  if (crashAt) env.SIFPM_LOCAL_CRASH_AT = crashAt;
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/local-default-child.ts', dataDir], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4000);
  });
  const messages: Json[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const m = JSON.parse(line);
      if (m?.fixture) messages.push(m);
    } catch {
      // a log line
    }
    for (const w of waiters.splice(0)) w();
  });
  /** The next fixture message of this kind (consumed); rejects if the process exits first. */
  const next = async (kind: string): Promise<Json> => {
    for (;;) {
      const i = messages.findIndex((m) => m.fixture === kind);
      if (i >= 0) return messages.splice(i, 1)[0];
      await Promise.race([
        new Promise<void>((r) => waiters.push(r)),
        exited.then((e) => {
          throw new Error(`local default exited (${e.code ?? e.signal}) before '${kind}': ${err}`);
        }),
      ]);
    }
  };
  return next('ready').then(({ url, endpoints }) => {
    const tokens = new Map<string, string>();
    const call: Running['call'] = async (method, p, opts = {}) => {
      let token = opts.as ? tokens.get(opts.as) : undefined;
      if (opts.as && !token) {
        token = (await call('POST', '/local/token', { body: { userId: opts.as } })).body.token as string;
        tokens.set(opts.as, token);
      }
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
      const text = await res.text();
      let body: Json = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON
      }
      return { status: res.status, body };
    };
    return {
      child,
      url,
      endpoints,
      exited,
      call,
      async settle() {
        child.stdin?.write('settle\n');
        await next('settled');
      },
      async stop() {
        child.stdin?.write('stop\n');
        expect(await exited).toEqual({ code: 0, signal: null });
      },
    };
  });
}

/** Starts the local default on the folder and waits for it to kill itself at `crashAt` (perhaps while starting). */
async function untilKilled(dataDir: string, crashAt: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/local-default-child.ts', dataDir], {
    env: { ...process.env, SIFPM_LOCAL_CRASH_AT: crashAt },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin?.write('settle\n'); // read once it serves, if it gets that far
  expect(await new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })))).toEqual({
    code: null,
    signal: 'SIGKILL',
  });
}

async function killedAt(r: Running) {
  expect(await r.exited).toEqual({ code: null, signal: 'SIGKILL' });
}

async function scan(endpoint: string): Promise<Record<string, Json>[]> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    const items: Record<string, Json>[] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: 'sifpm', ConsistentRead: true, ExclusiveStartKey }));
      items.push(...(page.Items ?? []).map((i) => unmarshall(i)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  } finally {
    client.destroy();
  }
}

/**
 * No half-written record: no transaction left in the journal; every audit chain has all its entries and its record
 * (an entry without its change would show); every versioned record has its chain, at least one entry per version (a
 * change without its entry would show; some entries, a task opened on a work item, change no version); and
 * `GET /api/audit/verify` answers ok (the hashes link).
 */
async function expectWhole(r: Running, dataDir: string) {
  const journal = path.join(dataDir, 'dynamodb-transactions');
  expect(existsSync(journal) ? readdirSync(journal) : []).toEqual([]);
  const items = await scan(r.endpoints.dynamodb);
  const byKey = new Map(items.map((i) => [`${i.pk}\u0000${i.sk}`, i]));
  const torn: string[] = [];
  let audited = 0;
  for (const item of items) {
    if (String(item.pk).startsWith('AUDIT#')) {
      if (item.sk !== 'HEAD') continue;
      for (let seq = 1; seq <= item.seq; seq++) {
        if (!byKey.has(`${item.pk}\u0000ENTRY#${String(seq).padStart(10, '0')}`)) torn.push(`${item.pk} #${seq}`);
      }
      if (!byKey.has(`${item.entity.pk}\u0000${item.entity.sk}`)) torn.push(`${item.pk}: no record`);
      continue;
    }
    if (typeof item.version !== 'number') continue;
    // the directory's seed is audited as one entry for all its people (DIRECTORY / SEED), not one per person
    if (item.updatedBy === 'system:seed' && item.version === 1 && byKey.has('AUDIT#DIRECTORY#SEED\u0000HEAD')) continue;
    audited++;
    const head = byKey.get(`AUDIT#${item.pk}#${item.sk}\u0000HEAD`);
    if (!head || head.seq < item.version) {
      torn.push(`${item.pk} ${item.sk}: version ${item.version}, ${head?.seq ?? 0} entries`);
    }
  }
  expect(torn).toEqual([]);
  const verify = await r.call('GET', `/api/audit/verify?year=${YEAR}`, { as: CENTRAL });
  expect(verify.status).toBe(200);
  expect(verify.body).toMatchObject({ ok: true });
  expect(verify.body.broken).toBeUndefined();
  return { items, audited, verify: verify.body as { chains: number; entries: number } };
}

/** Every execution finished (SUCCEEDED) or waits on a person (its last event a submitted callback task). */
async function expectSettled(r: Running) {
  const sfn = new SFNClient({
    endpoint: r.endpoints.stepfunctions,
    region: 'cn-north-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const outcome: Record<string, number> = {};
  try {
    const machines = ['kickoff', 'target-approval'];
    for (const m of machines) {
      const stateMachineArn = `arn:aws-cn:states:cn-north-1:000000000000:stateMachine:sifpm-${m}`;
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, nextToken, maxResults: 1000 }));
        for (const e of page.executions ?? []) {
          let state = e.status as string;
          if (state === 'RUNNING') {
            const { events } = await sfn.send(
              new GetExecutionHistoryCommand({ executionArn: e.executionArn, reverseOrder: true, maxResults: 1 }),
            );
            state = events?.[0]?.type === 'TaskSubmitted' ? 'waiting on a person' : `RUNNING at ${events?.[0]?.type}`;
          }
          const k = `${m}: ${state}`;
          outcome[k] = (outcome[k] ?? 0) + 1;
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
  } finally {
    sfn.destroy();
  }
  return outcome;
}

describe('the local default killed with SIGKILL and started again (SIFPM_LOCAL_CRASH_AT)', () => {
  it('resumes a kickoff killed inside a transaction, then inside its Map: every unit prepared once, all audited', async () => {
    const dataDir = dataFolder();
    // 1. Killed at the 122nd transactional write: a unit's work item part-written inside the kickoff's Map.
    const first = await start(dataDir, 'dynamodb-transaction-write:122');
    const kicked = await first.call('POST', '/api/cycles', { as: CENTRAL, body: { year: YEAR } });
    expect(kicked.status).toBe(202);
    await killedAt(first);
    // the cut-short transaction is still journalled: the kill fell inside its apply
    expect(readdirSync(path.join(dataDir, 'dynamodb-transactions')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    // 2. Started again: rolled back before anything is served. Then killed again after 10 iterations of the
    // re-driven Map.
    const second = await start(dataDir, 'sfn-map-iteration:10');
    await expectWhole(second, dataDir);
    const cycle = await second.call('GET', `/api/cycles/${YEAR}`, { as: CENTRAL });
    expect(cycle.body).toMatchObject({ phase: 'kickoff' });
    second.child.stdin?.write('settle\n'); // re-drives the kickoff: it dies in its Map
    await killedAt(second);

    // 3. Started again and left to settle: the kickoff finishes, once.
    const third = await start(dataDir);
    try {
      await third.settle();
      const { items, audited, verify } = await expectWhole(third, dataDir);
      const done = await third.call('GET', `/api/cycles/${YEAR}`, { as: CENTRAL });
      expect(done.body).toMatchObject({ phase: 'targets', execution: { status: 'SUCCEEDED' } });
      const workItems = items.filter((i) => i.pk === `CYCLE#${YEAR}` && String(i.sk).startsWith('ITEM#'));
      expect(workItems).toHaveLength(PROVINCES * FUNDS + 1);
      expect(new Set(workItems.map((i) => i.sk)).size).toBe(workItems.length);
      const notices = items.filter((i) => i.pk === `CYCLE#${YEAR}` && String(i.sk).startsWith('NOTICE#kickoff#'));
      expect(notices).toHaveLength(PROVINCES);
      // the kickoff notice went to each province; a unit's notice is sent again only if the kill fell between its
      // mail and its notice record (at least once, as SES is) — never for a unit prepared before the kill
      const mail = (await third.call('GET', '/local/mail')).body as { to: string[]; subject: string }[];
      const kickoffMail = mail.filter((m) => m.subject.includes(`${YEAR}年度社会保险基金预算绩效管理工作启动`));
      const perProvince = new Map<string, number>();
      for (const m of kickoffMail) perProvince.set(m.to[0] as string, (perProvince.get(m.to[0] as string) ?? 0) + 1);
      expect(perProvince.size).toBe(PROVINCES);
      const twice = [...perProvince.values()].filter((n) => n > 1).length;
      // at most the Map's MaxConcurrency (8) units were in flight at each of the two kills, one extra mail each
      expect(twice).toBeLessThanOrEqual(16);
      expect(Math.max(...perProvince.values())).toBeLessThanOrEqual(3);
      const executions = await expectSettled(third);
      expect(executions).toEqual({
        'kickoff: SUCCEEDED': 1,
        'target-approval: waiting on a person': PROVINCES + 1, // one per unit, over its funds
      });
      console.log(
        `fault injection, kickoff: ${workItems.length} work items, ${notices.length} notices, ${kickoffMail.length} kickoff mails (${twice} sent twice), ${audited} versioned records each with its audit chain, audit ${verify.chains} chains / ${verify.entries} entries ok`,
      );
    } finally {
      await third.stop();
    }
  }, 600_000);

  it('delivers an upload notification lost to a kill before it, and again to a kill while its handler writes: recorded once', async () => {
    const dataDir = dataFolder();
    const outbox = path.join(dataDir, 's3-notifications');
    const agency = 'medsec-agency.440100';
    const base = `/api/cycles/${YEAR}/monitoring/440100/EBMI/periods/${YEAR}-01-31/uploads`;
    // 1. Killed once the upload is stored and answered, before its notification is delivered.
    const first = await start(dataDir, 's3-notification:1');
    const slot = await first.call('POST', base, { as: agency });
    expect(slot.status, JSON.stringify(slot.body)).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
    // a PDF where the slot takes an .xlsx: stored, then refused by the inspection (an outcome the hook records)
    form.append('file', new Blob([new Uint8Array(PDF)]), 'monitoring.xlsx');
    const posted = await fetch(slot.body.url, { method: 'POST', body: form });
    expect(posted.status).toBe(204);
    await killedAt(first);
    expect(readdirSync(outbox)).toHaveLength(1);

    // 2. Started again, it delivers the notification anew; killed inside the handler's first transaction.
    await untilKilled(dataDir, 'dynamodb-transaction-write:2');
    expect(readdirSync(outbox)).toHaveLength(1);

    // 3. Started again and left to settle: delivered once more, recorded once.
    const third = await start(dataDir);
    try {
      await third.settle();
      expect(readdirSync(outbox)).toEqual([]);
      const { items, verify } = await expectWhole(third, dataDir);
      const outcomes = (await third.call('GET', base, { as: agency })).body as Json[];
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]).toMatchObject({ key: slot.body.key, status: 'refused' });
      const doc = items.filter((i) => i.pk === `DOC#${slot.body.key}`);
      expect(doc).toHaveLength(1);
      expect(doc[0]).toMatchObject({ ok: false, size: PDF.length });
      console.log(
        `fault injection, upload: notification delivered after 2 kills, outcome ${outcomes[0].status}, audit ${verify.chains} chains / ${verify.entries} entries ok`,
      );
    } finally {
      await third.stop();
    }
  }, 300_000);
});
