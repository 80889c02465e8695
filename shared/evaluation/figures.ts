import Decimal from 'decimal.js';
import type { BudgetOutcome, Discrepancy, StoredActual } from '#shared/evaluation/records';
import { readBudgetOutcome, yearEndSubmission } from '#shared/evaluation/store';
import { type Bilingual, unprocessable } from '#shared/platform/errors';
import { type Catalogue, evaluateIndicator, type Indicator, listIndicators } from '#shared/reference/indicators';

/**
 * The self-evaluation's figures against what the year's own records say (第十八条: 数据真实, R18.3; 第四条: the chain
 * covers the final accounts, R4.2): the budget execution indicators computed from the final accounts (决算), and every
 * indicator the region's monitoring submission as of 31 December carries. A stated figure that differs from either at
 * the indicator's precision (a grade: a different grade) is a discrepancy, and the self-evaluation goes on only once
 * each is explained (数据差异说明).
 */

/** The budget execution indicators and the final-accounts lines (fen) each is computed from, by the catalogue's formula. */
export const EXECUTION_INDICATORS = {
  'income-budget-execution': (b: BudgetOutcome, f: FinalLines) => ({
    actualIncome: f.income,
    budgetedIncome: b.lines.income,
  }),
  'expenditure-budget-execution': (b: BudgetOutcome, f: FinalLines) => ({
    actualExpenditure: f.expenditure,
    budgetedExpenditure: b.lines.expenditure,
  }),
  'budget-adjustment-rate': (b: BudgetOutcome) => ({
    adjustmentAmount: new Decimal(b.lines.expenditure)
      .minus(b.versions[0]?.lines.expenditure ?? b.lines.expenditure)
      .abs()
      .toFixed(0),
    initialBudget: b.versions[0]?.lines.expenditure ?? b.lines.expenditure,
  }),
} as const;
type FinalLines = NonNullable<BudgetOutcome['finalAccounts']>['lines'];

/** The budget execution indicators' values from the final accounts and the budget in force; none before the 决算. */
export async function finalAccountsFigures(year: number, org: string, fund: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const budget = await readBudgetOutcome(year, org, fund);
  const final = budget?.finalAccounts?.lines;
  if (!budget || !final) return out;
  const catalogue = new Map(listIndicators({ fund }).map((i) => [i.id, i]));
  for (const [id, inputsOf] of Object.entries(EXECUTION_INDICATORS)) {
    const ind = catalogue.get(id);
    if (!ind) continue;
    const inputs = inputsOf(budget, final);
    // nothing budgeted (the denominator, each formula's last input): nothing to measure
    if (new Decimal(Object.values(inputs).at(-1) ?? '0').isZero()) continue;
    out.set(id, evaluateIndicator(ind, inputs).toFixed(ind.precision));
  }
  return out;
}

/**
 * The budget execution indicators the region left out, filled from the final accounts once they are recorded (R4.2).
 * A typed value stands: where it differs from the final accounts, it is a discrepancy to explain.
 */
export async function withBudgetExecution<A extends { id: string; actual: string }>(
  year: number,
  org: string,
  fund: string,
  actuals: A[],
): Promise<A[]> {
  const given = new Set(actuals.map((a) => a.id));
  const computed = [...(await finalAccountsFigures(year, org, fund))].filter(([id]) => !given.has(id));
  return [...actuals, ...computed.map(([id, actual]) => ({ id, actual }) as A)];
}

/** Whether `stated` and `reference` differ: at the indicator's precision, or as grades. */
export function differs(
  indicator: Pick<Indicator, 'nature' | 'precision'>,
  stated: string,
  reference: string,
): boolean {
  if (indicator.nature === 'qualitative') return stated !== reference;
  try {
    return !new Decimal(stated)
      .toDecimalPlaces(indicator.precision)
      .eq(new Decimal(reference).toDecimalPlaces(indicator.precision));
  } catch {
    return stated !== reference;
  }
}

/** The stated figures that differ from the final accounts or the year-end monitoring figures, each marked explained or not. */
export async function discrepanciesOf(
  year: number,
  org: string,
  fund: string,
  actuals: StoredActual[],
  rules?: Catalogue,
): Promise<Discrepancy[]> {
  const [final, monitored] = await Promise.all([
    finalAccountsFigures(year, org, fund),
    yearEndSubmission(year, org, fund),
  ]);
  const catalogue = new Map(listIndicators({ fund, ...(rules ? { catalogue: rules } : {}) }).map((i) => [i.id, i]));
  const monitoring = new Map(
    (monitored?.indicators ?? []).flatMap((i) => {
      const value = i.value ?? i.grade;
      return value === undefined ? [] : [[i.id, value] as const];
    }),
  );
  const out: Discrepancy[] = [];
  for (const a of actuals) {
    const ind = catalogue.get(a.id);
    if (!ind) continue;
    const fromFinal = final.get(a.id);
    const fromMonitoring = monitoring.get(a.id);
    const d: Discrepancy = { id: a.id, stated: a.actual, explained: Boolean(a.explanation?.trim()) };
    if (fromFinal !== undefined && differs(ind, a.actual, fromFinal)) d.finalAccounts = fromFinal;
    if (monitored && fromMonitoring !== undefined && differs(ind, a.actual, fromMonitoring))
      d.monitoring = { asOf: monitored.asOf, value: fromMonitoring };
    if (d.finalAccounts !== undefined || d.monitoring) out.push(d);
  }
  return out;
}

/** What a discrepancy is, in words: the stated figure and the records' figures it differs from. */
export function discrepancyMessage(d: Discrepancy): Bilingual {
  const zh = [
    d.finalAccounts !== undefined ? `决算数${d.finalAccounts}` : '',
    d.monitoring ? `12月31日监控数${d.monitoring.value}` : '',
  ].filter(Boolean);
  const en = [
    d.finalAccounts !== undefined ? `the final accounts' ${d.finalAccounts}` : '',
    d.monitoring ? `the 31 December monitoring figure ${d.monitoring.value}` : '',
  ].filter(Boolean);
  return {
    zh: `实际值${d.stated}与${zh.join('、')}不一致，须填写差异说明`,
    en: `The actual value ${d.stated} differs from ${en.join(' and ')}; explain the difference`,
  };
}

/** A refusal of figures that carry an unexplained discrepancy, each at its entry's `explanation` field. */
export function assertExplained(actuals: { id: string }[], discrepancies: Discrepancy[]): void {
  const issues = discrepancies
    .filter((d) => !d.explained)
    .map((d) => ({
      path: `actuals.${actuals.findIndex((a) => a.id === d.id)}.explanation`,
      code: 'DISCREPANCY_UNEXPLAINED',
      message: discrepancyMessage(d),
    }));
  if (issues.length)
    throw unprocessable(
      'ACTUALS_INVALID',
      {
        zh: '自评数据与决算或监控数据不一致，须说明差异',
        en: 'The figures differ from the final accounts or monitoring; explain',
      },
      { issues },
    );
}
