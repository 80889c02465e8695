/**
 * 目标比较法 for one monitoring submission (第十三条, R13.1): pure, no AWS. Each indicator against its approved target,
 * budget execution against the share of the year elapsed at the period's as-of date (时序进度), consistency of the
 * figures, and the qualitative notes — every problem found becomes a finding classified under 及时性 (timeliness),
 * 合规性 (compliance) or 有效性 (effectiveness), with a severity from the cycle's thresholds.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { endOfDayShanghai } from '#shared/platform/clock';
import type { Bilingual } from '#shared/platform/errors';
import { compareProgress, compareWithTargets } from '#shared/reference/deviation';
import { type Indicator, TargetValue } from '#shared/reference/indicators';
import { DecimalString } from '#shared/reference/scoring';

/** 及时性 合规性 有效性, and 风险防控 (第十二条: the fund's projected reserve) */
export const Dimension = z.enum(['timeliness', 'compliance', 'effectiveness', 'risk']);
export type Dimension = z.infer<typeof Dimension>;
export const DIMENSION_LABELS: Record<Dimension, Bilingual> = {
  timeliness: { zh: '及时性', en: 'Timeliness' },
  compliance: { zh: '合规性', en: 'Compliance' },
  effectiveness: { zh: '有效性', en: 'Effectiveness' },
  risk: { zh: '风险防控', en: 'Risk control' },
};

export const Severity = z.enum(['info', 'minor', 'major']);
export type Severity = z.infer<typeof Severity>;
const SEVERITY_RANK: Record<Severity, number> = { info: 0, minor: 1, major: 2 };
export const atLeast = (s: Severity, floor: Severity) => SEVERITY_RANK[s] >= SEVERITY_RANK[floor];

/** The days of each month; 29 for February, so a leap year's 02-29 can be named. */
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Per-cycle monitoring settings (central finance may change them; defaults below). */
export const MonitoringConfig = z.strictObject({
  /** 监控频次: a point at the end of each month, or of each quarter */
  frequency: z.enum(['monthly', 'quarterly']).default('monthly'),
  /** extra as-of points, `MM-DD` (e.g. `06-30` for a half-year point in a quarterly schedule) */
  extraPoints: z
    .array(
      z
        .string()
        .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { error: '日期格式须为 MM-DD / date: MM-DD' })
        .refine((p) => Number(p.slice(3)) <= DAYS_IN_MONTH[Number(p.slice(0, 2)) - 1]!, {
          error: '该月没有这一天 / that month has no such day',
        }),
    )
    .max(24)
    .refine((points) => new Set(points).size === points.length, { error: '日期不能重复 / a date is listed twice' })
    .default([]),
  /** days after the as-of date by which the submission is due (end of that day, Asia/Shanghai) */
  dueDays: z.int().min(0).max(60).default(10),
  thresholds: z
    .strictObject({
      /** execution rate behind the elapsed share by more than this (fraction points): minor; by `progressMajor`: major */
      progressMinor: DecimalString.default('0.05'),
      progressMajor: DecimalString.default('0.10'),
      /** relative deviation of a missed indicator beyond which it is minor / major */
      indicatorMinor: DecimalString.default('0.05'),
      indicatorMajor: DecimalString.default('0.10'),
      /** the agency's contribution income may differ from the tax department's collection by this share */
      taxTolerance: DecimalString.default('0.01'),
    })
    .prefault({}),
  /** findings of this severity or worse open a correction item (整改) */
  correctFrom: Severity.exclude(['info']).default('major'),
  /** days the region has to correct a finding */
  correctionDays: z.int().min(1).max(365).default(30),
  /** severity of a submission still missing at its due date */
  missingSeverity: Severity.default('major'),
});
export type MonitoringConfig = z.infer<typeof MonitoringConfig>;
export const DEFAULT_CONFIG: MonitoringConfig = MonitoringConfig.parse({});

