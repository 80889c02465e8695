/**
 * The one clock. Business code asks `now()`; nothing else reads the system time.
 * A simulation or a test injects another source (DESIGN §7: "the clock is injected").
 */
export type ClockSource = () => number;

let source: ClockSource = () => Date.now();

export const now = (): Date => new Date(source());
export const nowMs = (): number => source();

/** Replace the time source (simulation, tests). Returns a function restoring the previous one. */
export function setClock(next: ClockSource): () => void {
  const previous = source;
  source = next;
  return () => {
    source = previous;
  };
}

/** All deadlines are Asia/Shanghai (UTC+08:00, no DST). */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** 23:59:59.999 +08:00 on the given calendar day, as an instant. */
export function endOfDayShanghai(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999) - SHANGHAI_OFFSET_MS);
}

/** The calendar year in Asia/Shanghai at an instant. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear();
}
