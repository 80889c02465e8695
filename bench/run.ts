/**
 * `npm run bench`: figures, never assertions.
 *
 * 1. One simulated cycle (`BENCH_SCALE`, default national; `BENCH_SUMMARY=<summary.json>` reuses a finished run for
 *    the counts): wall time per phase and the operations per AWS service counted by the local default.
 * 2. Orchestration overhead of the self-evaluation pipeline: the executions' active wall time through the local Step
 *    Functions endpoint against the time of the same handlers, invoked in this process, inside them.
 * 3. API latency (p50/p95/p99) of the dashboard and list endpoints under 50 concurrent clients on loopback.
 * 4. Each Lambda bundle's size and module-initialisation time (esbuild as CDK bundles, fresh `import()` in a child).
 * 5. The AWS charges of the cycle at public list prices (`shared/platform/cost.ts`).
 * Beside them: DynamoDB reads per dashboard request (one request each, counted by the local default; the goal is the
 * same count at every scale) and the process's peak RSS. `BENCH_PAUSE_FILE=<path>`: the simulated users pause while
 * that file exists (`--pause-file`), so that other work can have the machine without freezing the run.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetExecutionHistoryCommand, type HistoryEvent, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { build } from 'esbuild';
import { z } from 'zod';
import { costTable, loadPrices } from '../cli/cost.ts';
import { runSimulation, type Scale, type SimulationResult, summaryTable } from '../cli/simulate.ts';
import { FUNCTIONS } from '../functions/manifest.ts';
import type { LocalDefault } from '../local/stack.ts';
import { estimateCost } from '../shared/platform/cost.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scale = (process.env.BENCH_SCALE ?? 'national') as Scale;
const year = 2025;
/** BENCH_EACH: requests per client in the latency rounds (20; fewer where one request takes seconds) */
const each = z
  .string()
  .regex(/^[1-9]\d*$/, 'BENCH_EACH: a whole number of requests per client, at least 1 / 每个客户端的请求数（正整数）')
  .default('20')
  .transform(Number)
  .parse(process.env.BENCH_EACH);
const out = (s = '') => process.stdout.write(`${s}\n`);

// --- 2. orchestration overhead ------------------------------------------------------------------------------------

async function orchestrationOverhead(local: LocalDefault) {
  const sfn = new SFNClient({ endpoint: local.endpoints.stepfunctions, region: 'cn-north-1' });
  const arn = `${process.env.SIFPM_STATE_MACHINE_PREFIX}self-evaluation`;
  const executions = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED', maxResults: 1000, nextToken }),
    );
    executions.push(...(page.executions ?? []));
    nextToken = page.nextToken;
  } while (nextToken && executions.length < 400);
  let active = 0;
  let handlers = 0;
  for (const e of executions.slice(0, 400)) {
    const events: HistoryEvent[] = [];
    let token: string | undefined;
    do {
      const page = await sfn.send(
        new GetExecutionHistoryCommand({ executionArn: e.executionArn, maxResults: 1000, nextToken: token }),
      );
      events.push(...(page.events ?? []));
      token = page.nextToken;
    } while (token);
    const t = (ev: HistoryEvent) => (ev.timestamp as Date).getTime();
    const first = events[0];
    const last = events.at(-1);
    if (!first || !last) continue;
    let waiting = 0;
    let started: number | undefined;
    let submitted: number | undefined;
    for (const ev of events) {
      if (ev.type === 'TaskStarted') started = t(ev);
      else if (ev.type === 'TaskSubmitted') {
        // a callback task: its handler ran until here, then the execution waits for a person or an upload
        if (started !== undefined) handlers += t(ev) - started;
        submitted = t(ev);
        started = undefined;
      } else if (ev.type === 'TaskSucceeded' || ev.type === 'TaskFailed' || ev.type === 'TaskTimedOut') {
        if (started !== undefined) handlers += t(ev) - started;
        if (submitted !== undefined) waiting += t(ev) - submitted;
        started = undefined;
        submitted = undefined;
      }
    }
    active += t(last) - t(first) - waiting;
  }
  sfn.destroy();
  return { executions: Math.min(executions.length, 400), activeMs: active, handlerMs: handlers };
}

/** A bearer token of the local default's sign-in for `userId`. */
async function tokenFor(url: string, userId: string): Promise<string> {
  const res = await fetch(`${url}/local/token`, { method: 'POST', body: JSON.stringify({ userId }) });
  return ((await res.json()) as { token: string }).token;
}

// --- 3. API latency -----------------------------------------------------------------------------------------------

