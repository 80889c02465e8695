/**
 * Target comparison (目标比较法, 第十三条) and deviation (偏离, 第十八条, R18.3, R13.1).
 *
 * `compareWithTargets` says, per indicator, whether the target was met and how far the actual deviates. An indicator
 * that missed its target, or deviates from it by more than the threshold on either side, needs a cause analysis and
 * an improvement measure (原因分析和改进措施) before a report can be submitted: `requireExplanations` enforces it.
 *
 * `compareProgress` compares budget execution with the share of the year elapsed (时序进度), Asia/Shanghai calendar.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { SHANGHAI_OFFSET_MS } from '#shared/platform/clock';
import { unprocessable } from '#shared/platform/errors';
import { type Indicator, listIndicators, TargetValue } from '#shared/reference/indicators';
import { type Actual, DecimalString, Grade } from '#shared/reference/scoring';

const GRADE_RANK: Record<Grade, number> = { 优: 4, 良: 3, 中: 2, 差: 1 };
const ZERO = new Decimal(0);

export const DeviationOptions = z.object({
  /** Relative deviation from the target beyond which an explanation is due (0.1 = 10 %). */
  threshold: DecimalString.default('0.1'),
  /** Per-indicator thresholds (e.g. stricter for benefit payment). */
  thresholds: z.record(z.string(), DecimalString).default({}),
  /** For a target of 0, where no relative deviation exists: the absolute deviation allowed, in the indicator's unit. */
  zeroTargetTolerance: DecimalString.default('0'),
});
export type DeviationOptions = z.input<typeof DeviationOptions>;

export interface TargetComparison {
  id: string;
  name: { zh: string; en: string };
  target: TargetValue;
  actual: string;
  /** Whether the target was achieved in the indicator's direction. */
  met: boolean;
  /** Which side of the target the actual lies ('on' = on the target or inside its range). */
  side: 'below' | 'on' | 'above';
  /** |actual − target| ÷ |target| (for a range, from the nearer bound); grades: the number of grades below. */
  deviation: Decimal;
  beyondThreshold: boolean;
  /** A cause analysis and an improvement measure are mandatory (missed, or beyond the threshold). */
  explanationRequired: boolean;
}

export interface ComparisonItem {
  indicator: Pick<Indicator, 'id' | 'name' | 'direction' | 'nature' | 'defaultTarget'>;
  actual: Actual;
  target?: TargetValue;
}

function relative(diff: Decimal, base: Decimal): Decimal | undefined {
  return base.isZero() ? undefined : diff.abs().div(base.abs());
}

/** Compare each indicator's actual with its target. */
export function compareWithTargets(items: ComparisonItem[], options: DeviationOptions = {}): TargetComparison[] {
  const opts = DeviationOptions.parse(options);
  return items.map(({ indicator, actual, target: given }) => {
    const target = given ?? indicator.defaultTarget;
    if (!target) {
      throw unprocessable(
        'TARGET_MISSING',
        { zh: `指标 ${indicator.name.zh} 没有绩效目标值`, en: `Indicator ${indicator.id} has no target` },
        { indicator: indicator.id },
      );
    }
    const threshold = new Decimal(opts.thresholds[indicator.id] ?? opts.threshold);
    const base = { id: indicator.id, name: indicator.name, target };

    if ('grade' in target) {
      if (typeof actual !== 'object' || !('grade' in actual)) {
        throw unprocessable(
          'ACTUAL_INVALID',
          { zh: `指标 ${indicator.name.zh} 须给出等级`, en: `Indicator ${indicator.id} needs a grade` },
          { indicator: indicator.id },
        );
      }
      const gap = GRADE_RANK[target.grade] - GRADE_RANK[actual.grade];
      const met = gap <= 0;
      return {
        ...base,
        actual: actual.grade,
        met,
        side: gap > 0 ? 'below' : gap < 0 ? 'above' : 'on',
        deviation: new Decimal(Math.max(gap, 0)),
        beyondThreshold: !met,
        explanationRequired: !met,
      } satisfies TargetComparison;
    }

    if (typeof actual === 'object' && !(actual instanceof Decimal)) {
      throw unprocessable(
        'ACTUAL_INVALID',
        { zh: `指标 ${indicator.name.zh} 须给出数值`, en: `Indicator ${indicator.id} needs a number` },
        { indicator: indicator.id },
      );
    }
    const value = new Decimal(actual);
    let side: TargetComparison['side'];
    let diff: Decimal;
    let ref: Decimal;
    if ('min' in target) {
      const min = new Decimal(target.min);
      const max = new Decimal(target.max);
      side = value.lt(min) ? 'below' : value.gt(max) ? 'above' : 'on';
      ref = side === 'below' ? min : max;
      diff = side === 'on' ? ZERO : value.minus(ref);
    } else {
      ref = new Decimal(target.value);
      diff = value.minus(ref);
      side = diff.isNegative() ? 'below' : diff.isZero() ? 'on' : 'above';
    }
    const met =
      side === 'on' ||
      (indicator.direction === 'higher-better' && side === 'above') ||
      (indicator.direction === 'lower-better' && side === 'below');
    const rel = relative(diff, ref);
    const deviation = rel ?? diff.abs();
    const beyondThreshold = rel === undefined ? diff.abs().gt(opts.zeroTargetTolerance) : rel.gt(threshold);
    return {
      ...base,
      actual: value.toString(),
      met,
      side,
      deviation,
      beyondThreshold,
      explanationRequired: !met || beyondThreshold,
    } satisfies TargetComparison;
  });
}

/** The indicators for which a cause analysis and an improvement measure are mandatory. */
export function deviations(items: ComparisonItem[], options: DeviationOptions = {}): TargetComparison[] {
  return compareWithTargets(items, options).filter((c) => c.explanationRequired);
}

