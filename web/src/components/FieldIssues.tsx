import type { ApiError } from '../api.ts';
import type { Bilingual } from '../i18n/i18n.tsx';

/**
 * The API's field-level refusals of a 422/400 (`details.issues`: zod's, with a `zh / en` text, or the domain's, with
 * `{ zh, en }`), by path, for showing next to their fields (journey-province; the words helper's field-error helper
 * may replace it).
 */
export interface FieldIssue {
  path: string;
  message: Bilingual;
}

export function fieldIssues(error: ApiError | null): FieldIssue[] {
  const details = error?.details as { issues?: { path: string; message: unknown }[]; field?: string } | undefined;
  const out: FieldIssue[] = (Array.isArray(details?.issues) ? details.issues : []).map((i) => ({
    path: i.path,
    message: bilingual(i.message),
  }));
  if (error && details?.field) out.push({ path: details.field, message: error.text });
  return out;
}

function bilingual(m: unknown): Bilingual {
  if (typeof m === 'object' && m !== null && 'zh' in m && 'en' in m) return m as Bilingual;
  const text = String(m ?? '');
  const [zh, en] = text.includes(' / ') ? text.split(' / ', 2) : [text, text];
  return { zh: zh ?? text, en: en ?? text };
}

/** The issues at `path` or below it. */
export const issuesAt = (issues: FieldIssue[], path: string) =>
  issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`));
