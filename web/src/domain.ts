import type { MeView, Permissions } from '#shared/reference/auth';
import type { TargetValue } from '#shared/reference/indicators';
import type { Grade } from '#shared/reference/scoring';

/**
 * Display helpers, and the lookup of what the API says the signed-in principal may do. The console decides no policy
 * itself: `GET /api/me` lists where each write is allowed (computed by the server's one policy), and the API checks
 * every write again; its answer is what the page then shows.
 */

/** The grades of a qualitative indicator, best first (the options of a grade field). */
export const GRADES: Grade[] = ['优', '良', '中', '差'];

/** Whether `GET /api/me` says the principal may perform the write on the organisation's fund. */
export function may(me: MeView | null, action: keyof Permissions, org: string, fund: string): boolean {
  return me?.may[action].some((p) => p.org === org && p.fund === fund) ?? false;
}

/** A target value as text: 95, 90–100, 良. */
export function formatTarget(target: TargetValue | undefined): string {
  if (!target) return '—';
  if ('grade' in target) return target.grade;
  if ('min' in target) return `${target.min}–${target.max}`;
  return target.value;
}

/** The grade an evaluation stands at: the province's review if any, else the self-assessed one. */
export function gradeOfItem(item: { review?: { grade: string } | null; score?: { grade: string } | null }) {
  return (item.review?.grade ?? item.score?.grade) as Grade | undefined;
}

/** The file type of a chosen file, by its extension (the document store checks the bytes). */
export function fileType(name: string): 'pdf' | 'docx' | 'xlsx' | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'pdf' || ext === 'docx' || ext === 'xlsx' ? ext : undefined;
}

/** A fraction as a percentage with one decimal: `0.2466` → 24.7%. */
export function fractionPercent(fraction: string | number | null | undefined): string {
  if (fraction === null || fraction === undefined || fraction === '') return '—';
  const n = Number(fraction);
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : String(fraction);
}
