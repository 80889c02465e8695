import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayText, formatDay, formatInstant, instantText } from '#shared/platform/dates';

/**
 * The one date formatter (issue 16 point 4): an instant reads in Asia/Shanghai whatever zone the process runs in —
 * the test runs it in New York (UTC−05:00 in December, a day behind Shanghai's evening) and in UTC.
 */
describe('formatInstant / formatDay (shared/platform/dates.ts)', () => {
  const zone = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = 'America/New_York';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('the process zone is not Asia/Shanghai while it runs', () => {
    expect(new Date('2026-12-31T15:59:59.999Z').getHours()).toBe(10); // 10:59 in New York
  });

  it('formats a deadline at the end of a Shanghai day in Chinese and English', () => {
    const due = '2026-12-31T15:59:59.999Z'; // 31 Dec 2026 23:59:59.999 +08:00
    expect(formatInstant(due, 'zh')).toBe('2026年12月31日 23:59');
    expect(formatInstant(due, 'en')).toBe('31 Dec 2026, 23:59 (Beijing time)');
    expect(formatDay(due, 'zh')).toBe('2026年12月31日');
    expect(formatDay(due, 'en')).toBe('31 Dec 2026');
  });

  it('puts an instant late in the UTC day on the next Shanghai day, with zero-padded hours and minutes', () => {
    const at = Date.parse('2026-05-30T16:05:00Z'); // 31 May 00:05 in Shanghai, 30 May in UTC and New York
    expect(formatInstant(at, 'zh')).toBe('2026年5月31日 00:05');
    expect(formatInstant(new Date(at), 'en')).toBe('31 May 2026, 00:05 (Beijing time)');
    expect(dayText(at)).toEqual({ zh: '2026年5月31日', en: '31 May 2026' });
  });

  it('gives both languages at once for the mails, and leaves what is not an instant as it is', () => {
    expect(instantText('2027-07-31T23:59:59.999+08:00')).toEqual({
      zh: '2027年7月31日 23:59',
      en: '31 Jul 2027, 23:59 (Beijing time)',
    });
    expect(formatInstant('not a date', 'zh')).toBe('not a date');
  });

  it('reads the same in UTC', () => {
    process.env.TZ = 'UTC';
    expect(formatInstant('2026-01-01T00:00:00+08:00', 'zh')).toBe('2026年1月1日 00:00');
    process.env.TZ = 'America/New_York';
  });
});
