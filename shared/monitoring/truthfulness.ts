/**
 * 数据真实 (第十八条; 第五条 税务部门): checks that the figures a region reports hold up against what else is known —
 * the contributions the tax department collected, the region's own series, and the other regions of its province.
 * Pure: each check returns the finding it raises, with its reason and the figures it compared, or nothing. Methods
 * and thresholds are stated in docs/DOMAIN.md (data truthfulness).
 */
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { FindingDraft } from '#shared/monitoring/compare';

/** |robust z| above this is an outlier (Iglewicz and Hoaglin's 3.5 on the modified z-score). */
export const OUTLIER_Z = 3.5;
/** the modified z-score's constant: 0.6745 × (x − median) / MAD makes it comparable with a normal z */
const MODIFIED_Z = 0.6745;

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * The agency's recorded contribution income against the contributions the tax department says it collected, both
 * year to date (fen). Beyond `tolerance` (a share of the tax figure) a finding addressed to both.
 */
export function taxMismatch(input: {
  asOf: string;
  agency: string;
  tax: string;
  tolerance: number;
}): FindingDraft | undefined {
  const agency = Number(input.agency);
  const tax = Number(input.tax);
  const gap = agency - tax;
  const share = tax === 0 ? (agency === 0 ? 0 : 1) : Math.abs(gap) / tax;
  if (share <= input.tolerance) return undefined;
  return {
    code: 'tax-mismatch',
    dimension: 'compliance',
    severity: share > input.tolerance * 4 ? 'major' : 'minor',
    message: {
      zh: `截至${input.asOf}，经办机构记录的社会保险费收入与税务部门征收数相差${pct(share)}，超过容差${pct(input.tolerance)}`,
      en: `By ${input.asOf} the agency's recorded contribution income differs from the tax department's collection by ${pct(share)}, beyond the ${pct(input.tolerance)} tolerance`,
    },
    details: {
      agency: input.agency,
      tax: input.tax,
      gap: String(gap),
      share: share.toFixed(4),
      tolerance: input.tolerance,
    },
  };
}

/**
 * A period's increment against the increments the series has shown so far (year-to-date figures, so increments
 * are the months' own amounts): a jump whose robust z-score exceeds `OUTLIER_Z` × 2 is more than the series
 * supports. Needs three earlier increments; with fewer, nothing is said.
 */
export function seriesJump(input: {
  asOf: string;
  figure: string;
  label: { zh: string; en: string };
  /** the earlier periods' year-to-date values, oldest first */
  earlier: string[];
  current: string;
}): FindingDraft | undefined {
  const values = [...input.earlier, input.current].map(Number);
  const steps = values.slice(1).map((v, i) => v - (values[i] as number));
  const history = [Number(input.earlier[0] ?? 0), ...steps.slice(0, -1)];
  const step = steps.at(-1);
  if (step === undefined || history.length < 3) return undefined;
  const mid = median(history);
  const mad = medianAbsoluteDeviation(history);
  const spread = mad > 0 ? mad : Math.max(1, Math.abs(mid) * 0.01);
  const z = (MODIFIED_Z * (step - mid)) / spread;
  if (Math.abs(z) <= OUTLIER_Z * 2) return undefined;
  return {
    code: `series-jump-${input.figure}`,
    dimension: 'compliance',
    severity: 'minor',
    message: {
      zh: `${input.label.zh}本期增加${step}分，远离此前各期（中位数${mid}分），请核实`,
      en: `${input.label.en} rose by ${step} fen this period, far from the earlier periods (median ${mid} fen): to be verified`,
    },
    details: { figure: input.figure, step: String(step), median: String(mid), mad: String(mad), z: z.toFixed(2) },
  };
}

/**
 * The regions of one province, same fund and period, on one measure (an execution rate, a per-capita benefit,
 * the subsidy arrival rate): those whose modified z-score on the median and the MAD exceeds `OUTLIER_Z` are to be
 * verified by the province. With fewer than five regions, or no spread at all, nobody is singled out.
 */
export function outliers(
  values: { org: string; value: number }[],
): { org: string; value: number; z: number; median: number }[] {
  if (values.length < 5) return [];
  const xs = values.map((v) => v.value);
  const mid = median(xs);
  const mad = medianAbsoluteDeviation(xs);
  if (mad === 0) return [];
  return values
    .map((v) => ({ ...v, z: (MODIFIED_Z * (v.value - mid)) / mad, median: mid }))
    .filter((v) => Math.abs(v.z) > OUTLIER_Z);
}

export function outlierFinding(
  asOf: string,
  measure: { code: string; label: { zh: string; en: string } },
  o: { org: string; value: number; z: number; median: number },
): FindingDraft {
  return {
    code: `outlier-${measure.code}`,
    dimension: 'compliance',
    severity: 'info',
    message: {
      zh: `${measure.label.zh}与全省其他统筹地区差异显著（本地区${o.value.toFixed(4)}，中位数${o.median.toFixed(4)}），待核实`,
      en: `${measure.label.en} far from the province's other regions (${o.value.toFixed(4)} against a median of ${o.median.toFixed(4)}): to be verified`,
    },
    details: { measure: measure.code, asOf, value: o.value, median: o.median, z: Number(o.z.toFixed(2)) },
  };
}
