import type { I18n } from './i18n/i18n.tsx';
import { type Key, MESSAGES } from './i18n/messages.ts';

/**
 * Names of the domain's codes (phases, statuses, tiers, departments, kinds of work). A code the console does not
 * know yet — a later workflow's new status — is shown as it is rather than hidden.
 */
export function label(i18n: I18n, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in MESSAGES.zh ? i18n.t(key as Key) : code;
}

export const phaseLabel = (i18n: I18n, phase: string) => label(i18n, 'phase', phase);
export const statusLabel = (i18n: I18n, status: string) => label(i18n, 'status', status);
export const tierLabel = (i18n: I18n, tier: string) => label(i18n, 'tier', tier);
export const departmentLabel = (i18n: I18n, department: string) => label(i18n, 'department', department);
export const kindLabel = (i18n: I18n, kind: string) => label(i18n, 'kind', kind);
export const stepLabel = (i18n: I18n, step: string) => label(i18n, 'step', step);
export const executionLabel = (i18n: I18n, status: string) => label(i18n, 'execution', status);
export const decisionLabel = (i18n: I18n, decision: string) => label(i18n, 'decision', decision);

/**
 * Statuses that count as done for completeness: a target is done once central has approved it (and it has been
 * issued). Later kinds of work item add their final statuses here.
 */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['approved', 'issued']);

/** The order statuses are listed in (chart stacks, table columns); unknown statuses follow, alphabetically. */
export const STATUS_ORDER = [
  'drafting',
  'preliminary-review',
  'finance-review',
  'central-review',
  'approved',
  'issued',
];

export const actionLabel = (i18n: I18n, action: string) => label(i18n, 'action', action);
/** 优 良 中 差 — in English with the Chinese grade beside it. */
export const gradeLabel = (i18n: I18n, grade: string | null | undefined) => (grade ? label(i18n, 'grade', grade) : '—');

/** Self-evaluation statuses in workflow order (charts, tables). */
export const EVALUATION_STATUSES = ['awaiting-report', 'scoring', 'sign-off', 'submitted', 'reviewed'];
/** An indicator's unit: the catalogue's Chinese units (月, 百分点, 等级) have English names; symbols (%) stay. */
export const unitLabel = (i18n: I18n, unit: string | null | undefined) => (unit ? label(i18n, 'unit', unit) : '');
export const outcomeLabel = (i18n: I18n, outcome: string | null) => (outcome ? label(i18n, 'outcome', outcome) : '—');

/**
 * The step a running machine is at (its Step Functions state), in words; null for a state the console has no
 * words for — a state's name is an identifier, never shown to a reader.
 */
export const machineStateLabel = (i18n: I18n, state: string | undefined): string | null => {
  const key = `machineState.${state}`;
  return state && key in MESSAGES.zh ? i18n.t(key as Key) : null;
};
