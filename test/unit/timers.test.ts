import { describe, expect, it } from 'vitest';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';

const DAY = 86_400_000;
const due = '2026-05-31T15:59:59.999Z'; // 31 May, 23:59:59.999 Asia/Shanghai
const d = Date.parse(due);

describe('nextTimer: reminders before a deadline, then while it is overdue', () => {
  it('fires 7 days before, 1 day before, then at the deadline', () => {
    expect(nextTimer(due, d - 30 * DAY).at).toBe(new Date(d - 7 * DAY).toISOString());
    expect(nextTimer(due, d - 7 * DAY).at).toBe(new Date(d - DAY).toISOString());
    expect(nextTimer(due, d - DAY).at).toBe(due);
    expect(nextTimer(due, d - 30 * DAY).seconds).toBe(23 * 86_400);
  });

  it('then weekly by default', () => {
    expect(nextTimer(due, d).at).toBe(new Date(d + 7 * DAY).toISOString());
    expect(nextTimer(due, d + 8 * DAY).at).toBe(new Date(d + 14 * DAY).toISOString());
  });

  it('then at the interval asked for once overdue', () => {
    const monthly = { overdueEveryDays: 30 };
    expect(nextTimer(due, d - DAY, monthly).at).toBe(due);
    expect(nextTimer(due, d, monthly).at).toBe(new Date(d + 30 * DAY).toISOString());
    expect(nextTimer(due, d + 31 * DAY, monthly).at).toBe(new Date(d + 60 * DAY).toISOString());
  });

  it('never fires within a second of now', () => {
    expect(nextTimer(due, d - 500).at).toBe(new Date(d + 7 * DAY).toISOString());
  });
});

describe('linkExpiresAt: a task link lives until the workflow sends a fresh one', () => {
  it('expires a day after the next timer, however far off it is', () => {
    // a provincial review opened in February for a 31 July deadline: valid until the day after the 24 July reminder
    const july = '2026-07-31T15:59:59.999Z';
    const feb = Date.parse('2026-02-10T02:00:00Z');
    expect(linkExpiresAt(july, feb)).toBe(new Date(Date.parse(july) - 6 * DAY).toISOString());
    expect(Date.parse(linkExpiresAt(due, d + DAY, { overdueEveryDays: 30 }))).toBe(d + 31 * DAY);
  });
});
