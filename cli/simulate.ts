/**
 * `sifpm simulate --year Y [--scale small|province|national] [--seed N]`: one complete budget-year cycle driven
 * through the public API only, as its users would drive it — kickoff; provincial targets through their review chain,
 * decided by following the links in the local mailbox; monitoring periods with generated figures (some late, some
 * missing, some off target; findings corrected); self-evaluations with uploaded reports and Excel templates
 * (presigned POSTs); provincial reviews and reports; central assessment, notices and rectification; publication.
 *
 * It starts its own local default in this process, so the clock (injected, `#shared/platform/clock`) can be moved — a year
 * passes in minutes — and the local scheduler and Step Functions timers fired after each move. Data are seeded
 * (`--seed`): the same seed gives the same cycle.
 */

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import pLimit from 'p-limit';
import { z } from 'zod';
import { MAIL_DOMAIN } from '#local/directory-seed';
import { type LocalDefault, startLocalDefault } from '#local/stack';
import { kickoffUnits, unitFunds } from '#shared/cycle/cycles';
import { thresholdsOf } from '#shared/monitoring/risk';
import { setClock } from '#shared/platform/clock';
import { logger } from '#shared/platform/logger';
import { getFund } from '#shared/reference/funds';
import { getOrg, performanceUnits, provinceOf } from '#shared/reference/orgs';
import { renderTable } from './catalog.ts';
import {
  adminOf,
  agencyOf,
  CENTRAL_FINANCE,
  docxReport,
  explain,
  explainDifferences,
  filledTemplate,
  financeOf,
  guidingIndicators,
  type MonitoringBehaviour,
  monitoringSubmission,
  pdfReport,
  type Rng,
  rngFor,
  selfEvaluationActuals,
} from './sim-data.ts';

export const Scale = z.enum(['small', 'province', 'national']);
export type Scale = z.infer<typeof Scale>;

export const SimulateOptions = z.strictObject({
  year: z.coerce.number().int().min(2023).max(2100),
  scale: Scale.default('small'),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31)
    .default(1),
  out: z.string().min(1).optional(),
  concurrency: z.coerce.number().int().min(1).max(64).default(8),
  /** write the generated documents to the output folder too */
  documents: z.boolean().default(true),
  quiet: z.boolean().default(false),
  /**
   * while this file exists the simulated users start nothing new — what the system has in flight goes on — so that a
   * long run can give the machine to other work (a CI run) without being frozen: a frozen process's timers all fire on
   * waking and time out its in-flight invocations
   */
  pauseFile: z.string().min(1).optional(),
});
export type SimulateOptions = z.input<typeof SimulateOptions>;

// --- the plan: who takes part -------------------------------------------------------------------------------------

export interface Item {
  province: string;
  org: string;
  fund: string;
}
export interface ProvincePlan {
  code: string;
  funds: string[];
  /** performance units × funds: the self-evaluations, the monitored regions */
  items: Item[];
  /** fund → the regions its target is decomposed to (funds pooled below the province) */
  decompose: Record<string, string[]>;
}

const SMALL = { provinces: ['440000', '330000'], funds: ['EBMI', 'UI'], regions: 3 };

export function planFor(scale: Scale, year: number): ProvincePlan[] {
  const units = scale === 'national' ? kickoffUnits() : scale === 'province' ? ['440000'] : SMALL.provinces;
  return units.map((code) => {
    const funds = scale === 'small' ? SMALL.funds : unitFunds(code, year);
    const items: Item[] = [];
    const decompose: Record<string, string[]> = {};
    for (const fund of funds) {
      let orgs = performanceUnits(code, fund, year).map((o) => o.code);
      if (scale === 'small') orgs = orgs.slice(0, SMALL.regions);
      if (!(orgs.length === 1 && orgs[0] === code)) decompose[fund] = orgs;
      for (const org of orgs) items.push({ province: code, org, fund });
    }
    return { code, funds, items, decompose };
  });
}

// --- talking to the system --------------------------------------------------------------------------------------

interface Res {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: responses are JSON that each step reads
  body: any;
}

/**
 * The local seed staffs every organisation down to the prefectures; a county-level performance unit (城乡居民养老,
 * URPI) has nobody. Its province's directory administrator adds its agency, finance and tax people through the
 * directory API, as a province would from its staff list; their mail goes to `<department>.<org>@…` like the seed's,
 * and the simulation signs in as them by the id the directory gave (`Client.ids`).
 */
async function staffCounties(api: Client, items: { org: string }[]) {
  // the seed's regions are a province's direct children; a unit below them (a county, a district) is not seeded
  const seeded = (o: string) => getOrg(o).tier !== 'region' || getOrg(getOrg(o).parent ?? '').tier !== 'region';
  const counties = [...new Set(items.map((i) => i.org))].filter((o) => !seeded(o));
  for (const org of counties) {
    const province = provinceOf(org)?.code as string;
    for (const department of ['hrss-agency', 'finance', 'tax'] as const) {
      const readable = `${department}.${org}`;
      const res = await api.call('POST', '/api/directory/people', `finance.${province}`, {
        name: `县级${department === 'finance' ? '财政' : department === 'tax' ? '税务' : '经办'}人员`,
        email: `${readable}@${MAIL_DOMAIN}`,
        orgCode: org,
        department,
        functions: ['drafter', 'reviewer', 'signer', 'lead'],
      });
      if (res.status !== 201) throw new Error(`staffing ${readable}: ${res.status} ${JSON.stringify(res.body)}`);
      api.ids.set(readable, res.body.id as string);
    }
  }
  return counties.length * 3;
}

/** A connection the server closed as the request went out: it read nothing of it (Node's and undici's codes). */
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * `fetch`, sent again (up to twice) when the connection was reset under it. A kept-alive socket that the server
 * closes for idleness just as the client reuses it resets the request unread — the race of HTTP keep-alive, which a
 * national run met after an hour (the simulated users and the server share one busy event loop, so the client's
 * idle timer can fire late). A browser sends such a request again too. Anything else is thrown as it came.
 */
export async function fetchAgainOnReset(url: string, init: RequestInit, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      if (attempt >= attempts || !code || !RESET.has(code)) throw e;
    }
  }
}

class Client {
  private readonly tokens = new Map<string, Promise<string>>();
  /** the directory id of a person the simulation added (`<department>.<org>` → its opaque id) */
  readonly ids = new Map<string, string>();
  constructor(readonly url: string) {}

