/**
 * Timers on an injected clock. A timer is due when `clock() >= due`; `check()` fires every due
 * timer at once (a simulation moves the clock by days, then calls it). One real, unref'd
 * `setTimeout` is also kept armed for the earliest timer, so that with a clock that moves by
 * itself (Date.now, or an offset clock) timers fire without anyone calling `check()`.
 */
const MAX_REAL_DELAY = 2 ** 31 - 1;

interface Timer {
  id: number;
  due: number;
  fire: () => void;
}

export class ClockTimers {
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;
  private real: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly clock: () => number) {}

  /** Schedules `fire` at clock time `due`; returns a cancel function. A due timer fires on the next microtask. */
  at(due: number, fire: () => void): () => void {
    const id = this.nextId++;
    this.timers.set(id, { id, due, fire });
    if (due <= this.clock()) queueMicrotask(() => this.check());
    else this.arm();
    return () => {
      this.timers.delete(id);
    };
  }

  /** A promise that resolves at clock time now + ms (for Wait states and Retry intervals). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.at(this.clock() + Math.max(0, ms), resolve);
    });
  }

  get size(): number {
    return this.timers.size;
  }

  check(): void {
    if (this.closed) return;
    const now = this.clock();
    const due = [...this.timers.values()].filter((t) => t.due <= now).sort((a, b) => a.due - b.due || a.id - b.id);
    for (const t of due) {
      if (!this.timers.delete(t.id)) continue;
      t.fire();
    }
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.timers.clear();
    if (this.real) clearTimeout(this.real);
  }

  private arm(): void {
    if (this.real) clearTimeout(this.real);
    this.real = undefined;
    if (this.closed || this.timers.size === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const t of this.timers.values()) earliest = Math.min(earliest, t.due);
    const delay = Math.min(MAX_REAL_DELAY, Math.max(1, earliest - this.clock()));
    this.real = setTimeout(() => this.check(), delay);
    this.real.unref();
  }
}
