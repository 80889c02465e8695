/**
 * 基金运行风险预警 (第二条 促进基金精算平衡、防范基金运行风险; 第十二条 风险防控): from a pooling region × fund's
 * monitoring trajectory, project where the fund stands at year end and how many months of expenditure its
 * accumulated balance pays (可支付月数 = accumulated balance ÷ average monthly expenditure). Pure; the method and its
 * thresholds are stated in docs/DOMAIN.md (fund risk early warning).
 *
 * Method. The year-to-date income and expenditure at month m are scaled by the share of the year's total that
 * the same period held in the previous years (seasonality, their mean): projected total = year-to-date ÷ share.
 * The balance then moves month by month by each month's expected income less expenditure (the shares' steps), so
 * a fund that runs dry before December is seen even if it would recover by then. Uncertainty: each previous year
 * is projected the same way from its own month m with the other previous years' shares (leave one out), and the
 * range of those errors, in months of expenditure, is put around today's projection. With fewer than two previous
 * years there is neither a seasonal profile worth the name nor an error to learn from: the remaining months are
 * taken to follow the year's budget evenly (its own profile) and no range is given — the result says so.
 */
import type { Bilingual } from '#shared/platform/errors';
import { RESERVE_THRESHOLDS } from '#shared/reference/data/reserve-thresholds';

/** Year-to-date figures at the end of month `month` (1–12), integer fen as strings; `balance` is accumulated. */
export interface MonthFigures {
  month: number;
  income: string;
  expenditure: string;
  balance: string;
}

export interface RiskInput {
  fund: string;
  /** this year's latest submitted period */
  current: MonthFigures;
  /** this year's annual budget (fen) */
  budget: { income: string; expenditure: string };
  /** the same region × fund's previous years, each with its month `current.month` and its month 12 */
  previous: { year: number; months: MonthFigures[] }[];
}

export type RiskLevel = 'none' | 'minor' | 'major';

export interface Projection {
  method: 'seasonal' | 'budget-profile';
  /** the previous years whose shares were used (empty for the budget profile) */
  basis: number[];
  month: number;
  yearEnd: { income: string; expenditure: string; balance: string };
  /** 可支付月数 at year end: the projected balance (not below 0) over the projected average monthly expenditure;
   *  null when no expenditure is projected (nothing to pay) */
  monthsPayable: number | null;
  /** the first month whose projected end balance is below zero, if any */
  runsOutIn: number | null;
  /** months payable, low and high, from the previous years' errors of the same projection; null without them */
  range: { low: number; high: number } | null;
  level: RiskLevel;
  thresholds: { minor: number; major: number };
  note: Bilingual;
}

const n = (fen: string) => Number(fen);
const fen = (x: number) => Math.round(x).toString();
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Each month's share of the year's total, cumulative (index 0 is month 1), averaged over the years given. */
function shares(years: { months: MonthFigures[] }[], figure: 'income' | 'expenditure'): number[] | undefined {
  const perYear = years.map((y) => {
    const byMonth = new Map(y.months.map((m) => [m.month, n(m[figure])]));
    const total = byMonth.get(12);
    if (!total || total <= 0) return undefined;
    // a month without a figure takes the last one known (quarterly monitoring): the cumulative share holds
    let last = 0;
    return Array.from({ length: 12 }, (_, i) => {
      last = byMonth.get(i + 1) ?? last;
      return Math.min(1, last / total);
    });
  });
  if (perYear.some((s) => !s) || perYear.length === 0) return undefined;
  return Array.from({ length: 12 }, (_, i) => perYear.reduce((sum, s) => sum + (s?.[i] ?? 0), 0) / perYear.length);
}

interface Path {
  yearEnd: { income: number; expenditure: number; balance: number };
  runsOutIn: number | null;
}