async function latency(url: string, endpoints: { name: string; path: string; as: string }[], clients = 50, each = 20) {
  const tokens = new Map<string, string>();
  for (const e of endpoints) if (!tokens.has(e.as)) tokens.set(e.as, await tokenFor(url, e.as));
  const rows = [];
  for (const e of endpoints) {
    const times: number[] = [];
    let failures = 0;
    const client = async () => {
      for (let i = 0; i < each; i++) {
        const t0 = performance.now();
        try {
          const res = await fetch(`${url}${e.path}`, { headers: { authorization: `Bearer ${tokens.get(e.as)}` } });
          await res.arrayBuffer();
          if (res.status !== 200) failures++;
        } catch {
          failures++; // a reset connection: counted, and its time kept
        }
        times.push(performance.now() - t0);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    const wall = performance.now() - t0;
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] as number;
    rows.push({
      endpoint: e.name,
      requests: times.length,
      failures,
      p50: q(0.5),
      p95: q(0.95),
      p99: q(0.99),
      perSecond: (times.length / wall) * 1000,
    });
  }
  return rows;
}

/** DynamoDB requests that one request of each endpoint makes (signing in included), counted at the local table. */
async function readsPerRequest(local: LocalDefault, endpoints: { name: string; path: string; as: string }[]) {
  const count = () => Object.values(local.metrics().dynamodb.requests).reduce((n, x) => n + x, 0);
  const rows = [];
  for (const e of endpoints) {
    const token = await tokenFor(local.url, e.as);
    const before = count();
    const res = await fetch(`${local.url}${e.path}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = (await res.arrayBuffer()).byteLength;
    rows.push({ endpoint: e.name, status: res.status, requests: count() - before, bytes });
  }
  return rows;
}

// --- 4. bundles ---------------------------------------------------------------------------------------------------

async function bundles() {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'sifpm-bench-bundles');
  rmSync(dir, { recursive: true, force: true });
  const env = {
    ...process.env,
    AWS_REGION: 'cn-north-1',
    SIFPM_TABLE: 'sifpm',
    SIFPM_BUCKET: 'sifpm-documents',
    SIFPM_STATE_MACHINE_PREFIX: 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:sifpm-',
    SIFPM_MAIL_FROM: 'noreply@sifpm.example.cn',
    SIFPM_CONSOLE_URL: 'https://sifpm.example.cn',
    SIFPM_JWT_ISSUER: 'https://issuer.example.cn',
    SIFPM_JWT_AUDIENCE: 'sifpm',
    SIFPM_JWKS_URL: 'https://issuer.example.cn/.well-known/jwks.json',
  };
  const rows = [];
  for (const [id, spec] of Object.entries(FUNCTIONS)) {
    const outfile = path.join(dir, id, 'index.mjs');
    mkdirSync(path.dirname(outfile), { recursive: true });
    // as infra/stack.ts bundles (NodejsFunction defaults: @aws-sdk/* external, provided by the Node.js runtime)
    await build({
      entryPoints: [path.join(ROOT, spec.entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      minify: true,
      sourcemap: true,
      external: ['@aws-sdk/*'],
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    const inits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const script = `const t=performance.now(); await import(${JSON.stringify(outfile)}); process.stdout.write(String(performance.now()-t));`;
      inits.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env }).toString()));
    }
    inits.sort((a, b) => a - b);
    rows.push({ id, bytes: statSync(outfile).size, initMs: inits[1] as number });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

// --- the run ------------------------------------------------------------------------------------------------------

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main() {
  out(
    `# sifpm bench — ${new Date().toISOString()} — ${os.cpus().length} × ${os.cpus()[0]?.model} — Node ${process.version}`,
  );
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    // not a checkout
  }
  out(`commit ${commit || '(unknown)'}`);

  let result: SimulationResult;
  let overhead: Awaited<ReturnType<typeof orchestrationOverhead>> | undefined;
  let lat: Awaited<ReturnType<typeof latency>> = [];
  let reads: Awaited<ReturnType<typeof readsPerRequest>> = [];
  if (process.env.BENCH_SUMMARY) {
    result = JSON.parse(readFileSync(process.env.BENCH_SUMMARY, 'utf8'));
    out(`\n## 1. simulation (from ${process.env.BENCH_SUMMARY})`);
  } else {
    out(`\n## 1. simulation — scale ${scale}`);
    result = await runSimulation(
      {
        year,
        scale,
        seed: 1,
        out: path.join(os.tmpdir(), `sifpm-bench-${scale}`),
        documents: false,
        ...(process.env.BENCH_PAUSE_FILE ? { pauseFile: process.env.BENCH_PAUSE_FILE } : {}),
      },
      {
        async beforeClose(local, r) {
          overhead = await orchestrationOverhead(local);
          const big = [...r.provinces].sort((a, b) => b.items - a.items)[0]?.province ?? '440000';
          const small = [...r.provinces].sort((a, b) => a.items - b.items)[0]?.province ?? '440000';
          const dashboards = [
            {
              name: 'central dashboard GET /cycles/{y}/items',
              path: `/api/cycles/${year}/items`,
              as: 'finance.100000',
            },
            { name: 'cycle GET /cycles/{y}', path: `/api/cycles/${year}`, as: 'finance.100000' },
            { name: 'assessments (central)', path: `/api/cycles/${year}/assessments`, as: 'finance.100000' },
            ...[big, small].flatMap((p) => [
              {
                name: `monitoring summary ${p} (${r.provinces.find((x) => x.province === p)?.items} items)`,
                path: `/api/cycles/${year}/monitoring/summary?org=${p}`,
                as: `finance.${p}`,
              },
              { name: `evaluations list ${p}`, path: `/api/cycles/${year}/evaluations?org=${p}`, as: `finance.${p}` },
              { name: `targets list ${p}`, path: `/api/cycles/${year}/targets?org=${p}`, as: `finance.${p}` },
            ]),
          ];
          reads = await readsPerRequest(local, dashboards);
          if (process.env.BENCH_LATENCY !== '0') lat = await latency(local.url, dashboards, 50, each);
        },
      },
    );
    out(summaryTable(result));
  }
  out(`\nwall time ${(result.wallMs / 1000).toFixed(1)} s`);
  for (const p of result.phases) out(`  ${p.phase.padEnd(48)} ${(p.ms / 1000).toFixed(1)} s`);
  const m = result.metrics;
  out('\noperations counted by the local default:');
  out(
    `  Step Functions: ${m.stepFunctions.executions} executions, ${m.stepFunctions.stateTransitions} state transitions`,
  );
  for (const [name, x] of Object.entries(m.stepFunctions.byMachine))
    out(
      `    ${name.padEnd(32)} ${String(x.executions).padStart(7)} executions ${String(x.stateTransitions).padStart(9)} transitions`,
    );
  const inv = Object.entries(m.lambda).sort((a, b) => b[1].totalMs - a[1].totalMs);
  out(
    `  Lambda: ${inv.reduce((n, [, c]) => n + c.invocations, 0)} invocations, ${(inv.reduce((n, [, c]) => n + c.totalMs, 0) / 1000).toFixed(1)} s in handlers`,
  );
  for (const [id, c] of inv)
    out(
      `    ${id.padEnd(32)} ${String(c.invocations).padStart(7)} × mean ${ms(c.totalMs / c.invocations).padStart(10)}  max ${ms(c.maxMs)}`,
    );
  out(
    `  DynamoDB: ${Object.entries(m.dynamodb.requests)
      .map(([op, n]) => `${op} ${n}`)
      .join(
        ', ',
      )}; ${m.dynamodb.transactItems} items in transactions; ≈${m.dynamodb.writeUnits} WRU, ≈${m.dynamodb.readUnits} RRU; Scans ${m.dynamodb.scans}`,
  );
  out(
    `  S3: ${Object.entries(m.s3.requests)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  );
  out(`  SES: ${m.ses.emails} emails · API Gateway: ${m.api.requests} requests`);

  if (overhead) {
    out('\n## 2. orchestration overhead (self-evaluation machine)');
    out(
      `  ${overhead.executions} executions: active ${ms(overhead.activeMs)} through the SFN endpoint vs ${ms(overhead.handlerMs)} in the same handlers → ratio ${(overhead.activeMs / Math.max(1, overhead.handlerMs)).toFixed(2)}×`,
    );
  }
  if (reads.length) {
    out('\n## 3a. DynamoDB requests per dashboard request (one request each, signing in included)');
    for (const r of reads)
      out(
        `  ${r.endpoint.padEnd(52)} ${String(r.requests).padStart(5)} requests  ${(r.bytes / 1024).toFixed(0)} KB  (${r.status})`,
      );
  }
  if (lat.length) {
    out(`\n## 3. API latency, 50 concurrent clients × ${each} requests, loopback`);
    for (const r of lat)
      out(
        `  ${r.endpoint.padEnd(52)} p50 ${ms(r.p50).padStart(9)}  p95 ${ms(r.p95).padStart(9)}  p99 ${ms(r.p99).padStart(9)}  ${r.perSecond.toFixed(0)}/s${r.failures ? `  (${r.failures} non-200)` : ''}`,
      );
  }

  if (process.env.BENCH_BUNDLES !== '0') {
    out('\n## 4. Lambda bundles (esbuild as CDK: ESM, node22, minified, @aws-sdk external) and module init');
    const rows = await bundles();
    for (const b of rows.sort((a, z) => z.bytes - a.bytes))
      out(`  ${b.id.padEnd(28)} ${(b.bytes / 1024).toFixed(0).padStart(6)} KB   init ${ms(b.initMs)}`);
  }

  out(`\npeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024 / 1024).toFixed(2)} GB`);
  out('\n## 5. AWS charges of this cycle');
  out(costTable(estimateCost(m, loadPrices())));
  writeFileSync(
    path.join(os.tmpdir(), `sifpm-bench-${scale}.json`),
    JSON.stringify({ result, overhead, reads, lat, maxRssKB: process.resourceUsage().maxRSS }, null, 2),
  );
}

await main();
process.exit(0);