// --- the schedule ------------------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The as-of dates (`YYYY-MM-DD`) of a budget year's monitoring periods, in order. */
export function schedulePoints(year: number, config: MonitoringConfig): string[] {
  const months = config.frequency === 'monthly' ? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] : [3, 6, 9, 12];
  const points = new Set(months.map((m) => `${year}-${pad(m)}-${pad(lastDay(year, m))}`));
  for (const p of config.extraPoints) {
    const [m, d] = p.split('-').map(Number) as [number, number];
    if (d <= lastDay(year, m)) points.add(`${year}-${p}`);
  }
  return [...points].sort();
}

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** A period opens at the start of its as-of day (Asia/Shanghai); it is due `dueDays` later, end of day. */
export function periodTimes(asOf: string, dueDays: number): { opensAt: string; due: string; asOfEnd: string } {
  const [y, m, d] = parts(asOf);
  const opensAt = new Date(Date.UTC(y, m - 1, d) - 8 * 3_600_000).toISOString();
  const dueDate = new Date(Date.UTC(y, m - 1, d + dueDays));
  return {
    opensAt,
    due: endOfDayShanghai(dueDate.getUTCFullYear(), dueDate.getUTCMonth() + 1, dueDate.getUTCDate()).toISOString(),
    asOfEnd: endOfDayShanghai(y, m, d).toISOString(),
  };
}

// --- money ---------------------------------------------------------------------------------------------------------

/** The figures 第十二条 names, year to date (累计) and as budgeted for the year (年度预算). */
export const FIGURES = {
  contributionIncome: { zh: '社会保险费收入（税务部门征收数据）', en: 'Contribution income (tax department data)' },
  subsidy: { zh: '一般公共预算财政补助收入', en: 'General-budget fiscal subsidies' },
  benefits: { zh: '社会保险待遇支出', en: 'Benefits paid' },
  income: { zh: '基金收入合计', en: 'Fund income' },
  expenditure: { zh: '基金支出合计', en: 'Fund expenditure' },
  balance: { zh: '基金累计结余', en: 'Fund balance' },
} as const;
export type Figure = keyof typeof FIGURES;
export const BUDGET_LINES = ['contributionIncome', 'subsidy', 'benefits', 'income', 'expenditure'] as const;
export type BudgetLine = (typeof BUDGET_LINES)[number];

/** yuan (≤ 2 places) → integer fen, as a string */
export const toFen = (yuan: string): string => new Decimal(yuan).times(100).toFixed(0);
export const toYuan = (fen: string): string => new Decimal(fen).div(100).toFixed(2);

// --- the comparison ------------------------------------------------------------------------------------------------

export interface FindingDraft {
  code: string;
  dimension: Dimension;
  severity: Severity;
  message: Bilingual;
  details: Record<string, unknown>;
}

const BilingualText = z.object({ zh: z.string(), en: z.string() });

export const ProgressLine = z.object({
  budget: z.string(),
  executed: z.string(),
  executionRate: z.string(),
  elapsedShare: z.string(),
  gap: z.string(),
  status: z.enum(['behind', 'on-track', 'ahead']),
});
export type ProgressLine = z.infer<typeof ProgressLine>;

export const IndicatorLine = z.object({
  id: z.string(),
  name: BilingualText,
  target: TargetValue,
  actual: z.string(),
  met: z.boolean(),
  side: z.enum(['below', 'on', 'above']),
  deviation: z.string(),
});
export type IndicatorLine = z.infer<typeof IndicatorLine>;

/** The comparison of one submission, as it is stored with it and shown. */
export const Comparison = z.object({
  asOf: z.string(),
  elapsedShare: z.string(),
  progress: z.partialRecord(z.enum(BUDGET_LINES), ProgressLine),
  indicators: z.array(IndicatorLine),
});
export type Comparison = z.infer<typeof Comparison>;

export interface CompareInput {
  year: number;
  asOf: string;
  config: MonitoringConfig;
  /** fen strings */
  budget: Record<BudgetLine, string>;
  actual: Record<Figure, string>;
  /** the previous period's year-to-date figures (fen), if it was submitted */
  previous?: Record<Figure, string>;
  indicators: {
    indicator: Pick<Indicator, 'id' | 'name' | 'direction' | 'nature'>;
    actual: string | { grade: '优' | '良' | '中' | '差' };
    target: TargetValue;
  }[];
}

const fmtPct = (d: Decimal) => `${d.times(100).toFixed(2)}%`;

