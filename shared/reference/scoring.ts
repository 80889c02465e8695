/**
 * Scoring (评分, R15.1, R17.3): one indicator's score from its target and actual, category subtotals, the total out
 * of 100 and the grade. Rules are in docs/DOMAIN.md.
 *
 * Arithmetic is exact (decimal.js). Rounding, stated once: an indicator score is weight × fraction rounded to
 * 2 decimal places, half up; subtotals and the total are exact sums of those rounded scores (so the total is
 * always the sum of its parts); the grade compares the total exactly against the thresholds.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { unprocessable } from '#shared/platform/errors';
import type { Category, Indicator, TargetValue } from '#shared/reference/indicators';

/** A decimal number written as a string: money, rates, weights and scores never pass through binary floats. */
export const DecimalString = z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'a decimal number as a string' });
export type DecimalString = z.infer<typeof DecimalString>;

/** Points: non-negative, at most 2 decimal places (so a full score never rounds above its weight). */
export const Points = z.string().regex(/^\d+(\.\d{1,2})?$/, { error: 'points: a non-negative decimal, ≤ 2 places' });

/** A fraction in [0, 1]. */
const Fraction = DecimalString.refine((s) => new Decimal(s).gte(0) && new Decimal(s).lte(1), {
  error: 'a fraction between 0 and 1',
});

/** 优 / 良 / 中 / 差: the grade of a qualitative indicator, and of a total score. */
export const Grade = z.enum(['优', '良', '中', '差']);
export type Grade = z.infer<typeof Grade>;
export const GRADE_LABELS: Record<Grade, { zh: string; en: string }> = {
  优: { zh: '优', en: 'Excellent' },
  良: { zh: '良', en: 'Good' },
  中: { zh: '中', en: 'Fair' },
  差: { zh: '差', en: 'Poor' },
};

/**
 * How an indicator's value earns its weight. Absent, the default for its direction applies (`defaultRule`).
 * - `ratio`: completion ratio actual ÷ target, capped at 1 (higher-better; lower-better uses target ÷ actual);
 *   below `zeroBelow` the indicator earns nothing.
 * - `linear`: full marks on the right side of the target (or inside the range); then points fall linearly with the
 *   shortfall and reach 0 at `tolerance` (in the indicator's unit). Tolerance 0 means all or nothing.
 * - `bands`: a band is reached when the value is ≥ its bound (lower-better: ≤); the value earns the highest fraction
 *   among the bands it reaches, 0 if none.
 * - `grades`: a qualitative grade maps to a fraction.
 */
export const ScoringRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ratio'), zeroBelow: DecimalString.optional() }),
  z.object({ kind: z.literal('linear'), tolerance: DecimalString.refine((s) => !s.startsWith('-')) }),
  z.object({
    kind: z.literal('bands'),
    bands: z.array(z.object({ bound: DecimalString, fraction: Fraction })).min(1),
  }),
  z.object({ kind: z.literal('grades'), fractions: z.record(Grade, Fraction) }),
]);
export type ScoringRule = z.infer<typeof ScoringRule>;

export const DEFAULT_GRADE_FRACTIONS: Record<Grade, string> = { 优: '1', 良: '0.8', 中: '0.6', 差: '0' };

/** Total-score grade thresholds: 优 ≥ excellent, 良 ≥ good, 中 ≥ fair, else 差. */
export const GradeThresholds = z
  .object({ excellent: DecimalString, good: DecimalString, fair: DecimalString })
  .refine((t) => new Decimal(t.excellent).gt(t.good) && new Decimal(t.good).gt(t.fair), {
    error: 'thresholds must fall: excellent > good > fair',
  });
export type GradeThresholds = z.infer<typeof GradeThresholds>;
export const DEFAULT_GRADE_THRESHOLDS: GradeThresholds = { excellent: '90', good: '80', fair: '60' };

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/** What an indicator is scored on: a number (quantitative) or a grade (qualitative). */
export type Actual = string | Decimal | { grade: Grade };

export interface IndicatorScore {
  id: string;
  category: Category;
  weight: string;
  /** The share of the weight earned, exact (not rounded). */
  fraction: Decimal;
  /** weight × fraction, 2 decimal places, half up. */
  score: Decimal;
}

