// the one runtime import of shared/ (test/unit/architecture.test.ts): mails and pages format an instant alike
import { formatDay, formatInstant } from '#shared/platform/dates';
import type { Lang } from './i18n/i18n.tsx';

/** Every date the console shows is in Asia/Shanghai, whatever the browser's own zone (DESIGN §7). */
export const TIME_ZONE = 'Asia/Shanghai';

/** `2026-05-31T15:59:59.999Z` → 2026年5月31日 23:59 (zh) or 31 May 2026, 23:59 (Beijing time) (en): the mails' formatter. */
export function formatDateTime(iso: string | undefined, lang: Lang): string {
  return iso ? formatInstant(iso, lang) : '—';
}

/** The Asia/Shanghai day: 2026年5月31日 (zh) or 31 May 2026 (en). */
export function formatDate(iso: string | undefined, lang: Lang): string {
  return iso ? formatDay(iso, lang) : '—';
}

/** The calendar year now in Asia/Shanghai. */
export function shanghaiYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: TIME_ZONE, year: 'numeric' }).format(now));
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}
