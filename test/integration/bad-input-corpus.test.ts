import { createHash } from 'node:crypto';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { type Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as onUpload } from '#functions/documents/uploaded';
import { FUNCTIONS } from '#functions/manifest';
import { LOCAL_REGION, TABLE_NAME } from '#local/stack';
import { setClock } from '#shared/platform/clock';
import { isAppError } from '#shared/platform/errors';
import { sifpmProgram } from '../../cli/program.ts';
import {
  AS_OF,
  bodyCases,
  CF,
  decisionCases,
  encodingCases,
  GD,
  GZ,
  type HttpCase,
  headerCases,
  pathCases,
  queryCases,
  YEAR,
} from '../fixtures/bad-inputs.ts';
import { PDF, zip } from '../helpers/documents.ts';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';
import { guidingDraft } from '../helpers/targets.ts';
import { taskLink } from '../helpers/tasks.ts';

/**
 * Issue 14, the bad-input corpus: one system with a cycle under way (a target in drafting with its open task, an
 * issued target decomposed to a region, an open monitoring period, an open self-evaluation), then every boundary fed
 * input it must refuse — JSON bodies of every write route, path and query parameters, headers, task decisions,
 * presigned uploads, S3 events, CLI arguments. Each answer is a coded 4xx with a zh and an en message; the table (its
 * item count, a digest of every item and of every audit chain head) is the same after each group as before it.
 */
let clock = Date.parse('2025-12-01T10:00:00+08:00');
let sys: TestSystem;
let raw: DynamoDBClient;
let restore: () => void;
let actionId: string;
const GZ_MEDSEC = `medsec-agency.${GZ}`;

/** Bilingual cases (coded zh/en) counted per group, and refusals in S3's own XML shape. */
const counted = { bilingual: 0, s3: 0, documents: 0, groups: 0 };

interface Snapshot {
  count: number;
  heads: string;
  items: string;
}

async function snapshot(): Promise<Snapshot> {
  const heads: string[] = [];
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await raw.send(
      new ScanCommand({ TableName: TABLE_NAME, ...(start ? { ExclusiveStartKey: start as never } : {}) }),
    );
    for (const item of page.Items ?? []) {
      const line = JSON.stringify(Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))));
      items.push(line);
      if (item.sk?.S === 'HEAD') heads.push(line);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  const digest = (lines: string[]) => createHash('sha256').update(lines.sort().join('\n')).digest('hex');
  return { count: items.length, heads: digest(heads), items: digest(items) };
}

/** What is wrong with an answer, or nothing: a 4xx of the expected status and code with a zh and an en message. */
function problems(
  expected: { status: number; code: string },
  status: number,
  // biome-ignore lint/suspicious/noExplicitAny: an answer is arbitrary JSON
  body: any,
): string[] {
  const found: string[] = [];
  const error = body?.error;
  if (status !== expected.status) found.push(`status ${status}, expected ${expected.status}`);
  if (status < 400 || status >= 500) found.push(`status ${status} is not a 4xx`);
  if (error?.code !== expected.code) found.push(`code ${error?.code}, expected ${expected.code}`);
  if (!/[\u4e00-\u9fff]/.test(error?.message?.zh ?? '')) found.push('no Chinese message');
  if (!/[A-Za-z]{2}/.test(error?.message?.en ?? '')) found.push('no English message');
  return found;
}

