/**
 * Indicator scores per second on one core (goal ≥ 100,000/s). Run: `npx tsx bench/scoring.ts`.
 *
 * Each iteration scores one indicator of the national catalogue from a decimal-string actual against its guiding
 * target, the way a self-evaluation is scored (weight × fraction, exact, rounded). A second figure adds computing
 * the indicator value from its formula inputs first.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import Decimal from 'decimal.js';
import { evaluateIndicator, type Indicator, nationalCatalogue } from '#shared/reference/indicators';
import { type Actual, scoreIndicator } from '#shared/reference/scoring';

const catalogue = nationalCatalogue();
const grades = ['优', '良', '中', '差'] as const;

// Deterministic pseudo-random actuals around each target, prepared before timing.
let seed = 42;
const rand = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
type Case = { ind: Indicator; actual: Actual; inputs: Record<string, string> };
const cases: Case[] = [];
for (let n = 0; n < 10_000; n++) {
  const ind = catalogue.indicators[n % catalogue.indicators.length]!;
  const t = ind.defaultTarget!;
  const centre = 'value' in t ? new Decimal(t.value) : 'min' in t ? new Decimal(t.min).plus(t.max).div(2) : undefined;
  const actual: Actual = centre
    ? centre
        .times(0.8 + rand() * 0.4)
        .toDecimalPlaces(2)
        .toString()
    : { grade: grades[Math.floor(rand() * 4)]! };
  const inputs = Object.fromEntries(ind.inputs.map((i) => [i.name, (1_000_000 + Math.floor(rand() * 1e9)).toString()]));
  cases.push({ ind, actual, inputs });
}

function run(label: string, seconds: number, body: (c: Case) => void): number {
  // Warm up the JIT, then time whole passes over the cases for at least `seconds`.
  for (let i = 0; i < 20_000; i++) body(cases[i % cases.length]!);
  let count = 0;
  const start = process.hrtime.bigint();
  const until = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < until) {
    for (const c of cases) body(c);
    count += cases.length;
    now = process.hrtime.bigint();
  }
  const perSecond = count / (Number(now - start) / 1e9);
  console.log(
    `${label}: ${Math.round(perSecond).toLocaleString('en-US')} /s (${count.toLocaleString('en-US')} in ${(Number(now - start) / 1e9).toFixed(2)} s)`,
  );
  return perSecond;
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(
  `node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, commit ${commit}, ${new Date().toISOString()}`,
);
let sink = new Decimal(0);
const scored = run('indicator scores', 3, (c) => {
  sink = sink.plus(scoreIndicator(c.ind, c.ind.weight, c.actual).score);
});
run('indicator value from formula + score', 3, (c) => {
  const actual = c.ind.nature === 'quantitative' ? evaluateIndicator(c.ind, c.inputs) : c.actual;
  sink = sink.plus(scoreIndicator(c.ind, c.ind.weight, actual, c.ind.defaultTarget).score);
});
if (sink.isNaN()) console.log('unreachable');
console.log(scored >= 100_000 ? 'goal met: ≥ 100,000 indicator scores per second' : 'goal NOT met: < 100,000/s');