  private token(user: string, fresh = false): Promise<string> {
    let t = fresh ? undefined : this.tokens.get(user);
    if (!t) {
      t = this.raw('POST', '/local/token', { body: { userId: this.ids.get(user) ?? user } }).then((r) => {
        if (r.status !== 200) throw new Error(`no token for ${user}: ${JSON.stringify(r.body)}`);
        return r.body.token as string;
      });
      this.tokens.set(user, t);
    }
    return t;
  }

  private async raw(method: string, p: string, opts: { body?: unknown; token?: string } = {}): Promise<Res> {
    const res = await fetchAgainOnReset(`${this.url}${p}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: res.status, body };
  }

  async call(method: string, p: string, as?: string, body?: unknown): Promise<Res> {
    const res = await this.raw(method, p, { body, ...(as ? { token: await this.token(as) } : {}) });
    // tokens live an hour of real time; a national run may outlive one
    if (res.status === 401 && as) return this.raw(method, p, { body, token: await this.token(as, true) });
    return res;
  }

  /** A call that must succeed: anything else stops the simulation with the API's answer. */
  async ok(method: string, p: string, as?: string, body?: unknown, expect = [200, 201, 202]): Promise<Res> {
    const res = await this.call(method, p, as, body);
    if (!expect.includes(res.status))
      throw new Error(`${method} ${p} as ${as}: ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
    return res;
  }
}

interface TaskView {
  id: string;
  status: string;
  step: string;
  subject: { kind: string; org: string; fund?: string; year: number };
}

/**
 * Each person's mailbox, read as they would: new mail since last look (`GET /local/mail?to=&from=<seen>`), each task
 * link opened (`GET /api/tasks/{id}`, which changes nothing) to see what it asks for.
 */
class Mailboxes {
  private readonly seen = new Map<string, number>();
  private readonly known = new Set<string>();
  private readonly open = new Map<string, TaskView[]>();
  private readonly again = new Map<string, string[]>();
  constructor(
    private readonly api: Client,
    private readonly settle: () => Promise<void>,
  ) {}

  private readonly reading = new Map<string, Promise<void>>();

  /** One reader per mailbox at a time: a second worker for the same person waits for the first one's look. */
  private refresh(user: string): Promise<void> {
    const next = (this.reading.get(user) ?? Promise.resolve()).then(() => this.read(user));
    this.reading.set(
      user,
      next.catch(() => undefined),
    );
    return next;
  }

  private async read(user: string) {
    const from = this.seen.get(user) ?? 0;
    const mail = (
      await this.api.ok('GET', `/local/mail?to=${encodeURIComponent(`${user}@sifpm.example.cn`)}&from=${from}`)
    ).body as { links: string[] }[];
    this.seen.set(user, from + mail.length);
    const fresh = mail
      .flatMap((m) => m.links.filter((l) => l.includes('/tasks/')).map((l) => l.split('/tasks/')[1] as string))
      .filter((id) => !this.known.has(id));
    for (const id of fresh) this.known.add(id);
    // links that answered a server error last time are opened again: that was no answer about the task
    const ids = [...(this.again.get(user) ?? []), ...fresh];
    this.again.delete(user);
    const views = await Promise.all(ids.map((id) => this.api.call('GET', `/api/tasks/${id}`, user)));
    const list = this.open.get(user) ?? [];
    views.forEach((v, i) => {
      const id = ids[i] as string;
      if (v.status === 200 && v.body.status === 'open') list.push({ id, ...v.body });
      if (v.status >= 500) this.again.set(user, [...(this.again.get(user) ?? []), id]);
      if (v.status !== 200 && process.env.SIFPM_SIM_DEBUG)
        process.stderr.write(`  task ${ids[i]} for ${user}: ${v.status} ${JSON.stringify(v.body).slice(0, 300)}\n`);
    });
    this.open.set(user, list);
  }

  /** The newest open task of `user` that `match`es (reading new mail, and waiting for the workflows, if none yet). */
  async take(user: string, match: (t: TaskView) => boolean): Promise<TaskView | undefined> {
    for (let attempt = 0; attempt < 6; attempt++) {
      await this.refresh(user);
      const list = this.open.get(user) ?? [];
      const index = list.findLastIndex(match);
      if (index >= 0) return list.splice(index, 1)[0];
      await this.settle();
    }
    return undefined;
  }

  seenOf(user: string) {
    return this.seen.get(user);
  }

  /** What is still open in `user`'s mailbox (for error messages). */
  pending(user: string): string {
    return (this.open.get(user) ?? [])
      .map((t) => `${t.subject.kind}/${t.step}/${t.subject.org}/${t.subject.fund}`)
      .join(', ');
  }

  /** Decide the newest open task of `user` that `match`es; follows a fresh link when an old one was superseded. */
  async decide(
    user: string,
    match: (t: TaskView) => boolean,
    decision: string | ((t: TaskView) => string),
    extra: { comment?: string; data?: Record<string, unknown>; optional?: boolean } = {},
  ): Promise<TaskView | undefined> {
    const { optional, ...body } = extra;
    for (let attempt = 0; attempt < 4; attempt++) {
      const task = await this.take(user, match);
      if (!task) break;
      const chosen = typeof decision === 'string' ? decision : decision(task);
      const res = await this.api.call('POST', `/api/tasks/${task.id}/decision`, user, { decision: chosen, ...body });
      if (res.status === 200) {
        await this.settle();
        return task;
      }
      if (![409, 410].includes(res.status))
        throw new Error(`${chosen} ${task.subject.kind}/${task.step} by ${user}: ${JSON.stringify(res.body)}`);
    }
    if (optional) return undefined;
    throw new Error(`no open task for ${user} (${match.toString().slice(0, 160)}); open: ${this.pending(user)}`);
  }
}

const about = (kind: string, step: string, org: string, fund?: string) => (t: TaskView) =>
  t.subject.kind === kind &&
  t.step === step &&
  t.subject.org === org &&
  (fund === undefined || t.subject.fund === fund);

// --- progress -----------------------------------------------------------------------------------------------------

/** A progress bar on stderr (cli-progress: redrawn in a terminal, a line every few seconds in a log); none when quiet. */
class Progress {
  /** every bar still drawing: the run stops them all at its end, whatever a stage ticked */
  static readonly open = new Set<SingleBar>();
  static stopAll() {
    for (const bar of Progress.open) bar.stop();
    Progress.open.clear();
  }
  private readonly bar: SingleBar | undefined;
  private done = 0;
  constructor(
    label: string,
    private readonly total: number,
    quiet: boolean,
  ) {
    if (quiet) return;
    this.bar = new SingleBar(
      {
        format: `${label.padEnd(34)} {bar} {value}/{total} {duration}s`,
        stream: process.stderr,
        noTTYOutput: true,
        notTTYSchedule: 5000,
        hideCursor: false,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0);
    if (total === 0) this.bar.stop();
    else Progress.open.add(this.bar);
  }
  tick(n = 1) {
    if (!this.bar || this.done >= this.total) return;
    this.done = Math.min(this.total, this.done + n);
    this.bar.update(this.done);
    if (this.done >= this.total) {
      this.bar.stop();
      Progress.open.delete(this.bar);
    }
  }
}

/** The running simulation's pause file (`--pause-file`), if any. */
let pauseFile: string | undefined;

/** Wait while the pause file exists (looked at once a second). */
export async function pausePoint(file = pauseFile): Promise<void> {
  while (file !== undefined && existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 1000));
}

/**
 * Runs `fn` over `items`, `n` at a time (p-limit), each after the pause point; on a failure nothing more is started
 * and the failure is thrown.
 */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>, progress?: Progress) {
  const limit = pLimit(Math.max(1, n));
  await Promise.all(
    items.map((item) =>
      limit(async () => {
        await pausePoint();
        try {
          await fn(item);
        } catch (e) {
          limit.clearQueue();
          throw e;
        }
        progress?.tick();
      }),
    ),
  );
}

