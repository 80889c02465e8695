import type { I18n } from './i18n/i18n.tsx';
import { type Key, MESSAGES } from './i18n/messages.ts';

/**
 * Names of the domain's codes (phases, statuses, tiers, departments, kinds of work). A code the console does not
 * know yet — a later workflow's new status — is shown as it is rather than hidden.
 */
function label(i18n: I18n, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in MESSAGES.zh ? i18n.t(key as Key) : code;
}

export const phaseLabel = (i18n: I18n, phase: string) => label(i18n, 'phase', phase);
export const statusLabel = (i18n: I18n, status: string) => label(i18n, 'status', status);
export const tierLabel = (i18n: I18n, tier: string) => label(i18n, 'tier', tier);
export const departmentLabel = (i18n: I18n, department: string) => label(i18n, 'department', department);
export const kindLabel = (i18n: I18n, kind: string) => label(i18n, 'kind', kind);

/**
 * Statuses that count as done for completeness. Only `drafting` exists so far; the target-approval workflow
 * adds the rest — add its final statuses here when it lands.
 */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['approved', 'issued', 'submitted-to-central', 'closed']);
