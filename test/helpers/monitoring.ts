import type { TestSystem } from './local.ts';
import { decide, taskLink } from './tasks.ts';

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
export async function issueEbmiToRegions(sys: TestSystem, year: number, province: string, regions: string[]) {
  const draft = { goals: ['待遇按时足额发放 / pay on time and in full'], indicators: MONITORED_INDICATORS };
  const saved = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/EBMI/draft`, {
    as: `medsec-agency.${province}`,
    body: draft,
  });
  if (saved.status !== 200) throw new Error(`draft: ${JSON.stringify(saved.body)}`);
  for (const [who, step, decision] of [
    [`medsec-agency.${province}`, '制定', 'submit'],
    [`medsec-admin.${province}`, '初审', 'approve'],
    [`finance.${province}`, '[^央]审核', 'approve'],
    ['finance.100000', '中央审核', 'approve'],
  ] as const) {
    const res = await decide(sys, who, await taskLink(sys, who, new RegExp(`职工基本医疗.*${step}`)), decision);
    if (res.status !== 200) throw new Error(`${step}: ${JSON.stringify(res.body)}`);
  }
  const res = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/EBMI/regions`, {
    as: `finance.${province}`,
    body: { regions: regions.map((org) => ({ org, indicators: MONITORED_INDICATORS })) },
  });
  if (res.status !== 200) throw new Error(`decompose: ${JSON.stringify(res.body)}`);
}
