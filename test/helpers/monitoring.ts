import type { TestSystem } from './local.ts';
import { issueToRegions } from './targets.ts';

/** The indicators a region is monitored on in these tests: two quantitative, one qualitative. */
export const MONITORED_INDICATORS = [
  { id: 'collection-rate', target: { value: '98' } },
  { id: 'expenditure-income-growth-gap', target: { value: '-0.5' } },
  { id: 'risk-control', target: { grade: '良' } },
];

/**
 * Issue a province's 职工基本医疗 (EBMI) target through 制定 → 初审 → 审核 → 中央审核 → 下达 over the API and the
 * mailbox, then decompose it to the given pooling regions — the way a region comes to be monitored.
 */
export function issueEbmiToRegions(sys: TestSystem, year: number, province: string, regions: string[]) {
  const draft = { goals: ['待遇按时足额发放 / pay on time and in full'], indicators: MONITORED_INDICATORS };
  return issueToRegions(sys, year, province, 'EBMI', regions, draft);
}