export function compareSubmission(input: CompareInput): { comparison: Comparison; findings: FindingDraft[] } {
  const { config, year, asOf } = input;
  const t = config.thresholds;
  const [y, m, d] = parts(asOf);
  const at = endOfDayShanghai(y, m, d);
  const findings: FindingDraft[] = [];
  const progress: Comparison['progress'] = {};
  let elapsed = new Decimal(0);

  for (const line of BUDGET_LINES) {
    const budget = new Decimal(input.budget[line]);
    const executed = new Decimal(input.actual[line]);
    if (budget.lte(0)) continue; // nothing budgeted (e.g. no subsidy for this fund): no progress to measure
    const p = compareProgress({
      budget: budget.toString(),
      executed: executed.toString(),
      year,
      at,
      tolerance: t.progressMinor,
    });
    elapsed = p.elapsedShare;
    progress[line] = {
      budget: input.budget[line],
      executed: input.actual[line],
      executionRate: p.executionRate.toString(),
      elapsedShare: p.elapsedShare.toString(),
      gap: p.gap.toString(),
      status: p.status,
    };
    if (p.status === 'behind') {
      const severity: Severity = p.gap.neg().gt(t.progressMajor) ? 'major' : 'minor';
      const label = FIGURES[line];
      findings.push(
        line === 'subsidy'
          ? {
              code: 'subsidy-late',
              dimension: 'timeliness',
              severity,
              message: {
                zh: `财政补助到位不及时：截至 ${asOf} 到位率 ${fmtPct(p.executionRate)}，低于时序进度 ${fmtPct(p.elapsedShare)}`,
                en: `Fiscal subsidy arriving late: ${fmtPct(p.executionRate)} received by ${asOf}, behind the ${fmtPct(p.elapsedShare)} of the year elapsed`,
              },
              details: { line, executionRate: p.executionRate.toString(), elapsedShare: p.elapsedShare.toString() },
            }
          : {
              code: `progress-${line}`,
              dimension: 'effectiveness',
              severity,
              message: {
                zh: `${label.zh}执行进度 ${fmtPct(p.executionRate)}，落后于时序进度 ${fmtPct(p.elapsedShare)}`,
                en: `${label.en}: execution ${fmtPct(p.executionRate)}, behind the ${fmtPct(p.elapsedShare)} of the year elapsed`,
              },
              details: { line, executionRate: p.executionRate.toString(), elapsedShare: p.elapsedShare.toString() },
            },
      );
    }
    if (line === 'expenditure' && executed.gt(budget)) {
      findings.push({
        code: 'expenditure-over-budget',
        dimension: 'compliance',
        severity: 'major',
        message: { zh: '基金支出超过年度预算', en: 'Fund expenditure exceeds the annual budget' },
        details: { budget: input.budget[line], executed: input.actual[line] },
      });
    }
  }

  // 合规性: the figures must hang together.
  const a = (f: Figure) => new Decimal(input.actual[f]);
  if (a('contributionIncome').plus(a('subsidy')).gt(a('income'))) {
    findings.push({
      code: 'income-parts-exceed-total',
      dimension: 'compliance',
      severity: 'major',
      message: {
        zh: '社会保险费收入与财政补助收入之和超过基金收入合计',
        en: 'Contribution income plus subsidies exceed total fund income',
      },
      details: {},
    });
  }
  if (a('benefits').gt(a('expenditure'))) {
    findings.push({
      code: 'benefits-exceed-expenditure',
      dimension: 'compliance',
      severity: 'major',
      message: { zh: '待遇支出超过基金支出合计', en: 'Benefits paid exceed total fund expenditure' },
      details: {},
    });
  }
  if (input.previous) {
    const decreased = BUDGET_LINES.filter((f) => a(f).lt(input.previous?.[f] ?? '0'));
    if (decreased.length) {
      findings.push({
        code: 'cumulative-decrease',
        dimension: 'compliance',
        severity: 'minor',
        message: {
          zh: `累计数低于上期：${decreased.map((f) => FIGURES[f].zh).join('、')}`,
          en: `Year-to-date figures below the previous period: ${decreased.join(', ')}`,
        },
        details: { figures: decreased },
      });
    }
  }
  if (a('balance').isNegative()) {
    findings.push({
      code: 'negative-balance',
      dimension: 'compliance',
      severity: 'major',
      message: { zh: '基金累计结余为负，存在支付风险', en: 'Negative fund balance: a payment risk' },
      details: { balance: input.actual.balance },
    });
  }

  // 有效性: each indicator against its approved target.
  const compared = compareWithTargets(
    input.indicators.map((i) => ({
      indicator: { ...i.indicator, defaultTarget: undefined },
      actual: i.actual,
      target: i.target,
    })),
    { threshold: t.indicatorMinor },
  );
  const indicators: IndicatorLine[] = compared.map((c) => ({
    id: c.id,
    name: c.name,
    target: c.target,
    actual: c.actual,
    met: c.met,
    side: c.side,
    deviation: c.deviation.toString(),
  }));
  for (const c of compared) {
    if (c.met) continue;
    const qualitative = 'grade' in c.target;
    const severity: Severity = qualitative
      ? c.deviation.gte(2)
        ? 'major'
        : 'minor'
      : c.deviation.gt(t.indicatorMajor)
        ? 'major'
        : c.deviation.gt(t.indicatorMinor)
          ? 'minor'
          : 'info';
    const target =
      'grade' in c.target ? c.target.grade : 'value' in c.target ? c.target.value : `${c.target.min}–${c.target.max}`;
    findings.push({
      code: `indicator-${c.id}`,
      dimension: 'effectiveness',
      severity,
      message: {
        zh: `指标“${c.name.zh}”当前值 ${c.actual} 未达目标 ${target}`,
        en: `Indicator “${c.name.en}” at ${c.actual} misses its target ${target}`,
      },
      details: { indicator: c.id, actual: c.actual, target: c.target, deviation: c.deviation.toString() },
    });
  }

  const elapsedShare = elapsed.isZero()
    ? compareProgress({ budget: '1', executed: '0', year, at }).elapsedShare
    : elapsed;
  return { comparison: { asOf, elapsedShare: elapsedShare.toString(), progress, indicators }, findings };
}