async function send(c: HttpCase) {
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['content-type'] = c.contentType ?? 'application/json';
  if (c.authorization !== undefined) headers.authorization = c.authorization;
  else if (c.as) headers.authorization = `Bearer ${await sys.token(c.as)}`;
  const body = c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
  const res = await fetch(`${sys.url}${c.path}`, {
    method: c.method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

/** Runs a group of bad cases between two snapshots; answers what went wrong, case by case. */
async function group<T>(cases: T[], run: (c: T) => Promise<string[]>, name: (c: T) => string) {
  const before = await snapshot();
  const wrong: string[] = [];
  for (const c of cases) {
    const found = await run(c);
    if (found.length) wrong.push(`${name(c)}: ${found.join('; ')}`);
  }
  await sys.settled();
  const after = await snapshot();
  counted.groups++;
  return { wrong, before, after };
}

async function httpGroup(cases: HttpCase[]) {
  expect(cases.length).toBeGreaterThan(0);
  const result = await group(
    cases,
    async (c) => {
      const res = await send(c);
      return problems(c, res.status, res.body);
    },
    (c) => `${c.method} ${c.path.slice(0, 80)} (${c.name})`,
  );
  expect(result.wrong).toEqual([]);
  expect(result.after).toEqual(result.before);
  counted.bilingual += cases.length;
}

beforeAll(async () => {
  restore = setClock(() => clock);
  sys = await startSystem();
  raw = new DynamoDBClient({
    endpoint: sys.local.endpoints.dynamodb,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  const kickoff = await sys.call('POST', '/api/cycles', { as: CF, body: { year: YEAR, targetsDue: '2025-12-20' } });
  expect(kickoff.status, JSON.stringify(kickoff.body)).toBe(202);
  await sys.settled();
  // 广东's 职工医保 issued and decomposed to 广州 (monitored); its 失业保险 stays in drafting, its task open
  await issueEbmiToRegions(sys, YEAR, GD, [GZ]);
  // the first monitoring period opens on 1 February
  clock = Date.parse('2026-02-01T09:00:00+08:00');
  await sys.local.scheduler.check();
  await sys.settled();
  // the budget year is over: central opens the self-evaluations
  clock = Date.parse('2027-01-05T10:00:00+08:00');
  const opened = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/open`, { as: CF });
  expect(opened.status, JSON.stringify(opened.body)).toBe(202);
  await sys.settled();
  // the newest link to 广东's 失业保险 draft: its task is open
  actionId = await taskLink(sys, `hrss-agency.${GD}`, /失业保险.*制定/);
  // every token the corpus sends, asked for before the first snapshot
  for (const user of [CF, `finance.${GD}`, `hrss-agency.${GD}`, `finance.${GZ}`, GZ_MEDSEC]) await sys.token(user);
}, 600_000);

afterAll(async () => {
  await sys?.close();
  restore?.();
});

describe('the bad-input corpus (issue 14): every refusal coded, bilingual, 4xx, and the table unchanged', () => {
  it('the write routes are reachable: the monitoring period and the self-evaluation are open', async () => {
    const m = await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}&fund=EBMI`, { as: `finance.${GZ}` });
    expect(m.body.funds[0].periods.map((p: { asOf: string }) => p.asOf)).toContain(AS_OF);
    const e = await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GZ}`, { as: `finance.${GZ}` });
    expect(e.body.map((x: { fund: string; status: string }) => `${x.fund} ${x.status}`)).toEqual([
      'EBMI awaiting-report',
    ]);
  });

  it('JSON bodies of every write route', async () => {
    await httpGroup(bodyCases());
  });

  it('bodies that are not JSON, not UTF-8, or too large', async () => {
    await httpGroup(encodingCases());
  });

  it('path parameters', async () => {
    await httpGroup(pathCases());
  });

  it('query parameters', async () => {
    await httpGroup(queryCases());
  });

  it('headers: authentication, content type, the 10 MB limit', async () => {
    await httpGroup(headerCases());
  });

  it('task decisions', async () => {
    await httpGroup(decisionCases(actionId));
  });

  it('presigned uploads: a tampered, mistyped or oversize POST is refused by storage and stores nothing', async () => {
    const slot = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/uploads`, {
      as: GZ_MEDSEC,
      body: { kind: 'self-evaluation', type: 'pdf' },
    });
    expect(slot.status, JSON.stringify(slot.body)).toBe(201);
    const { url, fields } = slot.body as { url: string; fields: Record<string, string> };
    const policy = JSON.parse(Buffer.from(fields.Policy as string, 'base64').toString());
    const range = policy.conditions.find((c: unknown) => Array.isArray(c) && c[0] === 'content-length-range');
    const maxBytes = range[2] as number;
    const rewritten = (change: (conditions: unknown[]) => unknown[]) =>
      Buffer.from(JSON.stringify({ ...policy, conditions: change(policy.conditions) })).toString('base64');
    const sig = fields['X-Amz-Signature'] as string;
    expect(policy.conditions).toContainEqual({ key: fields.key });
    const cases: [string, Record<string, string | undefined>, Buffer, number, string][] = [
      [
        'a policy rewritten to allow more',
        {
          Policy: rewritten((cs) =>
            cs.map((c) => (Array.isArray(c) && c[0] === 'content-length-range' ? [c[0], 0, 10 ** 10] : c)),
          ),
        },
        PDF,
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'a policy for another key',
        {
          Policy: rewritten((cs) =>
            cs.map((c) => (c && typeof c === 'object' && 'key' in c ? { key: 'uploads/other.pdf' } : c)),
          ),
          key: 'uploads/other.pdf',
        },
        PDF,
        403,
        'SignatureDoesNotMatch',
      ],
      ['a policy that is not base64 JSON', { Policy: 'not a policy' }, PDF, 403, 'SignatureDoesNotMatch'],
      ['another key', { key: `${fields.key}-other` }, PDF, 403, 'AccessDenied'],
      ['a key outside uploads/', { key: 'reports/2026/public.pdf' }, PDF, 403, 'AccessDenied'],
      ['another content type', { 'Content-Type': 'text/html' }, PDF, 403, 'AccessDenied'],
      ['more allowed types in its metadata', { 'x-amz-meta-sifpm-types': 'docx,pdf,xlsx' }, PDF, 403, 'AccessDenied'],
      [
        'a field the policy does not name',
        { success_action_redirect: 'https://evil.example/' },
        PDF,
        403,
        'AccessDenied',
      ],
      [
        'a forged signature',
        { 'X-Amz-Signature': `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}` },
        PDF,
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'another access key',
        { 'X-Amz-Credential': `AKIDOTHER${fields['X-Amz-Credential']?.slice(6)}` },
        PDF,
        403,
        'InvalidAccessKeyId',
      ],
      ['no signature', { 'X-Amz-Signature': undefined }, PDF, 400, 'InvalidArgument'],
      ['a file over the slot’s size', {}, Buffer.concat([PDF, Buffer.alloc(maxBytes)]), 400, 'EntityTooLarge'],
      ['an empty file', {}, Buffer.alloc(0), 400, 'EntityTooSmall'],
    ];
    const result = await group(
      cases,
      async ([, change, file, status, code]) => {
        const form = new FormData();
        for (const [k, v] of Object.entries({ ...fields, ...change })) if (v !== undefined) form.append(k, v);
        form.append('file', new Blob([new Uint8Array(file)]), 'report.pdf');
        const res = await fetch(url, { method: 'POST', body: form });
        const text = await res.text();
        const found: string[] = [];
        if (res.status !== status) found.push(`status ${res.status}, expected ${status}`);
        const got = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
        if (got !== code) found.push(`code ${got}, expected ${code}`);
        return found;
      },
      ([name]) => name,
    );
    expect(result.wrong).toEqual([]);
    expect(result.after).toEqual(result.before);
    counted.s3 += cases.length;
  });

  it('documents refused on inspection: the refusal is coded and recorded on the item, no figures or report stored', async () => {
    // by design these are stored and recorded (the uploader sees why in documentErrors / the uploads list), so the
    // table changes by the inspection record and the refusal; what must not change is the item's figures and report
    const notZip = Buffer.from('PK\u0003\u0004 but not a zip at all, just text pretending');
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/workbook.xml', data: Buffer.alloc(1 << 20, 0x20), statedSize: 1024 ** 3 },
    ]);
    const junkPdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x90), Buffer.from('\n%%EOF\n')]);
    const evaluation = async () =>
      (await sys.call('GET', `/api/cycles/${YEAR}/evaluations?org=${GZ}`, { as: `finance.${GZ}` })).body[0];
    const post = async (slot: { url: string; fields: Record<string, string> }, bytes: Buffer) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(slot.fields)) form.append(k, v);
      form.append('file', new Blob([new Uint8Array(bytes)]), 'upload');
      const res = await fetch(slot.url, { method: 'POST', body: form });
      expect(res.status, await res.text()).toBeLessThan(300);
      await sys.settled();
    };
    const bilingual = (errors: { code: string; message: { zh: string; en: string } }[]) => {
      for (const e of errors) {
        expect(e.message.zh).toMatch(/[\u4e00-\u9fff]/);
        expect(e.message.en).toMatch(/[A-Za-z]/);
      }
      return errors.map((e) => e.code);
    };
    const cases: [string, string, Buffer, string][] = [
      ['a report that is a PDF header followed by junk', 'pdf', junkPdf, 'DOCUMENT_UNRECOGNISED'],
      ['an .xlsx that is not a zip', 'xlsx', notZip, 'DOCUMENT_UNRECOGNISED'],
      ['an .xlsx that would inflate to 1 GB', 'xlsx', bomb, 'PACKAGE_TOO_LARGE_INFLATED'],
    ];
    for (const [name, type, bytes, code] of cases) {
      const kind = type === 'pdf' ? 'self-evaluation' : 'template';
      const slot = await sys.call('POST', `/api/cycles/${YEAR}/evaluations/${GZ}/EBMI/uploads`, {
        as: GZ_MEDSEC,
        body: { kind, type },
      });
      expect(slot.status, JSON.stringify(slot.body)).toBe(201);
      await post(slot.body, bytes);
      // S3 delivers the notification at least once: on a loaded machine a first delivery that failed is retried
      await expect
        .poll(async () => (await evaluation()).documentErrors.map((x: { code: string }) => x.code), {
          timeout: 30_000,
        })
        .toContain(code);
      const e = await evaluation();
      expect(bilingual(e.documentErrors), name).toContain(code);
      expect(e).toMatchObject({ status: 'awaiting-report', report: null, actuals: [] });
    }
    // the monitoring template: refused with its code, and no submission for the period
    const base = `/api/cycles/${YEAR}/monitoring/${GZ}/EBMI/periods/${AS_OF}`;
    for (const [name, bytes, code] of [
      ['an .xlsx that is not a zip', notZip, 'DOCUMENT_UNRECOGNISED'],
      ['an .xlsx that would inflate to 1 GB', bomb, 'PACKAGE_TOO_LARGE_INFLATED'],
    ] as const) {
      const slot = await sys.call('POST', `${base}/uploads`, { as: GZ_MEDSEC });
      expect(slot.status, JSON.stringify(slot.body)).toBe(201);
      await post(slot.body, bytes);
      // the clock is held still here, so both uploads share one createdAt: find this one by its key, not by order
      const mine = async () => {
        const uploads = (await sys.call('GET', `${base}/uploads`, { as: GZ_MEDSEC })).body;
        const list: { key: string; status: string; errors: { code: string; message: { zh: string; en: string } }[] }[] =
          Array.isArray(uploads) ? uploads : uploads.uploads;
        return list.find((u) => u.key === slot.body.key);
      };
      await expect.poll(async () => (await mine())?.status, { timeout: 30_000 }).toBe('refused');
      const upload = await mine();
      expect(bilingual(upload?.errors ?? []), name).toContain(code);
    }
    const m = await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}&fund=EBMI`, { as: `finance.${GZ}` });
    const period = m.body.funds[0].periods.find((p: { asOf: string }) => p.asOf === AS_OF);
    expect(period.submission ?? null).toBeNull();
    counted.documents = cases.length + 2;
  });

  it('S3 events: the upload notification refuses a malformed event, coded and bilingual, and records nothing', async () => {
    expect(
      Object.values(FUNCTIONS)
        .filter((f) => 'onUpload' in f && f.onUpload)
        .map((f) => f.entry),
    ).toEqual(['functions/documents/uploaded.ts']);
    const record = (object: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Post',
          s3: { bucket: { name: 'sifpm-documents' }, object },
          ...rest,
        },
      ],
    });
    const events: [string, unknown][] = [
      ['null', null],
      ['a string', 'ObjectCreated'],
      ['no Records', {}],
      ['Records not a list', { Records: 'x' }],
      ['an empty record', { Records: [{}] }],
      ['another event source', record({ key: 'uploads/a.pdf', size: 1 }, { eventSource: 'aws:sqs' })],
      [
        'no bucket name',
        {
          Records: [
            {
              eventSource: 'aws:s3',
              eventName: 'ObjectCreated:Post',
              s3: { bucket: {}, object: { key: 'uploads/a' } },
            },
          ],
        },
      ],
      ['no key', record({ size: 1 })],
      ['an empty key', record({ key: '', size: 1 })],
      ['a key as a number', record({ key: 7, size: 1 })],
      ['a negative size', record({ key: 'uploads/a.pdf', size: -1 })],
      ['a fractional size', record({ key: 'uploads/a.pdf', size: 1.5 })],
      ['an empty version id', record({ key: 'uploads/a.pdf', size: 1, versionId: '' })],
      ['a key with malformed percent-encoding', record({ key: 'uploads/%E0%A4%A', size: 1 })],
      ['a key outside uploads/', record({ key: 'reports%2F2026%2Fpublic.pdf', size: 1 })],
      ['a key that climbs out of uploads/', record({ key: '..%2Freports%2Fx.pdf', size: 1 })],
      ['a key of an object that does not exist', record({ key: 'uploads/evaluations/nothing-here.pdf', size: 1 })],
    ];
    const result = await group(
      events,
      async ([, event]) => {
        try {
          await onUpload(event, {} as Context);
          return ['accepted'];
        } catch (e) {
          if (!isAppError(e)) return [`not a coded error: ${String(e)}`];
          return problems({ status: 400, code: 'INVALID_S3_EVENT' }, e.status, e.toBody());
        }
      },
      ([name]) => name,
    );
    expect(result.wrong).toEqual([]);
    expect(result.after).toEqual(result.before);
    counted.bilingual += events.length;
  });

  it('CLI arguments: refused with a bilingual message before any request is made', async () => {
    const cases: string[][] = [
      ...['0x7EA', ' 2026', '2026.0', '+2026', '２０２６', '2026 ', '1e3', '', '-2026', '20260'].map((y) => [
        'cycle',
        'kickoff',
        '--year',
        y,
        '--as',
        CF,
        '--api',
        sys.url,
      ]),
      ['cycle', 'kickoff', '--year', '2027', '--targets-due', '2027-02-30', '--api', sys.url],
      ['cycle', 'kickoff', '--year', '2027', '--targets-due', '31/03/2027', '--api', sys.url],
      ['cycle', 'kickoff', '--year', '2027', '--targets-due', '2027-03-31T00:00', '--api', sys.url],
      ['cycle', 'show', '--year', '0x7EA', '--api', sys.url],
      ['cycle', 'show', '--year', '２０２６', '--api', sys.url],
      ['audit', 'verify', '--year', '0x7EA', '--api', sys.url],
      ['audit', 'verify', '--year', '2026.0', '--api', sys.url],
      ['catalog', 'funds', '--year', '0x7EA'],
      ['catalog', 'funds', '--year', '+2026'],
      ['catalog', 'indicators', '--fund', 'NOPE'],
      ['catalog', 'indicators', '--fund', 'ebmi'],
      ['catalog', 'orgs', '--parent', '999999'],
      ['catalog', 'orgs', '--parent', '44010'],
    ];
    const overridden = (cmd: Command): Command => {
      cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
      for (const sub of cmd.commands) overridden(sub);
      return cmd;
    };
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const result = await group(
      cases,
      async (args) => {
        fetchSpy.mockClear();
        try {
          await overridden(sifpmProgram()).parseAsync(args, { from: 'user' });
          return ['accepted'];
        } catch (e) {
          const found: string[] = [];
          if (!(e instanceof CommanderError)) found.push(`not a commander error: ${String(e)}`);
          else if (e.code !== 'commander.invalidArgument') found.push(`code ${e.code}`);
          const message = (e as Error).message;
          if (!/[\u4e00-\u9fff]/.test(message) || !/[A-Za-z]{3}/.test(message)) found.push(`not bilingual: ${message}`);
          if (fetchSpy.mock.calls.length) found.push(`${fetchSpy.mock.calls.length} request(s) made`);
          return found;
        }
      },
      (args) => args.slice(0, 4).join(' '),
    );
    fetchSpy.mockRestore();
    log.mockRestore();
    expect(result.wrong).toEqual([]);
    expect(result.after).toEqual(result.before);
    counted.bilingual += cases.length;
  });

  it('the snapshot sees a change: one valid write (the draft of 广东’s 失业保险) changes it', async () => {
    const before = await snapshot();
    const saved = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      as: `hrss-agency.${GD}`,
      body: guidingDraft('UI'),
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const after = await snapshot();
    expect(after.heads).not.toBe(before.heads);
    expect(after.count).toBeGreaterThan(before.count);
  });

  it('counts the corpus', () => {
    const n = counted.bilingual;
    console.log(
      `bad-input corpus: ${n} cases, 0 changes (${counted.groups} groups; besides: ${counted.s3} uploads refused by storage in S3's XML shape, ${counted.documents} documents refused on inspection)`,
    );
    expect(n).toBeGreaterThanOrEqual(200);
  });
});