// --- the cycle ------------------------------------------------------------------------------------------------------

/** yyyy-mm-dd hh:mm in Asia/Shanghai → epoch ms */
const shanghai = (y: number, m: number, d: number, h = 10) => Date.UTC(y, m - 1, d, h - 8);
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export interface ProvinceSummary {
  province: string;
  name: string;
  items: number;
  submitted: number;
  completeness: number;
  onTimeRate: number;
  meanScore: number | null;
  grades: Record<string, number>;
  monitoring: { submissions: number; late: number; missed: number };
  findings: { opened: number; closed: number; open: number };
  targets: { late: number; returned: number };
  assessment: string | null;
}

export interface SimulationResult {
  year: number;
  scale: Scale;
  seed: number;
  outDir: string;
  wallMs: number;
  phases: { phase: string; ms: number }[];
  totals: Record<string, number>;
  provinces: ProvinceSummary[];
  metrics: ReturnType<LocalDefault['metrics']>;
}

export interface SimulationHooks {
  /** Runs on the finished system before it is closed (the benchmark measures reads and histories here). */
  beforeClose?: (local: LocalDefault, result: SimulationResult) => Promise<void>;
}

export async function runSimulation(input: SimulateOptions, hooks: SimulationHooks = {}): Promise<SimulationResult> {
  const opts = SimulateOptions.parse(input);
  const { year, seed, concurrency: N, quiet } = opts;
  pauseFile = opts.pauseFile;
  if (!process.env.SIFPM_LOG_LEVEL) logger.setLogLevel('WARN'); // the handlers' INFO lines would bury the progress
  const outDir = path.resolve(opts.out ?? path.join('.sifpm', 'simulations', `${year}-${opts.scale}-seed${seed}`));
  mkdirSync(path.join(outDir, 'documents'), { recursive: true });
  const plan = planFor(opts.scale, year);
  const items = plan.flatMap((p) => p.items);
  const rng = (key: string) => rngFor(seed, key);
  const log = (s: string) => {
    if (!quiet) process.stderr.write(`${s}\n`);
  };

  // the injected clock: set to an instant, running on from there (so retry intervals still elapse)
  let offset = shanghai(year - 1, 10, 15) - Date.now();
  const restoreClock = setClock(() => Date.now() + offset);
  const local = await startLocalDefault();
  const api = new Client(local.url);
  const settle = async () => {
    await local.s3Front.idle();
    await local.stepFunctions.idle();
  };
  const boxes = new Mailboxes(api, settle);
  const moveTo = async (at: number, { timers = false, tick = false } = {}) => {
    const t0 = performance.now();
    offset = at - Date.now();
    if (tick) await local.scheduler.check();
    if (timers) await local.stepFunctions.checkTimers();
    await settle();
    if (process.env.SIFPM_SIM_DEBUG) {
      const fired = Object.entries(local.metrics().lambda).map(([id, c]) => `${id}=${c.invocations}`);
      log(
        `  clock → ${new Date(at).toISOString()} settled in ${(performance.now() - t0).toFixed(0)} ms; ${fired.join(' ')}`,
      );
    }
  };
  /** Diagnostics only: why a scheduled tick failed (read from the local Step Functions endpoint). */
  const failedTicks = async () => {
    const { SFNClient, ListExecutionsCommand, DescribeExecutionCommand } = await import('@aws-sdk/client-sfn');
    const sfn = new SFNClient({ endpoint: local.endpoints.stepfunctions, region: 'cn-north-1' });
    const failed = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: `${process.env.SIFPM_STATE_MACHINE_PREFIX}monitoring-tick`,
        statusFilter: 'FAILED',
      }),
    );
    for (const e of (failed.executions ?? []).slice(-3)) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: e.executionArn }));
      log(`  monitoring tick ${e.name} failed: ${d.error} ${String(d.cause).slice(0, 400)}`);
    }
    sfn.destroy();
  };
  const phases: { phase: string; ms: number }[] = [];
  const started = performance.now();
  let phaseStart = started;
  const endPhase = (phase: string) => {
    const t = performance.now();
    phases.push({ phase, ms: Math.round(t - phaseStart) });
    phaseStart = t;
  };
  const totals: Record<string, number> = {};
  const count = (k: string, n = 1) => {
    totals[k] = (totals[k] ?? 0) + n;
  };
  const perProvince = new Map(
    plan.map((p) => [
      p.code,
      {
        targetsLate: 0,
        targetsReturned: 0,
        monSubmissions: 0,
        monLate: 0,
        monMissed: 0,
        assessment: null as string | null,
      },
    ]),
  );
  const prov = (code: string) => perProvince.get(code) as NonNullable<ReturnType<typeof perProvince.get>>;

  const saveDoc = (name: string, bytes: Buffer) => {
    if (opts.documents) writeFileSync(path.join(outDir, 'documents', name), bytes);
  };
  const upload = async (as: string, org: string, fund: string, kind: string, type: string, bytes: Buffer) => {
    const slot = await api.ok(
      'POST',
      `/api/cycles/${year}/evaluations/${org}/${fund}/uploads`,
      as,
      { kind, type },
      [201],
    );
    const form = new FormData();
    for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)]), `${kind}.${type}`);
    const res = await fetch(slot.body.url, { method: 'POST', body: form });
    if (res.status >= 300) throw new Error(`upload ${org}/${fund}/${kind}: ${res.status} ${await res.text()}`);
    count('uploads');
    await settle();
  };

  try {
    // ——— 1. kickoff ————————————————————————————————————————————————————————————————————————————————————————
    log(
      `启动 ${year} 年度周期 · kicking off ${year} (${opts.scale}: ${plan.length} 个省级单位 units, ${items.length} 项 items)`,
    );
    // A small or province-scale cycle leaves most units' target tasks waiting: with the usual deadline (20 December)
    // each would be reminded at every clock move through the compressed year (≈ 660 step invocations a move). Those
    // scales set the latest deadline the kickoff accepts instead — the day before the self-evaluations are due — and
    // only the national scale has late provinces.
    const staffed = await staffCounties(api, items);
    if (staffed) count('county staff added through the directory', staffed);
    const national = opts.scale === 'national';
    const targetsDue = national ? `${year - 1}-12-20` : `${year + 1}-05-30`;
    await api.ok('POST', '/api/cycles', CENTRAL_FINANCE, { year, targetsDue });
    await settle();
    const months = opts.scale === 'small' ? [3, 6, 9, 12] : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    if (opts.scale === 'small') {
      await api.ok('PUT', `/api/cycles/${year}/monitoring/config`, CENTRAL_FINANCE, { frequency: 'quarterly' });
    }
    endPhase('kickoff');

    // ——— 2. targets (第二章) ——————————————————————————————————————————————————————————————————————————————
    const chains = plan.flatMap((p) => p.funds.map((fund) => ({ province: p.code, fund })));
    const late = new Set(chains.filter((c) => national && rng(`target-late:${c.province}:${c.fund}`).chance(0.15)));
    const walk = async ({ province, fund }: { province: string; fund: string }) => {
      const r = rng(`target:${province}:${fund}`);
      const agency = agencyOf(province, fund);
      await api.ok('PUT', `/api/cycles/${year}/targets/${province}/${fund}/draft`, agency, {
        goals: ['保费应收尽收，待遇按时足额发放 / collect in full, pay on time'],
        indicators: guidingIndicators(fund),
      });
      // a small cycle still shows each path once: central returns the first province's first fund
      const centralReturns = r.chance(0.15) || (!national && province === plan[0]?.code && fund === plan[0]?.funds[0]);
      for (let round = 0; round < (centralReturns ? 2 : 1); round++) {
        await boxes.decide(agency, about('target', 'draft', province, fund), 'submit');
        await boxes.decide(adminOf(province, fund), about('target', 'preliminary-review', province, fund), 'approve');
        await boxes.decide(financeOf(province), about('target', 'finance-review', province, fund), 'approve');
        if (round === 0 && centralReturns) {
          await boxes.decide(CENTRAL_FINANCE, about('target', 'central-review', province, fund), 'return', {
            comment: '征缴率目标偏低，请提高 / collection target too low',
          });
          prov(province).targetsReturned++;
          count('targets returned by central');
        } else {
          await boxes.decide(CENTRAL_FINANCE, about('target', 'central-review', province, fund), 'approve');
        }
      }
    };
    let progress = new Progress('目标审核 targets (on time)', chains.length - late.size, quiet);
    await moveTo(shanghai(year - 1, 11, 20));
    await pool(
      chains.filter((c) => !late.has(c)),
      N,
      walk,
      progress,
    );
    // the drafting deadline passes (targets due − 10 days): the late ones are recorded, escalated, re-linked
    if (national) await moveTo(shanghai(year - 1, 12, 11), { timers: true });
    progress = new Progress('目标审核 targets (late)', late.size, quiet);
    await pool([...late], N, walk, progress);
    for (const c of late) prov(c.province).targetsLate++;
    count('targets late', late.size);
    // the API takes 64 KB a request: a province with 180 counties decomposes in batches of 20 regions (upserts)
    const decompositions = plan.flatMap((p) =>
      Object.entries(p.decompose).flatMap(([fund, all]) =>
        Array.from({ length: Math.ceil(all.length / 20) }, (_, i) => ({
          p,
          fund,
          regions: all.slice(i * 20, i * 20 + 20),
        })),
      ),
    );
    progress = new Progress('目标分解 decomposition', decompositions.length, quiet);
    await pool(
      decompositions,
      N,
      async ({ p, fund, regions }) => {
        await api.ok('PUT', `/api/cycles/${year}/targets/${p.code}/${fund}/regions`, financeOf(p.code), {
          regions: regions.map((org) => ({ org, indicators: guidingIndicators(fund) })),
        });
      },
      progress,
    );
    await settle();
    count('targets issued', chains.length);
    endPhase('targets');

    // ——— 3. monitoring (第三章): 12 monthly periods ——————————————————————————————————————————————————————————
    const behaviour = new Map<string, MonitoringBehaviour & { r: Rng }>();
    // issue 18: a few funds planted at risk (every 15th item, the first among them) and a few tax figures planted off
    // (every 12th, from the fourth); the others hold a reserve of 4 to 10 months above their fund's warning line
    const planted = { atRisk: new Set<string>(), taxOff: new Set<string>() };
    items.forEach((it, i) => {
      const r = rng(`monitor:${it.org}:${it.fund}`);
      const key = `${it.org}:${it.fund}`;
      const atRisk = i % 15 === 0;
      const taxOff = i % 12 === 3;
      if (atRisk) planted.atRisk.add(key);
      if (taxOff) planted.taxOff.add(key);
      const reserve = atRisk ? 1 : thresholdsOf(it.fund).minor + r.between(4, 10);
      behaviour.set(key, {
        size: Math.round(r.between(5e7, 5e9)),
        pace: r.between(0.98, 1.03),
        reserve,
        atRisk,
        taxOff,
        r,
      });
    });
    /** the correction notices opened so far, one per item × period (整改通知: all of a period's findings in one) */
    const corrections = new Map<string, Item>();
    const noticed = (it: Item, asOf: string) => corrections.set(`${it.org}:${it.fund}:${asOf}`, it);
    const submit = async (it: Item, month: number, asOf: string) => {
      const b = behaviour.get(`${it.org}:${it.fund}`) as MonitoringBehaviour & { r: Rng };
      const off = b.r.chance(0.08);
      const body = monitoringSubmission(it.fund, guidingIndicators(it.fund), b, month, off, b.r);
      const res = await api.call(
        'PUT',
        `/api/cycles/${year}/monitoring/${it.org}/${it.fund}/periods/${asOf}`,
        agencyOf(it.org, it.fund),
        body,
      );
      if (res.status === 409 && ['PERIOD_NOT_OPEN', 'NOT_MONITORED'].includes(res.body?.error?.code)) {
        // the day's tick did not open it, or not even its monitor (a failed tick execution): the next day's tick
        // catches up
        notOpen.push(it);
        return;
      }
      if (res.status !== 200)
        throw new Error(`monitoring ${it.org}/${it.fund}/${asOf}: ${res.status} ${JSON.stringify(res.body)}`);
      prov(it.province).monSubmissions++;
      count('monitoring submissions');
      if (month % 3 === 0) {
        // the tax department reports what it collected each quarter (第五条); a planted one is 4 % off
        const collected = Number(body.actual.contributionIncome) * (b.taxOff ? 1.04 : 1);
        await api.ok('PUT', `/api/cycles/${year}/monitoring/${it.org}/${it.fund}/tax/${asOf}`, `tax.${it.org}`, {
          contributions: collected.toFixed(2),
        });
        count('tax collections reported');
      }
      const correcting = (res.body.findings as { status: string }[]).filter((f) => f.status === 'correcting').length;
      if (correcting > 0) noticed(it, asOf);
      await settle();
    };
    /** The region answers an open correction notice with evidence; its finance closes it, or returns it once. */
    const correctionCalls = new Map<string, number>(); // per unit: its notices are answered one after another
    const correct = async (it: Item) => {
      const unit = `${it.org}:${it.fund}`;
      const n = correctionCalls.get(unit) ?? 0;
      correctionCalls.set(unit, n + 1);
      const r = rng(`correct:${unit}:${n}`);
      if (r.chance(0.05)) return; // left open: still open at year end, overdue
      const agency = agencyOf(it.org, it.fund);
      const task = await boxes.decide(agency, about('correction', 'respond', it.org, it.fund), 'submit', {
        comment:
          '已整改：补报数据并加快支出进度，附凭证 / corrected: figures completed, spending caught up, vouchers attached',
        optional: true,
      });
      if (!task) {
        count('correction tasks not found');
        return;
      }
      count('corrections answered');
      const same = (t: TaskView) => about('correction', 'review', it.org, it.fund)(t);
      if (r.chance(0.1)) {
        await boxes.decide(financeOf(it.org), same, 'return', { comment: '佐证材料不足 / evidence insufficient' });
        await boxes.decide(agency, about('correction', 'respond', it.org, it.fund), 'submit', {
          comment: '补充银行回单 / bank slips added',
        });
      }
      await boxes.decide(financeOf(it.org), same, 'close');
      count('corrections closed');
    };
    let notOpen: Item[] = [];
    for (const month of months) {
      const asOf = `${year}-${String(month).padStart(2, '0')}-${lastDay(year, month)}`;
      const kinds = new Map(
        items.map((it) => {
          const r = rng(`period:${it.org}:${it.fund}:${month}`);
          const x = r.next();
          return [it, x < 0.05 ? 'missing' : x < 0.13 ? 'late' : 'on-time'] as const;
        }),
      );
      // the day after the as-of date: the daily tick has opened the period
      await moveTo(Date.parse(`${asOf}T09:00:00+08:00`) + 86_400_000, { tick: true });
      progress = new Progress(`监控 ${asOf} monitoring`, items.length, quiet);
      await pool(
        items.filter((it) => kinds.get(it) === 'on-time'),
        N,
        (it) => submit(it, month, asOf),
        progress,
      );
      if (notOpen.length > 0) {
        count('periods opened a day late (tick failed)', notOpen.length);
        await failedTicks();
        const retry = notOpen;
        notOpen = [];
        await moveTo(Date.parse(`${asOf}T09:00:00+08:00`) + 2 * 86_400_000, { tick: true });
        await pool(retry, N, (it) => submit(it, month, asOf));
        if (notOpen.length > 0)
          throw new Error(`periods still not open: ${notOpen.map((i) => `${i.org}/${i.fund}`).join(', ')}`);
      }
      // past due (10 days): the tick records the missing ones, reminds, and opens correction items
      await moveTo(Date.parse(`${asOf}T09:00:00+08:00`) + 11 * 86_400_000, { tick: true });
      for (const it of items) {
        if (kinds.get(it) === 'missing') {
          prov(it.province).monMissed++;
          count('monitoring periods missed');
          noticed(it, asOf);
        }
      }
      const lateOnes = items.filter((it) => kinds.get(it) === 'late');
      await pool(lateOnes, N, (it) => submit(it, month, asOf), progress);
      for (const it of lateOnes) {
        prov(it.province).monLate++;
        noticed(it, asOf); // recorded as missing at the due date: its notice stays open until answered
      }
      count('monitoring submissions late', lateOnes.length);
      progress.tick(items.length - items.filter((it) => kinds.get(it) !== 'missing').length);
      // the notices opened so far (each item's agency works through its own)
      const batch = [...corrections.values()];
      corrections.clear();
      const byUnit = new Map<string, Item[]>();
      for (const it of batch) byUnit.set(`${it.org}:${it.fund}`, [...(byUnit.get(`${it.org}:${it.fund}`) ?? []), it]);
      await pool([...byUnit.values()], N, async (list) => {
        for (const it of list) await correct(it);
      });
      count('correction notices', batch.length);
    }
    await moveTo(shanghai(year + 1, 1, 12), { tick: true, timers: true });
    endPhase('monitoring');

    // ——— 4. self-evaluation (第十八条: by 31 May) ——————————————————————————————————————————————————————————
    await moveTo(shanghai(year + 1, 1, 15));
    await api.ok('POST', `/api/cycles/${year}/evaluations/open`, CENTRAL_FINANCE);
    await settle();
    const evalKind = new Map(
      items.map((it) => {
        const r = rng(`selfeval:${it.org}:${it.fund}`);
        return [
          it,
          {
            late: r.chance(0.1) || (!national && it === items[1]),
            template: r.chance(0.3),
            misses: r.chance(0.3) ? 1 + Math.floor(r.next() * 2) : 0,
            explains: r.chance(0.5),
            reportType: r.chance(0.6) ? 'pdf' : 'docx',
            r,
          },
        ] as const;
      }),
    );
    const selfEvaluate = async (it: Item, revision = 0) => {
      const k = evalKind.get(it) as NonNullable<ReturnType<typeof evalKind.get>>;
      const agency = agencyOf(it.org, it.fund);
      const base = `${it.org}-${it.fund}${revision ? `-r${revision}` : ''}`;
      let actuals = selfEvaluationActuals(it.fund, k.r, k.misses, k.explains);
      const actualsPath = `/api/cycles/${year}/evaluations/${it.org}/${it.fund}/actuals`;
      // figures that differ from the year-end monitoring or the final accounts are refused until explained (R18.3):
      // the region explains them and sends the figures again
      const explainRefused = async (ids: string[]) => {
        count('self-evaluation figures differing from the records, explained', ids.length);
        actuals = explainDifferences(actuals, ids);
        await api.ok('PUT', actualsPath, agency, { actuals });
      };
      if (k.template) {
        const xlsx = await filledTemplate(year, it.org, it.fund, actuals);
        saveDoc(`${base}-self-evaluation.xlsx`, xlsx);
        await upload(agency, it.org, it.fund, 'template', 'xlsx', xlsx);
        const seen = await api.ok('GET', `/api/cycles/${year}/evaluations?org=${it.org}`, agency);
        const held = (seen.body as { fund: string; discrepancies: { id: string; explained: boolean }[] }[])
          .find((x) => x.fund === it.fund)
          ?.discrepancies.filter((d) => !d.explained)
          .map((d) => d.id);
        if (held?.length) await explainRefused(held);
      } else {
        const res = await api.call('PUT', actualsPath, agency, { actuals });
        const refused = (
          (res.body as { error?: { details?: { issues?: { path: string; code: string }[] } } }).error?.details
            ?.issues ?? []
        )
          .filter((i) => i.code === 'DISCREPANCY_UNEXPLAINED')
          .map((i) => actuals[Number(i.path.split('.')[1])]?.id ?? '');
        if (res.status === 422 && refused.length) await explainRefused(refused);
        else if (res.status !== 200) throw new Error(`PUT ${actualsPath}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      const title = `${getOrg(it.org).name.zh} ${year} 年度${getFund(it.fund).name.zh}绩效自评报告`;
      const lines = [
        `${year} performance self-evaluation report`,
        `region ${it.org}  fund ${it.fund}`,
        ...actuals.slice(0, 20).map((a) => `${a.id}: ${a.actual}`),
      ];
      const report = k.reportType === 'pdf' ? pdfReport(title, lines) : docxReport([title, ...lines]);
      saveDoc(`${base}-self-evaluation.${k.reportType}`, report);
      await upload(agency, it.org, it.fund, 'self-evaluation', k.reportType, report);
      // a missed target without cause and measure comes back (R18.3): explain it and send the figures again
      const view = await api.ok('GET', `/api/cycles/${year}/evaluations?org=${it.org}`, financeOf(it.org));
      const e = (view.body as { fund: string; status: string; missingExplanations: string[] }[]).find(
        (x) => x.fund === it.fund,
      );
      if (e?.status === 'awaiting-report' && e.missingExplanations.length > 0) {
        count('self-evaluations returned for explanations');
        actuals = explain(actuals, e.missingExplanations);
        await api.ok('PUT', `/api/cycles/${year}/evaluations/${it.org}/${it.fund}/actuals`, agency, { actuals });
        await settle();
      }
      try {
        await boxes.decide(financeOf(it.org), about('self-evaluation', 'sign-off', it.org, it.fund), 'approve');
      } catch (err) {
        const now = await api.call('GET', `/api/cycles/${year}/evaluations?org=${it.org}`, financeOf(it.org));
        const e2 = (now.body as { fund: string }[]).find((x) => x.fund === it.fund) as Record<string, unknown>;
        throw new Error(
          `${(err as Error).message}; evaluation ${it.org}/${it.fund}: ${JSON.stringify({ ...e2, scoreCard: undefined })}`,
        );
      }
      count('self-evaluations submitted');
    };
    /** The province's finance works through the review tasks in its mailbox, in whatever order they come. */
    const reviewProvince = async (p: ProvincePlan, progress: Progress) => {
      const reviewer = financeOf(p.code);
      const key = (org: string, fund?: string) => `${org}:${fund}`;
      const pending = new Map(p.items.map((it) => [key(it.org, it.fund), it]));
      const returned = new Set<string>();
      while (pending.size > 0) {
        const task = await boxes.take(
          reviewer,
          (t) =>
            t.subject.kind === 'provincial-review' &&
            t.step === 'review' &&
            pending.has(key(t.subject.org, t.subject.fund)),
        );
        if (!task) {
          const evals = await api.call('GET', `/api/cycles/${year}/evaluations?org=${p.code}`, reviewer);
          const mail = await api.call('GET', `/local/mail?to=${reviewer}@sifpm.example.cn`);
          throw new Error(
            `no review task for ${reviewer} (open: ${boxes.pending(reviewer)}); waiting for ${[...pending.keys()].join(', ')}; items ${JSON.stringify(
              (evals.body as { org: string; fund: string; status: string }[]).map(
                (e) => `${e.org}/${e.fund}/${e.status}`,
              ),
            )}; last mail ${JSON.stringify((mail.body as { subject: string }[]).slice(-3).map((m) => [m.subject, (m as unknown as { links: string[] }).links]))}; seen ${boxes.seenOf(reviewer)} of ${(mail.body as unknown[]).length}`,
          );
        }
        const k = key(task.subject.org, task.subject.fund);
        const it = pending.get(k) as Item;
        const r = rng(`review:${k}`);
        const send = async (decision: string, extra: Record<string, unknown>) => {
          const res = await api.call('POST', `/api/tasks/${task.id}/decision`, reviewer, { decision, ...extra });
          if (![200, 409, 410].includes(res.status))
            throw new Error(`${decision} review ${k} by ${reviewer}: ${res.status} ${JSON.stringify(res.body)}`);
          return res;
        };
        const forced = !national && it === items.find((x) => x.province === p.code && x.org !== x.province);
        if (!returned.has(k) && it.org !== it.province && (r.chance(0.05) || forced)) {
          const res = await send('return', { comment: '数据口径不一致，请核实 / figures inconsistent, please check' });
          await settle();
          if (res.status !== 200) continue; // a superseded link: the fresh one is in the mailbox
          returned.add(k);
          count('self-evaluations returned by province');
          await selfEvaluate(it, 1);
          continue;
        }
        const adjusted = r.chance(0.1);
        const res = await send('confirm', {
          data: {
            ...(adjusted ? { score: r.between(70, 92).toFixed(1) } : {}),
            recommendations: [r.pick(['保持 / keep it up', '按时报送 / submit on time', '加强征缴 / collect more'])],
          },
        });
        await settle();
        if (res.status !== 200) continue;
        pending.delete(k);
        count('reviews confirmed');
        progress.tick();
      }
    };
    await moveTo(shanghai(year + 1, 4, 20));
    const onTime = items.filter((it) => !evalKind.get(it)?.late);
    progress = new Progress('自评 self-evaluation (on time)', onTime.length, quiet);
    await pool(onTime, N, (it) => selfEvaluate(it), progress);
    endPhase('self-evaluation (on time)');
    // a province whose regions are all in reviews them at once (a review link is valid for 14 days)
    const complete = plan.filter((p) => p.items.every((it) => !evalKind.get(it)?.late));
    await moveTo(shanghai(year + 1, 4, 24));
    // a bar only for what this stage reviews (an unfinished bar would keep the process alive after the summary)
    let reviews = new Progress('省级评价 provincial reviews', complete.flatMap((p) => p.items).length, quiet);
    await pool(complete, N, (p) => reviewProvince(p, reviews));
    await moveTo(shanghai(year + 1, 6, 1), { timers: true });
    const lateEvals = items.filter((it) => evalKind.get(it)?.late);
    progress = new Progress('自评 self-evaluation (late)', lateEvals.length, quiet);
    await pool(lateEvals, N, (it) => selfEvaluate(it), progress);
    count('self-evaluations late', lateEvals.length);
    reviews = new Progress(
      '省级评价 provincial reviews (rest)',
      items.length - complete.flatMap((p) => p.items).length,
      quiet,
    );
    await pool(
      plan.filter((p) => !complete.includes(p)),
      N,
      (p) => reviewProvince(p, reviews),
    );
    endPhase('self-evaluation (late) and provincial reviews');

    // ——— 5. provincial evaluation (第十九条: by 31 July) ——————————————————————————————————————————————————————
    const provinceLate = new Set(plan.filter((p) => rng(`provincial-late:${p.code}`).chance(0.1)).map((p) => p.code));
    const report = async (p: ProvincePlan) => {
      const finance = financeOf(p.code);
      const name = getOrg(p.code).name.zh;
      const bytes = docxReport([`${name} ${year} 年度社会保险基金预算绩效评价报告`, `Items: ${p.items.length}`]);
      saveDoc(`${p.code}-provincial-report.docx`, bytes);
      await upload(finance, p.code, 'ALL', 'provincial-report', 'docx', bytes);
      await boxes.decide(finance, (t) => t.step === 'approval' && t.subject.org === p.code, 'approve');
      count('provincial reports');
    };
    await moveTo(shanghai(year + 1, 7, 20));
    progress = new Progress('省级报告 provincial reports', plan.length, quiet);
    await pool(
      plan.filter((p) => !provinceLate.has(p.code)),
      N,
      report,
      progress,
    );
    await moveTo(shanghai(year + 1, 8, 3), { timers: true });
    await pool(
      plan.filter((p) => provinceLate.has(p.code)),
      N,
      report,
      progress,
    );
    count('provincial reports late', provinceLate.size);
    endPhase('provincial evaluation');

    // ——— 6. central review (第二十二条), rectification, publication (第二十一条) ——————————————————————————————
    await moveTo(shanghai(year + 1, 9, 1));
    const scheme = {
      weights: { timeliness: 25, completeness: 25, quality: 40, rectification: 10 },
      praiseAtLeast: 92,
      interviewBelow: 80,
      rectificationDays: 60,
    };
    await api.ok('POST', `/api/cycles/${year}/central-review`, CENTRAL_FINANCE, { scheme });
    await settle();
    progress = new Progress('中央考核 central assessment', plan.length, quiet);
    await pool(
      plan,
      N,
      async (p) => {
        const r = rng(`assess:${p.code}`);
        await boxes.decide(CENTRAL_FINANCE, about('assessment', 'assess', p.code), 'confirm', {
          data: { quality: !national && p === plan[0] ? 30 : Math.round(r.between(45, 100)) },
        });
      },
      progress,
    );
    const assessments = (await api.ok('GET', `/api/cycles/${year}/assessments`, CENTRAL_FINANCE)).body as {
      org: string;
      outcome: string;
      rectification?: { status: string };
    }[];
    const ordered = assessments.filter((a) => a.rectification?.status === 'ordered');
    await moveTo(shanghai(year + 1, 10, 10));
    progress = new Progress('整改 rectification', ordered.length, quiet);
    await pool(
      ordered,
      N,
      async (a) => {
        const finance = financeOf(a.org);
        const evidence = pdfReport(`${getOrg(a.org).name.zh} 整改报告`, [`Rectification report ${a.org} ${year}`]);
        saveDoc(`${a.org}-rectification.pdf`, evidence);
        await upload(finance, a.org, 'ALL', 'rectification', 'pdf', evidence);
        await boxes.decide(finance, about('rectification', 'rectify', a.org), 'submit');
        await boxes.decide(CENTRAL_FINANCE, (t) => t.step === 'verify' && t.subject.org === a.org, 'close', {
          comment: '整改到位 / rectified',
        });
        count('rectifications closed');
      },
      progress,
    );
    const published = await api.ok('POST', `/api/cycles/${year}/publication`, CENTRAL_FINANCE, undefined, [201]);
    writeFileSync(path.join(outDir, 'publication.json'), JSON.stringify(published.body, null, 2));
    endPhase('central review');

    // ——— 7. summary, read back through the API ——————————————————————————————————————————————————————————————
    const final = (await api.ok('GET', `/api/cycles/${year}/assessments`, CENTRAL_FINANCE)).body as {
      org: string;
      outcome: string;
    }[];
    for (const a of final) if (perProvince.has(a.org)) prov(a.org).assessment = a.outcome;
    const provinces: ProvinceSummary[] = [];
    const caught = { atRisk: new Set<string>(), taxOff: new Set<string>() };
    for (const p of plan) {
      const evals = (await api.ok('GET', `/api/cycles/${year}/evaluations?org=${p.code}`, financeOf(p.code))).body as {
        org: string;
        fund: string;
        status: string;
        late: boolean;
        score: string | null;
        grade: string | null;
        review: { score?: string; grade?: string } | null;
      }[];
      const mine = evals.filter((e) => p.items.some((it) => it.org === e.org && it.fund === e.fund));
      const done = mine.filter((e) => e.status === 'submitted' || e.status === 'reviewed');
      const scores = done.map((e) => Number(e.review?.score ?? e.score)).filter((s) => Number.isFinite(s));
      const grades: Record<string, number> = {};
      for (const e of done) {
        const g = e.review?.grade ?? e.grade ?? '-';
        grades[g] = (grades[g] ?? 0) + 1;
      }
      let opened = 0;
      let closed = 0;
      for (const org of new Set(p.items.map((it) => it.org))) {
        const view = await api.ok('GET', `/api/cycles/${year}/monitoring?org=${org}`, financeOf(p.code));
        for (const f of view.body.funds as {
          fund: string;
          findings: { code: string; status: string; correction?: unknown }[];
        }[]) {
          for (const x of f.findings) {
            if (x.code === 'reserve-risk') caught.atRisk.add(`${org}:${f.fund}`);
            if (x.code === 'tax-mismatch') caught.taxOff.add(`${org}:${f.fund}`);
          }
          for (const x of f.findings) {
            if (!x.correction) continue;
            opened++;
            if (x.status === 'closed' || x.status === 'resolved') closed++;
          }
        }
      }
      const c = prov(p.code);
      provinces.push({
        province: p.code,
        name: getOrg(p.code).name.zh,
        items: p.items.length,
        submitted: done.length,
        completeness: p.items.length ? done.length / p.items.length : 1,
        onTimeRate: done.length ? done.filter((e) => !e.late).length / done.length : 0,
        meanScore: scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null,
        grades,
        monitoring: { submissions: c.monSubmissions, late: c.monLate, missed: c.monMissed },
        findings: { opened, closed, open: opened - closed },
        targets: { late: c.targetsLate, returned: c.targetsReturned },
        assessment: c.assessment,
      });
    }
    // issue 18: how many of the planted risks and mismatches the checks caught, and how many others they raised
    const hit = (plantedSet: Set<string>, found: Set<string>) => [...plantedSet].filter((k) => found.has(k)).length;
    count('planted reserve risks', planted.atRisk.size);
    count('planted reserve risks warned', hit(planted.atRisk, caught.atRisk));
    count('reserve risks warned, not planted', caught.atRisk.size - hit(planted.atRisk, caught.atRisk));
    count('planted tax mismatches', planted.taxOff.size);
    count('planted tax mismatches found', hit(planted.taxOff, caught.taxOff));
    count('tax mismatches found, not planted', caught.taxOff.size - hit(planted.taxOff, caught.taxOff));
    endPhase('summary');
    const result: SimulationResult = {
      year,
      scale: opts.scale,
      seed,
      outDir,
      wallMs: Math.round(performance.now() - started),
      phases,
      totals,
      provinces,
      metrics: local.metrics(),
    };
    writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(result, null, 2));
    await hooks.beforeClose?.(local, result);
    return result;
  } finally {
    Progress.stopAll();
    await local.close();
    restoreClock();
    pauseFile = undefined;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The final table: per province, completeness, on-time rate, mean score, grades, findings. */
export function summaryTable(r: SimulationResult): string {
  const rows = r.provinces.map((p) => [
    p.province,
    p.name,
    `${p.submitted}/${p.items}`,
    pct(p.completeness),
    pct(p.onTimeRate),
    p.meanScore === null ? '-' : p.meanScore.toFixed(2),
    ['优', '良', '中', '差'].map((g) => `${g}${p.grades[g] ?? 0}`).join(' '),
    `${p.monitoring.late}/${p.monitoring.missed}`,
    `${p.findings.opened}/${p.findings.closed}`,
    p.assessment ?? '-',
  ]);
  return renderTable(
    [
      '代码 code',
      '省级单位 unit',
      '自评 done',
      '完整率 complete',
      '及时率 on time',
      '平均分 mean',
      '等级 grades',
      '监控迟报/缺报 late/missed',
      '整改 opened/closed',
      '考核 outcome',
    ],
    rows,
  );
}

/** Issue 18: the planted fund risks and tax mismatches, and how many the checks caught. */
export function caughtLine(r: SimulationResult): string {
  const n = (k: string) => r.totals[k] ?? 0;
  return (
    `风险预警 reserve warnings: ${n('planted reserve risks warned')}/${n('planted reserve risks')} planted caught, ` +
    `${n('reserve risks warned, not planted')} others; 税务核对 tax mismatches: ` +
    `${n('planted tax mismatches found')}/${n('planted tax mismatches')} planted caught, ` +
    `${n('tax mismatches found, not planted')} others`
  );
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('模拟一个完整年度周期（仅通过公开接口）· simulate one complete cycle through the public API')
    .requiredOption('--year <year>', '预算年度 budget year')
    .option('--scale <scale>', '规模 small | province | national', 'small')
    .option('--seed <n>', '随机种子 seed', '1')
    .option('--out <dir>', '输出目录 output folder (default .sifpm/simulations/<year>-<scale>-seed<n>)')
    .option('--concurrency <n>', '并发用户数 concurrent users', '8')
    .option('--no-documents', '不保存生成的文件 do not keep the generated documents')
    .option('--pause-file <path>', '该文件存在时模拟用户暂停 the simulated users pause while this file exists')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = SimulateOptions.safeParse(raw);
      if (!parsed.success) {
        throw new Error(
          `参数有误 / invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      }
      const r = await runSimulation(parsed.data);
      console.log(`\n${r.year} 年度模拟完成 · simulated cycle ${r.year} (${r.scale}, seed ${r.seed})\n`);
      console.log(summaryTable(r));
      console.log(caughtLine(r));
      console.log(
        `\n用时 wall time ${(r.wallMs / 1000).toFixed(1)} s · ${Object.entries(r.totals)
          .map(([k, v]) => `${k} ${v}`)
          .join(' · ')}`,
      );
      console.log(`输出 output: ${r.outDir} (summary.json, documents/)`);
    });
}