// --- what else is raised (及时性, R13.1) -----------------------------------------------------------------------------

/** A period still without a submission at its due date. */
export function missingSubmissionFinding(period: { asOf: string; due: string }, severity: Severity): FindingDraft {
  return {
    code: 'missing-submission',
    dimension: 'timeliness',
    severity,
    message: {
      zh: `${period.asOf} 期监控数据未在截止时间前报送`,
      en: `Monitoring data for the period ending ${period.asOf} was not submitted by its due date`,
    },
    details: { due: period.due },
  };
}

/** A submission that arrived after its period's due date (unless it was already recorded as missing). */
export function lateSubmissionFinding(period: { asOf: string; due: string }, submittedAt: string): FindingDraft {
  return {
    code: 'late-submission',
    dimension: 'timeliness',
    severity: 'minor',
    message: {
      zh: `${period.asOf} 期监控数据逾期报送`,
      en: `Monitoring data for ${period.asOf} was submitted after its due date`,
    },
    details: { due: period.due, submittedAt },
  };
}

/** The findings of an earlier version of a submission that no longer apply and were only noted: they are resolved. */
export function resolvedFindings<F extends { code: string; status: string }>(
  existing: F[],
  drafts: FindingDraft[],
): F[] {
  return existing.filter(
    (f) =>
      f.status === 'noted' &&
      f.code !== 'late-submission' &&
      f.code !== 'missing-submission' &&
      // raised by the comparison of the province's regions, not by this submission alone
      !f.code.startsWith('outlier-') &&
      !drafts.some((d) => d.code === f.code),
  );
}

/** A correction item's due date: the end of the day (Asia/Shanghai) `days` after `at`. */
export function correctionDue(at: string, days: number): string {
  const dueDate = new Date(Date.parse(at) + days * 86_400_000 + 8 * 3_600_000);
  return new Date(
    Date.UTC(dueDate.getUTCFullYear(), dueDate.getUTCMonth(), dueDate.getUTCDate(), 23, 59, 59, 999) - 8 * 3_600_000,
  ).toISOString();
}
