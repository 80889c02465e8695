/**
 * `npx tsx bench/kickoff.ts`: one national kickoff on a fresh local default — the step most test files pay — and what
 * it asked of each service. Figures, never assertions. Time it whole from outside with farm-bench, old against new.
 */
import { IN_TIME_FOR_2025, runningClock, startSystem } from '../test/helpers/local.ts';

const restore = runningClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
const t0 = performance.now();
const sys = await startSystem();
const t1 = performance.now();
const res = await sys.call('POST', '/api/cycles', {
  as: 'finance.100000',
  body: { year: 2025, targetsDue: '2026-05-30' },
});
await sys.settled();
const t2 = performance.now();
const m = sys.local.metrics();
console.log(`start ${Math.round(t1 - t0)} ms, kickoff (${res.status}) ${Math.round(t2 - t1)} ms`);
console.log(
  `dynamodb ${JSON.stringify(m.dynamodb.requests)}, executions ${m.stepFunctions.executions}, emails ${m.ses.emails}`,
);
await sys.close();
restore();
process.exit(0);
