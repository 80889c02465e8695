import { listIndicators } from '#shared/reference/indicators';
import type { TestSystem } from './local.ts';
import { decide, taskLink } from './tasks.ts';

const FUND_ZH: Record<string, string> = {
  EEPI: '企业职工基本养老',
  URPI: '城乡居民基本养老',
  PSPI: '机关事业单位基本养老',
  EBMI: '职工基本医疗',
  URMI: '城乡居民基本医疗',
  WII: '工伤保险',
  UI: '失业保险',
};

/** The catalogue's guiding values as a province's draft: every indicator of the fund. */
export function guidingDraft(fund: string): { goals: string[]; indicators: { id: string; target: object }[] } {
  return {
    goals: ['按指导性目标执行 / follow the guiding targets'],
    indicators: listIndicators({ fund })
      .filter((i) => i.defaultTarget)
      .map((i) => ({ id: i.id, target: i.defaultTarget as object })),
  };
}

type Draft = ReturnType<typeof guidingDraft>;

/** Drive one provincial target through 制定 → 初审 → 审核 → 中央审核 → 下达 over the API and the mailbox. */
export async function approveTarget(
  sys: TestSystem,
  year: number,
  province: string,
  fund: string,
  draft: Draft = guidingDraft(fund),
) {
  const line = ['EBMI', 'URMI'].includes(fund) ? 'medsec' : 'hrss';
  const agency = `${line}-agency.${province}`;
  const admin = `${line}-admin.${province}`;
  const saved = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/${fund}/draft`, {
    as: agency,
    body: draft,
  });
  if (saved.status !== 200) throw new Error(`draft: ${JSON.stringify(saved.body)}`);
  const step = (name: string) => new RegExp(`${FUND_ZH[fund]}.*${name}`);
  for (const [who, name, decision] of [
    [agency, '制定', 'submit'],
    [admin, '初审', 'approve'],
    [`finance.${province}`, '[^央]审核', 'approve'],
    ['finance.100000', '中央审核', 'approve'],
  ] as const) {
    const res = await decide(sys, who, await taskLink(sys, who, step(name)), decision);
    if (res.status !== 200) throw new Error(`${name}: ${JSON.stringify(res.body)}`);
  }
}

/** Approve a province's target of a fund and decompose it, unchanged, to the given pooling regions. */
export async function issueToRegions(
  sys: TestSystem,
  year: number,
  province: string,
  fund: string,
  regions: string[],
  draft: Draft = guidingDraft(fund),
) {
  await approveTarget(sys, year, province, fund, draft);
  const res = await sys.call('PUT', `/api/cycles/${year}/targets/${province}/${fund}/regions`, {
    as: `finance.${province}`,
    body: { regions: regions.map((org) => ({ org, indicators: draft.indicators })) },
  });
  if (res.status !== 200) throw new Error(`decompose: ${JSON.stringify(res.body)}`);
}