/** 原因分析 and 改进措施 for one indicator. */
export const Explanation = z.object({
  cause: z.string().trim().min(1),
  measure: z.string().trim().min(1),
});
export type Explanation = z.infer<typeof Explanation>;

/** Refuses (422) a report that leaves a missed or strongly deviating indicator without cause and measure. */
export function requireExplanations(
  comparisons: TargetComparison[],
  explanations: Record<string, Partial<Explanation> | undefined>,
): void {
  const missing = comparisons
    .filter((c) => c.explanationRequired && !Explanation.safeParse(explanations[c.id]).success)
    .map((c) => c.id);
  if (missing.length > 0) {
    throw unprocessable(
      'EXPLANATION_REQUIRED',
      {
        zh: `以下指标未完成目标或偏离目标较大，须说明原因并提出改进措施：${missing.join('、')}`,
        en: `These indicators missed or deviate strongly from their targets and need a cause and a measure: ${missing.join(', ')}`,
      },
      { missing },
    );
  }
}

/** Actual values as a form holds them while they are typed, each with the target it is held against. */
export const ExplanationCheck = z.strictObject({
  actuals: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(40),
        /** as typed: a decimal number, or a grade (优/良/中/差); anything else is not checked yet */
        actual: z.string().max(40),
        /** the unit's approved target; the catalogue's guiding value when absent */
        target: TargetValue.optional(),
      }),
    )
    .max(200),
});
export type ExplanationCheck = z.infer<typeof ExplanationCheck>;

export const ExplanationsNeeded = z
  .object({
    checked: z.array(z.string()).meta({ description: 'the indicators whose value could be compared with a target' }),
    needed: z
      .array(z.string())
      .meta({ description: 'of those, the ones that need a cause analysis and an improvement measure (R18.3)' }),
  })
  .meta({ id: 'ExplanationsNeeded' });
export type ExplanationsNeeded = z.infer<typeof ExplanationsNeeded>;

/**
 * Which of a fund's actual values need a cause and a measure (R18.3), by `compareWithTargets` — the rule that
 * scoring enforces — for a form to show the fields while the values are typed. Pure. A value that is not yet a number
 * (or a grade, for a grade target), an unknown indicator, or one without a target is left out of `checked`.
 */
export function explanationsNeeded(fund: string, actuals: ExplanationCheck['actuals']): ExplanationsNeeded {
  const catalogue = new Map(listIndicators({ fund }).map((i) => [i.id, i]));
  const items: ComparisonItem[] = [];
  for (const a of actuals) {
    const indicator = catalogue.get(a.id);
    const target = a.target ?? indicator?.defaultTarget;
    if (!indicator || !target) continue;
    const value = a.actual.trim();
    if ('grade' in target) {
      const grade = Grade.safeParse(value);
      if (grade.success) items.push({ indicator, actual: { grade: grade.data }, target });
    } else if (DecimalString.safeParse(value).success) {
      items.push({ indicator, actual: value, target });
    }
  }
  const comparisons = compareWithTargets(items);
  return {
    checked: comparisons.map((c) => c.id),
    needed: comparisons.filter((c) => c.explanationRequired).map((c) => c.id),
  };
}

// --- execution progress against elapsed time (时序进度) ---------------------------------------------------------

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInYear = (year: number): number => (isLeap(year) ? 366 : 365);

/**
 * The share of budget year `year` elapsed at instant `at`, Asia/Shanghai calendar: the days up to and including
 * `at`'s Shanghai date, divided by the days in the year; 0 before the year, 1 after it. Exact.
 */
export function elapsedShareOfYear(year: number, at: Date): Decimal {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const y = local.getUTCFullYear();
  if (y < year) return ZERO;
  if (y > year) return new Decimal(1);
  const dayOfYear =
    Math.floor((Date.UTC(y, local.getUTCMonth(), local.getUTCDate()) - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
  return new Decimal(dayOfYear).div(daysInYear(year));
}

export const ProgressInput = z.object({
  /** Annual budget (income or expenditure), in fen or yuan: any unit, the same for both. */
  budget: DecimalString,
  /** Executed so far. */
  executed: DecimalString,
  year: z.int().min(2023),
  at: z.date(),
  /** Allowed gap between execution rate and elapsed share, as a fraction (0.05 = 5 percentage points). */
  tolerance: DecimalString.default('0.05'),
});
export type ProgressInput = z.input<typeof ProgressInput>;

export interface ProgressComparison {
  /** executed ÷ budget, 4 decimal places half up. */
  executionRate: Decimal;
  /** Share of the year elapsed, 4 decimal places half up. */
  elapsedShare: Decimal;
  /** executionRate − elapsedShare. */
  gap: Decimal;
  status: 'behind' | 'on-track' | 'ahead';
}

/** Budget execution progress against the share of the year elapsed (第十一条, 第十二条). */
export function compareProgress(input: ProgressInput): ProgressComparison {
  const p = ProgressInput.parse(input);
  const budget = new Decimal(p.budget);
  if (budget.lte(0)) {
    throw unprocessable(
      'PROGRESS_BUDGET',
      { zh: '预算数须大于零才能计算执行进度', en: 'The budget must be positive to measure execution progress' },
      { budget: p.budget },
    );
  }
  const executionRate = new Decimal(p.executed).div(budget).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  const elapsedShare = elapsedShareOfYear(p.year, p.at).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
  const gap = executionRate.minus(elapsedShare);
  const tol = new Decimal(p.tolerance);
  const status = gap.lt(tol.neg()) ? 'behind' : gap.gt(tol) ? 'ahead' : 'on-track';
  return { executionRate, elapsedShare, gap, status };
}
