import { nowMs } from '#shared/platform/clock';

const DAY = 86_400_000;

/**
 * The next timer of a step waiting on a deadline: reminders 7 days and 1 day before it, the deadline itself, then
 * every `overdueEveryDays` (default weekly) while it is overdue. Workflows wait on a person with `TimeoutSecondsPath`
 * set to `seconds`; when it fires they remind, or record the missed deadline, and wait again. A link sent for the step
 * stays valid past `at`.
 */
export function nextTimer(
  due: string,
  at = nowMs(),
  { overdueEveryDays = 7 }: { overdueEveryDays?: number } = {},
): { seconds: number; at: string } {
  const d = Date.parse(due);
  const every = overdueEveryDays * DAY;
  const points = [d - 7 * DAY, d - DAY, d];
  let next = points.find((p) => p > at + 1000);
  if (next === undefined) next = d + Math.ceil((at + 1000 - d) / every) * every;
  if (next <= at + 1000) next += every;
  return { seconds: Math.ceil((next - at) / 1000), at: new Date(next).toISOString() };
}

/**
 * When a link sent now for a step due at `due` expires: a day after the step's next timer, when the workflow re-opens
 * the task with a fresh link — so a link is never dead while its task still waits.
 */
export function linkExpiresAt(due: string, at = nowMs(), options: { overdueEveryDays?: number } = {}): string {
  return new Date(Date.parse(nextTimer(due, at, options).at) + DAY).toISOString();
}