/** The rule an indicator is scored by when its catalogue entry names none. */
export function defaultRule(
  indicator: Pick<Indicator, 'nature' | 'direction' | 'defaultTarget'>,
  target?: TargetValue,
): ScoringRule {
  if (indicator.nature === 'qualitative') return { kind: 'grades', fractions: DEFAULT_GRADE_FRACTIONS };
  switch (indicator.direction) {
    case 'higher-better':
    case 'lower-better':
      return { kind: 'ratio' };
    case 'range': {
      const t = target ?? indicator.defaultTarget;
      const width = t && 'min' in t ? new Decimal(t.max).minus(t.min) : ZERO;
      return { kind: 'linear', tolerance: width.toString() };
    }
    case 'equal':
      return { kind: 'linear', tolerance: '0' };
  }
}

const dec = (v: string | Decimal): Decimal => (v instanceof Decimal ? v : new Decimal(v));

function refuse(indicator: Pick<Indicator, 'id' | 'name'>, why: { zh: string; en: string }): never {
  throw unprocessable(
    'SCORING_INPUT',
    { zh: `指标 ${indicator.name.zh}：${why.zh}`, en: `Indicator ${indicator.id}: ${why.en}` },
    { indicator: indicator.id },
  );
}

/** How far a value falls on the wrong side of its target (0 when the target is met). */
function shortfall(direction: Indicator['direction'], value: Decimal, target: TargetValue): Decimal | undefined {
  if ('min' in target) {
    const min = dec(target.min);
    const max = dec(target.max);
    if (value.lt(min)) return min.minus(value);
    if (value.gt(max)) return value.minus(max);
    return ZERO;
  }
  if (!('value' in target)) return undefined;
  const t = dec(target.value);
  switch (direction) {
    case 'higher-better':
      return Decimal.max(ZERO, t.minus(value));
    case 'lower-better':
      return Decimal.max(ZERO, value.minus(t));
    case 'equal':
      return value.minus(t).abs();
    case 'range':
      return undefined;
  }
}

/** The share of its weight (0…1) an indicator earns. Exact. */
export function scoreFraction(
  indicator: Pick<Indicator, 'id' | 'name' | 'nature' | 'direction' | 'defaultTarget' | 'scoring'>,
  actual: Actual,
  target: TargetValue | undefined = indicator.defaultTarget,
): Decimal {
  const rule = indicator.scoring ?? defaultRule(indicator, target);
  if (rule.kind === 'grades') {
    if (typeof actual !== 'object' || !('grade' in actual))
      refuse(indicator, { zh: '定性指标须给出等级', en: 'a grade is required' });
    const f = rule.fractions[actual.grade];
    return f === undefined ? ZERO : dec(f);
  }
  if (typeof actual === 'object' && !(actual instanceof Decimal)) {
    refuse(indicator, { zh: '定量指标须给出数值', en: 'a number is required' });
  }
  const value = dec(actual);
  if (rule.kind === 'bands') {
    // The best fraction among the bands reached: reaching more bands can only raise it, so scores stay monotone
    // whatever order or fractions the bands are written with.
    const lower = indicator.direction === 'lower-better';
    let best = ZERO;
    for (const b of rule.bands) {
      if ((lower ? value.lte(b.bound) : value.gte(b.bound)) && best.lt(b.fraction)) best = dec(b.fraction);
    }
    return best;
  }
  if (!target) refuse(indicator, { zh: '缺少目标值', en: 'no target' });
  if (rule.kind === 'linear') {
    const short = shortfall(indicator.direction, value, target);
    if (short === undefined)
      refuse(indicator, { zh: '目标值形式与指标方向不符', en: 'target does not suit the direction' });
    const tol = dec(rule.tolerance);
    if (tol.isZero()) return short.isZero() ? ONE : ZERO;
    return Decimal.max(ZERO, ONE.minus(short.div(tol)));
  }
  // ratio
  if (!('value' in target))
    refuse(indicator, { zh: '完成率计分须给出单一目标值', en: 'a ratio needs a single target value' });
  const t = dec(target.value);
  let fraction: Decimal;
  if (indicator.direction === 'lower-better') {
    // Full marks at or under the target; above it, target ÷ actual (a target of 0 makes any excess cost everything).
    fraction = value.lte(t) ? ONE : t.lte(0) ? ZERO : t.div(value);
  } else {
    // A non-positive target has no meaningful ratio: met or not.
    fraction = t.lte(0) ? (value.gte(t) ? ONE : ZERO) : Decimal.min(ONE, Decimal.max(ZERO, value.div(t)));
  }
  if (rule.zeroBelow !== undefined && fraction.lt(rule.zeroBelow)) return ZERO;
  return fraction;
}

