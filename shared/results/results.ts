import { now } from '#shared/platform/clock';
import { conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';
import type { Grade } from '#shared/reference/scoring';
import {
  DEFAULT_RESULTS_RULES,
  type DecisionInput,
  type ProposalInput,
  REQUIREMENT_LABELS,
  type Requirement,
  type ResultOfUnit,
  type ResultsRule,
  type ResultsRulesInput,
  type ResultUse,
} from '#shared/results/records';
import {
  createRules,
  createUse,
  findResult,
  findRules,
  findUse,
  resultsIn,
  updateRules,
  updateUse,
  usesOf,
} from '#shared/results/store';

/**
 * 结果应用 (第二十条, R20.1; the administrations' proposal, R5.2; the budget's link to results, R4.4). Central sets,
 * per cycle, what each grade requires before the next year's budget of that region × fund is arranged (data, not
 * code: `DEFAULT_RESULTS_RULES` while central has set none); the administration (人社/医保 行政部门) proposes the use
 * of each result, with an improvement plan where the rules ask for one; finance decides — applied or not, and why.
 * `assertResultsAllowArrangement` is the gate the budget arrangement calls. The wing imports only `platform/` and
 * `reference/`: it reads the self-evaluation with a narrow schema of its own.
 */
const actorOf = (p: Principal) => ({ id: p.userId, orgCode: p.orgCode });

/** The result of a region × fund: the province's reviewed score where it reviewed, else the self-evaluation's. */
function resultOf(r: ResultOfUnit | undefined): { score: string; grade: Grade } | undefined {
  if (!r?.score || !['submitted', 'reviewed'].includes(r.status)) return undefined;
  if (r.review) return { score: r.review.score, grade: r.review.grade as Grade };
  return { score: r.score.total, grade: r.score.grade };
}

/** The cycle's rules: central's, or the default while none are set. */
export async function rulesOf(year: number): Promise<{ year: number; rules: ResultsRule[]; isDefault: boolean }> {
  const item = await findRules(year);
  return item ? { year, rules: item.rules, isDefault: false } : { year, rules: DEFAULT_RESULTS_RULES, isDefault: true };
}

export async function readRules(principal: Principal, year: number) {
  authorize(principal, 'reference.read');
  return rulesOf(year);
}

/** Central sets the cycle's rules (audited; the same rules again change nothing). */
export async function setRules(principal: Principal, year: number, input: ResultsRulesInput) {
  authorize(principal, 'results.set-rules');
  const audit = { actor: actorOf(principal), action: 'results.set-rules' };
  const current = await findRules(year);
  if (!current) {
    if (!(await createRules(year, input.rules, audit))) throw conflict('VERSION_CONFLICT', CHANGED, { year });
  } else if (JSON.stringify(current.rules) !== JSON.stringify(input.rules)) {
    await updateRules(current, input.rules, audit);
  }
  return rulesOf(year);
}

const CHANGED = { zh: '记录已被他人修改，请刷新后重试', en: 'The record changed meanwhile: reload and try again' };

/** What a use still lacks under a rule. */
function missingOf(rule: ResultsRule | undefined, use: ResultUse | undefined): Requirement[] {
  if (!rule) return [];
  return rule.requires.filter((r) =>
    r === 'justification'
      ? !use?.proposal
      : r === 'improvement-plan'
        ? !use?.proposal?.improvementPlan
        : use?.decision === undefined,
  );
}

/** The view of one region × fund's result of `year`, beside the arrangement of `year + 1`. */
async function viewOf(year: number, org: string, fund: string) {
  const [result, use, { rules }] = await Promise.all([
    findResult(year, org, fund).then(resultOf),
    findUse(year, org, fund),
    rulesOf(year),
  ]);
  const rule = result ? rules.find((r) => r.grade === result.grade) : undefined;
  const missing = missingOf(rule, use);
  return {
    year,
    arrangementYear: year + 1,
    org,
    orgName: getOrg(org).name,
    fund,
    result: result ?? null,
    requires: rule?.requires ?? [],
    proposal: use?.proposal ?? null,
    decision: use?.decision ?? null,
    /** applied / not applied (with why) once finance decided; pending before */
    tracking: use?.decision ? (use.decision.applied ? 'applied' : 'not-applied') : 'pending',
    missing,
    allowsArrangement: missing.length === 0,
  };
}
export type ResultUseView = Awaited<ReturnType<typeof viewOf>>;

export async function viewResultUse(principal: Principal, year: number, org: string, fund: string) {
  authorize(principal, 'reference.read', org);
  getFund(fund);
  return viewOf(year, org, fund);
}

/** The results of a cycle in the principal's scope, those awaiting a decision first. */
export async function listResultUses(principal: Principal, year: number) {
  authorize(principal, 'reference.read', principal.orgCode);
  const scope = { org: principal.orgCode, tier: principal.tier };
  const prefix =
    principal.tier === 'central'
      ? ''
      : principal.tier === 'province'
        ? principal.orgCode.slice(0, 2)
        : principal.orgCode;
  const [results, uses, { rules }] = await Promise.all([resultsIn(year, scope), usesOf(year, prefix), rulesOf(year)]);
  const useOf = new Map(uses.map((u) => [`${u.org}#${u.fund}`, u]));
  const rows = results.flatMap((r) => {
    const result = resultOf(r);
    if (!result) return [];
    const use = useOf.get(`${r.org}#${r.fund}`);
    const rule = rules.find((x) => x.grade === result.grade);
    const missing = missingOf(rule, use);
    return [
      {
        org: r.org,
        orgName: getOrg(r.org).name,
        fund: r.fund,
        result,
        requires: rule?.requires ?? [],
        proposal: use?.proposal ?? null,
        decision: use?.decision ?? null,
        tracking: use?.decision ? (use.decision.applied ? 'applied' : 'not-applied') : 'pending',
        missing,
        awaitingDecision: use?.proposal !== undefined && use.decision === undefined,
      },
    ];
  });
  rows.sort((a, b) => Number(b.awaitingDecision) - Number(a.awaitingDecision) || a.org.localeCompare(b.org));
  return { year, rows };
}

async function resultOrRefuse(year: number, org: string, fund: string) {
  const result = resultOf(await findResult(year, org, fund));
  if (!result) {
    throw notFound(
      { zh: '该统筹地区该险种尚无评价结果', en: 'No evaluation result for this region and fund' },
      {
        year,
        org,
        fund,
      },
    );
  }
  return result;
}

/** The administration proposes how the result is used (idempotent; refused once finance decided). */
export async function proposeUse(principal: Principal, year: number, org: string, fund: string, input: ProposalInput) {
  authorize(principal, 'results.propose-use', org, fund);
  const result = await resultOrRefuse(year, org, fund);
  const { rules } = await rulesOf(year);
  const rule = rules.find((r) => r.grade === result.grade);
  if (rule?.requires.includes('improvement-plan') && !input.improvementPlan) {
    throw unprocessable(
      'IMPROVEMENT_PLAN_REQUIRED',
      {
        zh: `评价等级为“${result.grade}”，须附改进方案`,
        en: `The grade is ${result.grade}: an improvement plan is required`,
      },
      { grade: result.grade },
    );
  }
  const proposal = { ...input, by: principal.userId, at: now().toISOString() };
  const audit = { actor: actorOf(principal), action: 'results.propose-use' };
  const current = await findUse(year, org, fund);
  if (!current) {
    if (!(await createUse({ year, org, fund, ...result, proposal }, audit)))
      throw conflict('VERSION_CONFLICT', CHANGED);
  } else {
    if (current.decision) {
      throw conflict('RESULT_USE_DECIDED', {
        zh: '财政部门已作出决定，建议不能再修改',
        en: 'Finance has decided: the proposal can no longer change',
      });
    }
    const same = current.proposal?.text === input.text && current.proposal?.improvementPlan === input.improvementPlan;
    if (!same) await updateUse(current, { proposal }, audit);
  }
  return viewOf(year, org, fund);
}

/** Finance decides on the proposal: applied or not, and why (idempotent; a different second decision is refused). */
export async function decideUse(principal: Principal, year: number, org: string, fund: string, input: DecisionInput) {
  authorize(principal, 'results.decide-use', org);
  if (principal.orgCode !== org) {
    throw forbidden({
      zh: '结果应用由本级财政部门决定',
      en: 'The use of a result is decided by the finance department of that organisation',
    });
  }
  await resultOrRefuse(year, org, fund);
  const current = await findUse(year, org, fund);
  if (!current?.proposal) {
    throw conflict('RESULT_USE_NOT_PROPOSED', {
      zh: '行政部门尚未提出结果应用建议',
      en: 'The administration has not yet proposed how the result is used',
    });
  }
  if (current.decision) {
    if (current.decision.applied === input.applied && current.decision.reason === input.reason) {
      return viewOf(year, org, fund);
    }
    throw conflict('RESULT_USE_DECIDED', { zh: '财政部门已作出决定', en: 'Finance has decided already' });
  }
  const decision = { ...input, by: principal.userId, at: now().toISOString() };
  await updateUse(current, { decision }, { actor: actorOf(principal), action: 'results.decide-use' });
  return viewOf(year, org, fund);
}

/**
 * The gate of the budget arrangement (第二十条): arranging `year`'s budget of a region × fund is refused (409
 * `RESULTS_NOT_APPLIED`) while the previous year's result carries a requirement of its cycle's rules not yet met.
 */
export async function assertResultsAllowArrangement(year: number, org: string, fund: string): Promise<void> {
  const view = await viewOf(year - 1, org, fund);
  if (view.missing.length === 0) return;
  const zh = view.missing.map((m) => REQUIREMENT_LABELS[m].zh).join('、');
  const en = view.missing.map((m) => REQUIREMENT_LABELS[m].en).join(', ');
  throw conflict(
    'RESULTS_NOT_APPLIED',
    {
      zh: `上年度绩效评价等级为“${view.result?.grade}”，尚缺${zh}，不能安排本年度预算（第二十条）`,
      en: `Last year's evaluation grade is ${view.result?.grade}: ${en} still missing, so this year's budget cannot be arranged (Art. 20)`,
    },
    { year: year - 1, org, fund, grade: view.result?.grade, missing: view.missing },
  );
}