/** The balance month by month from `month` to December, given cumulative shares (or an even budget profile). */
function project(
  current: MonthFigures,
  sI: number[] | undefined,
  sE: number[] | undefined,
  budget: RiskInput['budget'],
): Path {
  const m = current.month;
  const I = n(current.income);
  const E = n(current.expenditure);
  const B = n(current.balance);
  // cumulative income and expenditure expected by the end of month k (k = m … 12)
  const cumulative = (k: number): { income: number; expenditure: number } => {
    if (sI && sE && (sI[m - 1] ?? 0) > 0 && (sE[m - 1] ?? 0) > 0) {
      const totalI = I / (sI[m - 1] as number);
      const totalE = E / (sE[m - 1] as number);
      return { income: totalI * (sI[k - 1] as number), expenditure: totalE * (sE[k - 1] as number) };
    }
    const rest = (k - m) / 12;
    return { income: I + n(budget.income) * rest, expenditure: E + n(budget.expenditure) * rest };
  };
  let runsOutIn: number | null = B < 0 ? m : null;
  for (let k = m + 1; k <= 12 && runsOutIn === null; k++) {
    const c = cumulative(k);
    if (B + (c.income - I) - (c.expenditure - E) < 0) runsOutIn = k;
  }
  const end = cumulative(12);
  return {
    yearEnd: {
      income: end.income,
      expenditure: end.expenditure,
      balance: B + (end.income - I) - (end.expenditure - E),
    },
    runsOutIn,
  };
}

const monthsOf = (balance: number, expenditure: number) =>
  expenditure > 0 ? Math.max(0, balance) / (expenditure / 12) : Number.POSITIVE_INFINITY;

export function thresholdsOf(fund: string): { minor: number; major: number } {
  return RESERVE_THRESHOLDS[fund] ?? RESERVE_THRESHOLDS.default;
}

export function projectReserve(input: RiskInput): Projection {
  const m = input.current.month;
  const usable = input.previous.filter(
    (y) => y.months.some((p) => p.month === 12) && y.months.some((p) => p.month <= m),
  );
  const seasonal = usable.length >= 2;
  const sI = seasonal ? shares(usable, 'income') : undefined;
  const sE = seasonal ? shares(usable, 'expenditure') : undefined;
  const path = project(input.current, sI, sE, input.budget);
  const months = monthsOf(path.yearEnd.balance, path.yearEnd.expenditure);

  let range: Projection['range'] = null;
  if (seasonal && sI && sE) {
    // leave one out: each previous year projected from its own month m with the others' shares
    const errors = usable.flatMap((y) => {
      const others = usable.filter((o) => o !== y);
      const at = [...y.months].filter((p) => p.month <= m).sort((a, b) => b.month - a.month)[0];
      const end = y.months.find((p) => p.month === 12);
      if (!at || !end) return [];
      const p = project({ ...at, month: m }, shares(others, 'income'), shares(others, 'expenditure'), input.budget);
      return [monthsOf(n(end.balance), n(end.expenditure)) - monthsOf(p.yearEnd.balance, p.yearEnd.expenditure)];
    });
    const finite = errors.filter(Number.isFinite);
    if (finite.length && Number.isFinite(months)) {
      range = {
        low: round1(Math.max(0, months + Math.min(0, ...finite))),
        high: round1(months + Math.max(0, ...finite)),
      };
    }
  }

  const thresholds = thresholdsOf(input.fund);
  const level: RiskLevel =
    path.runsOutIn !== null || months < thresholds.major ? 'major' : months < thresholds.minor ? 'minor' : 'none';
  // (an infinite `months` — no expenditure — compares as above every threshold)
  const note: Bilingual = seasonal
    ? {
        zh: `按${usable.map((y) => `${y.year}年`).join('、')}同期进度推算，区间取自同一方法对往年的误差`,
        en: `Projected from the same-period shares of ${usable.map((y) => y.year).join(', ')}; the range is that method's error on those years`,
      }
    : {
        zh: '往年同期数据不足两年，按本年预算均衡执行推算，未给出误差区间',
        en: 'Fewer than two previous years: projected on the budget’s own even profile, with no error range',
      };
  return {
    method: seasonal ? 'seasonal' : 'budget-profile',
    basis: seasonal ? usable.map((y) => y.year) : [],
    month: m,
    yearEnd: {
      income: fen(path.yearEnd.income),
      expenditure: fen(path.yearEnd.expenditure),
      balance: fen(path.yearEnd.balance),
    },
    monthsPayable: Number.isFinite(months) ? round1(months) : null,
    runsOutIn: path.runsOutIn,
    range,
    level,
    thresholds,
    note,
  };
}