/** Round points the one way scores are rounded: 2 places, half up. */
export const roundPoints = (d: Decimal): Decimal => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);

/** One indicator's score: weight × fraction, rounded (see the module comment). */
export function scoreIndicator(
  indicator: Pick<Indicator, 'id' | 'name' | 'category' | 'nature' | 'direction' | 'defaultTarget' | 'scoring'>,
  weight: string | Decimal,
  actual: Actual,
  target?: TargetValue,
): IndicatorScore {
  const fraction = scoreFraction(indicator, actual, target ?? indicator.defaultTarget);
  const w = dec(weight);
  return {
    id: indicator.id,
    category: indicator.category,
    weight: w.toString(),
    fraction,
    score: roundPoints(w.times(fraction)),
  };
}

/** The grade of a total score, compared exactly: 89.99 → 良, 90.00 → 优 with the default thresholds. */
export function gradeOf(total: string | Decimal, thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): Grade {
  const t = dec(total);
  if (t.gte(thresholds.excellent)) return '优';
  if (t.gte(thresholds.good)) return '良';
  if (t.gte(thresholds.fair)) return '中';
  return '差';
}

export interface ScoreCard {
  indicators: IndicatorScore[];
  subtotals: Record<Category, Decimal>;
  total: Decimal;
  grade: Grade;
}

/** Category subtotals, the total (the exact sum of the rounded indicator scores) and its grade. */
export function summarise(scores: IndicatorScore[], thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS): ScoreCard {
  const subtotals: Record<Category, Decimal> = { decision: ZERO, process: ZERO, output: ZERO, outcome: ZERO };
  let total = ZERO;
  for (const s of scores) {
    subtotals[s.category] = subtotals[s.category].plus(s.score);
    total = total.plus(s.score);
  }
  return { indicators: scores, subtotals, total, grade: gradeOf(total, thresholds) };
}

/** Wire form of a score card: decimals as strings with 2 places. */
export function scoreCardToJson(card: ScoreCard) {
  const f = (d: Decimal) => d.toFixed(2);
  return {
    indicators: card.indicators.map((s) => ({ ...s, fraction: s.fraction.toString(), score: f(s.score) })),
    subtotals: Object.fromEntries(Object.entries(card.subtotals).map(([k, v]) => [k, f(v)])) as Record<
      Category,
      string
    >,
    total: f(card.total),
    grade: card.grade,
  };
}

/** What was achieved on one indicator, and against which target (default: the catalogue's guiding target). */
export interface IndicatorResult {
  actual: Actual;
  target?: TargetValue;
}

/**
 * The score card of one fund: every indicator that applies to it (as `listIndicators({ fund, catalogue })` gives
 * them, with their fund weight) scored from `results`. An indicator without a result is refused, not scored 0:
 * a missing figure is a gap in the report, not a failure of the fund.
 */
export function scoreFund(
  indicators: (Pick<Indicator, 'id' | 'name' | 'category' | 'nature' | 'direction' | 'defaultTarget' | 'scoring'> & {
    fundWeight: string;
  })[],
  results: Record<string, IndicatorResult>,
  thresholds: GradeThresholds = DEFAULT_GRADE_THRESHOLDS,
): ScoreCard {
  const missing = indicators.filter((i) => results[i.id] === undefined).map((i) => i.id);
  if (missing.length > 0) {
    throw unprocessable(
      'SCORING_RESULTS_MISSING',
      { zh: `缺少以下指标的实际值：${missing.join('、')}`, en: `No actual value for: ${missing.join(', ')}` },
      { missing },
    );
  }
  return summarise(
    indicators.map((i) => {
      const r = results[i.id]!;
      return scoreIndicator(i, i.fundWeight, r.actual, r.target);
    }),
    thresholds,
  );
}
