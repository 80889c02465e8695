import type { Fund, Grade, Indicator, Me, TargetValue } from './types.ts';

/**
 * The little domain knowledge the console mirrors to decide what to show (which form, which fields). The API stays
 * the authority: it checks every write again and its answer is what the page then shows.
 */
const GRADE_RANK: Record<string, number> = { 优: 4, 良: 3, 中: 2, 差: 1 };
/** Relative deviation beyond which a cause and measure are due even for a met target (shared/reference/deviation.ts). */
const THRESHOLD = 0.1;

/**
 * Whether an actual value needs a cause analysis and an improvement measure (R18.3): the target missed, or a
 * deviation of more than 10 %. Undefined while the value is not a number yet.
 */
export function needsExplanation(
  indicator: Pick<Indicator, 'direction'>,
  target: TargetValue | undefined,
  actual: string,
): boolean | undefined {
  if (!target || actual.trim() === '') return undefined;
  if ('grade' in target) {
    const rank = GRADE_RANK[actual];
    return rank === undefined ? undefined : rank < (GRADE_RANK[target.grade] ?? 0);
  }
  const value = Number(actual);
  if (!Number.isFinite(value)) return undefined;
  let ref: number;
  let side: 'below' | 'on' | 'above';
  if ('min' in target) {
    const [min, max] = [Number(target.min), Number(target.max)];
    side = value < min ? 'below' : value > max ? 'above' : 'on';
    ref = side === 'below' ? min : max;
    if (side === 'on') return false;
  } else {
    ref = Number(target.value);
    side = value < ref ? 'below' : value > ref ? 'above' : 'on';
  }
  const met =
    side === 'on' ||
    (indicator.direction === 'higher-better' && side === 'above') ||
    (indicator.direction === 'lower-better' && side === 'below');
  const diff = Math.abs(value - ref);
  const beyond = ref === 0 ? diff > 0 : diff / Math.abs(ref) > THRESHOLD;
  return !met || beyond;
}

/** A target value as text: 95, 90–100, 良. */
export function formatTarget(target: TargetValue | undefined): string {
  if (!target) return '—';
  if ('grade' in target) return target.grade;
  if ('min' in target) return `${target.min}–${target.max}`;
  return target.value;
}

/** Whether a department works on a fund (shared/reference/roles.ts departmentServesFund). */
export function servesFund(department: string, fund: Fund | undefined): boolean {
  if (!fund) return false;
  if (department.startsWith('hrss-')) return fund.line === 'hrss';
  if (department.startsWith('medsec-')) return fund.line === 'medsec';
  return true;
}

/** One of `departments` of the (non-central) organisation itself, working on the fund's line. */
function actsForOwnUnit(me: Me | null, org: string, fund: Fund | undefined, departments: readonly string[]): boolean {
  return (
    !!me &&
    me.orgCode === org &&
    me.tier !== 'central' &&
    departments.includes(me.department) &&
    servesFund(me.department, fund)
  );
}

/** The agency or tax department of the organisation drafts its targets (targets.draft), on its own funds. */
export const mayDraftTargets = (me: Me | null, org: string, fund: Fund | undefined): boolean =>
  actsForOwnUnit(me, org, fund, ['hrss-agency', 'medsec-agency', 'tax']);

/** The agency, administration or tax department submits the self-evaluation (self-evaluation.submit). */
export const maySubmitSelfEvaluation = (me: Me | null, org: string, fund: Fund | undefined): boolean =>
  actsForOwnUnit(me, org, fund, ['hrss-agency', 'medsec-agency', 'hrss-admin', 'medsec-admin', 'tax']);

/** The grade an evaluation stands at: the province's review if any, else the self-assessed one. */
export function gradeOfItem(item: { review?: { grade: string } | null; score?: { grade: string } | null }) {
  return (item.review?.grade ?? item.score?.grade) as Grade | undefined;
}

/** The file type of a chosen file, by its extension (the document store checks the bytes). */
export function fileType(name: string): 'pdf' | 'docx' | 'xlsx' | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext === 'pdf' || ext === 'docx' || ext === 'xlsx' ? ext : undefined;
}

/** The agency of the fund's line, or tax, of the unit itself submits monitoring data (monitoring.submit). */
export const maySubmitMonitoring = (me: Me | null, org: string, fund: Fund | undefined): boolean =>
  actsForOwnUnit(me, org, fund, ['hrss-agency', 'medsec-agency', 'tax']);

/** A fraction as a percentage with one decimal: `0.2466` → 24.7%. */
export function fractionPercent(fraction: string | number | null | undefined): string {
  if (fraction === null || fraction === undefined || fraction === '') return '—';
  const n = Number(fraction);
  return Number.isFinite(n) ? `${(n * 100).toFixed(1)}%` : String(fraction);
}
