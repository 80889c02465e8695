import Decimal from 'decimal.js';
import { z } from 'zod';
import { now, nowMs } from '#shared/platform/clock';
import { AppError, type Bilingual, conflict, notFound, unprocessable } from '#shared/platform/errors';
import type { Actor } from '#shared/platform/records';
import { linkExpiresAt, nextTimer } from '#shared/platform/timers';
import { resumeToken } from '#shared/platform/waits';
import { startExecution } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';
import { text } from '#shared/reference/text';
import { budgetTaskNotice, budgetTaskTitle } from '#shared/targets/notices';
import {
  type AdjustmentStatus,
  BUDGET_INPUT_LINES,
  BUDGET_TOTAL_LINES,
  type BudgetAdjustment,
  type BudgetInputLine,
  type BudgetLineName,
  type BudgetRecord,
  type StoredBudgetLines,
} from '#shared/targets/records';
import { budgetKey, budgetWrites, ensureBudgetVersion, readBudget, updateBudget } from '#shared/targets/store';
import { type ActionRecord, type Decider, openTask } from '#shared/tasks/tasks';

/**
 * The social-insurance fund budget of a pooling region (or provincial unit) × fund × year (R4.2): its lines (收入,
 * 支出, 结余, in fen), arranged after the gate of an approved target (`arrangeBudget` in `targets.ts`, 第七条), adjusted
 * (调整) only through review — 初审 by the fund line's administration, 审核 by the finance department, each a human
 * task of the `budget-adjustment` machine with the same task and decision mechanics as the target chain (R7.2) —
 * every approved version kept, the budget in force the last one; and its final accounts (决算) after the budget year.
 */

/** The lines' names, Chinese first (the template's headers and the console's labels). */
export const BUDGET_LINE_LABELS: Record<BudgetLineName, Bilingual> = {
  contributionIncome: { zh: '社会保险费收入', en: 'Contribution income' },
  subsidy: { zh: '财政补贴收入', en: 'Fiscal subsidies' },
  interestIncome: { zh: '利息收入', en: 'Interest income' },
  otherIncome: { zh: '其他收入', en: 'Other income' },
  benefits: { zh: '社会保险待遇支出', en: 'Benefits paid' },
  otherExpenditure: { zh: '其他支出', en: 'Other expenditure' },
  openingBalance: { zh: '上年末滚存结余', en: 'Balance brought forward' },
  income: { zh: '收入合计', en: 'Total income' },
  expenditure: { zh: '支出合计', en: 'Total expenditure' },
  surplus: { zh: '本年收支结余', en: 'Surplus of the year' },
  closingBalance: { zh: '年末滚存结余', en: 'Balance at year end' },
};
export { BUDGET_INPUT_LINES, BUDGET_TOTAL_LINES };

const Yuan = z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, {
  error: '金额须为以元计的十进制字符串，最多两位小数 / yuan as a decimal string, at most 2 places',
});
const SignedYuan = z.string().regex(/^-?\d{1,15}(\.\d{1,2})?$/, {
  error: '金额须为以元计的十进制字符串，最多两位小数 / yuan as a decimal string, at most 2 places',
});

/** The entered lines, yuan (the balance brought forward may be negative; every other line may not). */
export const BudgetLinesIn = z.strictObject({
  contributionIncome: Yuan,
  subsidy: Yuan,
  interestIncome: Yuan,
  otherIncome: Yuan,
  benefits: Yuan,
  otherExpenditure: Yuan,
  openingBalance: SignedYuan,
});
export type BudgetLinesIn = z.infer<typeof BudgetLinesIn>;

const fenOf = (yuan: string) => new Decimal(yuan).times(100).toFixed(0);
const yuanOf = (fen: string) => new Decimal(fen).div(100).toFixed(2);

/** Entered yuan → every line in fen, with the totals computed. */
export function budgetLines(input: BudgetLinesIn): StoredBudgetLines {
  const f = Object.fromEntries(BUDGET_INPUT_LINES.map((l) => [l, new Decimal(fenOf(input[l]))])) as Record<
    BudgetInputLine,
    Decimal
  >;
  const income = f.contributionIncome.plus(f.subsidy).plus(f.interestIncome).plus(f.otherIncome);
  const expenditure = f.benefits.plus(f.otherExpenditure);
  const surplus = income.minus(expenditure);
  return {
    ...(Object.fromEntries(BUDGET_INPUT_LINES.map((l) => [l, f[l].toFixed(0)])) as Record<BudgetInputLine, string>),
    income: income.toFixed(0),
    expenditure: expenditure.toFixed(0),
    surplus: surplus.toFixed(0),
    closingBalance: f.openingBalance.plus(surplus).toFixed(0),
  };
}

export const sameLines = (a: StoredBudgetLines, b: StoredBudgetLines) => BUDGET_INPUT_LINES.every((l) => a[l] === b[l]);

const linesInYuan = (lines: StoredBudgetLines) =>
  Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, yuanOf(v)])) as Record<BudgetLineName, string>;

/** The end of a budget year: 1 January of the next, 00:00 in Shanghai. */
export const budgetYearEnds = (year: number) => Date.UTC(year + 1, 0, 1) - 8 * 3_600_000;

const actorOf = (principal: Principal): Actor => ({ id: principal.userId, orgCode: principal.orgCode });

/** The finance department of the organisation itself keeps its budget (第七条): authorised before anything is read. */
function assertOwnFinance(principal: Principal, org: string, fund: string) {
  authorize(principal, 'budget.arrange', org, fund);
  if (principal.orgCode !== org) {
    throw new AppError(403, 'FORBIDDEN', {
      zh: '预算由本级财政部门安排',
      en: 'A budget is arranged by the finance department of that organisation',
    });
  }
}

export async function budgetRecord(year: number, org: string, fund: string): Promise<BudgetRecord> {
  const budget = await readBudget(year, org, fund);
  if (!budget) {
    throw notFound(
      {
        zh: `${getOrg(org).name.zh}${year}年度${getFund(fund).name.zh}尚未安排预算`,
        en: `No ${year} ${fund} budget has been arranged for ${org}`,
      },
      { year, org, fund },
    );
  }
  return budget;
}

const IN_REVIEW: AdjustmentStatus[] = ['preliminary-review', 'finance-review', 'approved'];

/** The budget as the API shows it: every line in yuan, the versions, the adjustment, the final accounts, execution. */
export function budgetView(b: BudgetRecord) {
  const final = b.finalAccounts;
  const rate = (actual: string, budget: string) =>
    new Decimal(budget).isZero() ? null : new Decimal(actual).div(budget).times(100).toFixed(2);
  return {
    year: b.year,
    org: b.org,
    fund: b.fund,
    version: b.version,
    targetVersion: b.targetVersion,
    budgetVersion: b.budgetVersion,
    lines: linesInYuan(b.lines),
    versions: b.versions.map((v) => ({ ...v, lines: linesInYuan(v.lines) })),
    adjustment: b.adjustment
      ? {
          ...b.adjustment,
          lines: linesInYuan(b.adjustment.lines),
          stepName: ADJUSTMENT_STEPS[b.adjustment.status as AdjustmentStep]?.name ?? null,
        }
      : null,
    finalAccounts: final ? { ...final, lines: linesInYuan(final.lines) } : null,
    execution: final
      ? {
          income: rate(final.lines.income, b.lines.income),
          expenditure: rate(final.lines.expenditure, b.lines.expenditure),
        }
      : null,
    /** whether the budget year is over (final accounts may be recorded) */
    yearOver: nowMs() >= budgetYearEnds(b.year),
  };
}
export type BudgetView = ReturnType<typeof budgetView>;

/** `GET /api/cycles/{year}/budgets/{org}/{fund}` */
export async function viewBudget(principal: Principal, year: number, org: string, fund: string) {
  authorize(principal, 'reference.read', org);
  getFund(fund);
  return budgetView(await budgetRecord(year, org, fund));
}

// --- adjustment (调整) through review -----------------------------------------------------------------------------

export const ADJUSTMENT_STEPS = {
  'preliminary-review': {
    name: { zh: '初审', en: 'Preliminary review' },
    next: 'finance-review',
    decisions: ['approve', 'return'],
  },
  'finance-review': { name: { zh: '审核', en: 'Finance review' }, next: 'approved', decisions: ['approve', 'return'] },
} as const satisfies Record<string, { name: Bilingual; next: AdjustmentStatus; decisions: string[] }>;
export type AdjustmentStep = keyof typeof ADJUSTMENT_STEPS;

/** Each review step is due 10 days after it began. */
const STEP_DAYS = 10;
const dueOf = (a: BudgetAdjustment) => new Date(Date.parse(a.stepSince) + STEP_DAYS * 86_400_000).toISOString();

export const AdjustmentRequest = z.strictObject({
  lines: BudgetLinesIn,
  reason: text({ min: 1, max: 1000 }),
  /** the budget's version as read (409 when it changed since) */
  version: z.int().positive().optional(),
});

/** 调整: the finance department proposes new lines with a reason; they apply once 初审 and 审核 approved them. */
export async function proposeAdjustment(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  body: z.infer<typeof AdjustmentRequest>,
) {
  assertOwnFinance(principal, org, fund);
  const budget = await budgetRecord(year, org, fund);
  ensureBudgetVersion(budget, body.version);
  if (budget.adjustment && IN_REVIEW.includes(budget.adjustment.status)) {
    throw conflict(
      'ADJUSTMENT_IN_REVIEW',
      { zh: '已有预算调整在审核中', en: 'An adjustment of this budget is already in review' },
      { round: budget.adjustment.round, status: budget.adjustment.status },
    );
  }
  if (budget.finalAccounts) {
    throw conflict('FINAL_ACCOUNTS_RECORDED', {
      zh: '决算已录入，预算不能再调整',
      en: 'The final accounts are recorded: the budget can no longer be adjusted',
    });
  }
  const lines = budgetLines(body.lines);
  if (sameLines(lines, budget.lines)) {
    throw unprocessable('NOTHING_ADJUSTED', {
      zh: '调整后的预算与现行预算相同',
      en: 'The adjusted lines equal the budget in force',
    });
  }
  const at = now().toISOString();
  const round = (budget.adjustment?.round ?? 0) + 1;
  const adjustment: BudgetAdjustment = {
    round,
    status: 'preliminary-review',
    lines,
    reason: body.reason,
    proposedBy: principal.userId,
    proposedAt: at,
    stepSince: at,
  };
  const saved = await updateBudget(
    budget,
    { adjustment },
    { actor: actorOf(principal), action: 'budget.adjust', comment: body.reason },
  );
  await startExecution('budget-adjustment', `budget-${year}-${org}-${fund}-r${round}`, { year, org, fund });
  return budgetView(saved);
}

/** Who acts at each step: the fund line's administration (初审), then the finance department (审核), of the unit. */
function groupOf(step: AdjustmentStep, b: BudgetRecord) {
  const line = getFund(b.fund).line;
  const department: Department =
    step === 'finance-review' ? 'finance' : line === 'medsec' ? 'medsec-admin' : 'hrss-admin';
  return { org: b.org, department, fund: b.fund, function: 'reviewer' as const };
}

/** Machine step: where the adjustment stands, and the timer of the step it waits on. */
export async function readAdjustmentStep(year: number, org: string, fund: string) {
  const b = await budgetRecord(year, org, fund);
  const a = b.adjustment;
  if (!a) return { status: 'none', timer: { seconds: 60 } };
  return { status: a.status, timer: { seconds: nextTimer(dueOf(a)).seconds } };
}

/** Machine step (a `.waitForTaskToken` task): open the human task of the step the adjustment is at. */
export async function openAdjustmentTask(token: string, year: number, org: string, fund: string, step: AdjustmentStep) {
  const b = await budgetRecord(year, org, fund);
  const a = b.adjustment;
  if (a?.status !== step) {
    await resumeToken(token, { stale: true });
    return { stale: true };
  }
  const due = dueOf(a);
  const about = { org: getOrg(org).name, year, fundName: getFund(fund).name, stepName: ADJUSTMENT_STEPS[step].name };
  await openTask({
    token,
    subject: {
      kind: 'budget-adjustment',
      record: budgetKey(year, org, fund),
      year,
      org,
      fund,
      title: budgetTaskTitle(about),
    },
    step,
    stepName: ADJUSTMENT_STEPS[step].name,
    decisions: [...ADJUSTMENT_STEPS[step].decisions],
    group: groupOf(step, b),
    due,
    expiresAt: linkExpiresAt(due),
    mail: budgetTaskNotice({ ...about, due, overdue: nowMs() > Date.parse(due), reason: a.reason }),
  });
  return { stale: false };
}

/** Machine step after a timer fired: a passed deadline is recorded once on the adjustment. */
export async function adjustmentTimerFired(year: number, org: string, fund: string) {
  const b = await budgetRecord(year, org, fund);
  const a = b.adjustment;
  if (!a || !(a.status in ADJUSTMENT_STEPS)) return { late: false };
  if (nowMs() <= Date.parse(dueOf(a)) || a.late?.[a.status]) return { late: Boolean(a.late?.[a.status]) };
  await updateBudget(
    b,
    { adjustment: { ...a, late: { ...(a.late ?? {}), [a.status]: now().toISOString() } } },
    { actor: { id: 'system:budget-adjustment' }, action: 'budget.adjustment.deadline-missed' },
  );
  return { late: true };
}

/** The adjustment task's decider: approve moves it to the next step; return ends it (a comment is required). */
export const decideAdjustment: Decider = async (action: ActionRecord, input, principal) => {
  const { year, org, fund } = action.subject as { year: number; org: string; fund: string };
  const b = await budgetRecord(year, org, fund);
  const step = action.step as AdjustmentStep;
  const a = b.adjustment;
  if (!a || a.status !== step) {
    throw conflict('TASK_USED', { zh: '该预算调整已进入其他环节', en: 'The adjustment has moved to another step' });
  }
  const comment = input.comment?.trim();
  if (input.decision === 'return' && !comment) {
    throw unprocessable('COMMENT_REQUIRED', { zh: '退回须填写意见', en: 'A return needs a comment' });
  }
  const at = now().toISOString();
  const status: AdjustmentStatus = input.decision === 'return' ? 'returned' : ADJUSTMENT_STEPS[step].next;
  const adjustment: BudgetAdjustment = {
    ...a,
    status,
    stepSince: at,
    ...(comment ? { lastComment: { step, by: principal.userId, at, text: comment } } : {}),
    ...(status === 'approved' ? { approvedBy: principal.userId } : {}),
  };
  const audit = {
    actor: actorOf(principal),
    action: `budget.adjustment.${step}.${input.decision}`,
    ...(comment ? { comment } : {}),
  };
  return { writes: budgetWrites(b, { adjustment }, audit), output: { decision: input.decision, status } };
};

/** Machine step: an approved adjustment becomes the next version of the budget, the one in force. */
export async function applyAdjustment(year: number, org: string, fund: string) {
  const b = await budgetRecord(year, org, fund);
  const a = b.adjustment;
  if (a?.status !== 'approved') return { status: a?.status ?? 'none' };
  const budgetVersion = b.budgetVersion + 1;
  const at = now().toISOString();
  await updateBudget(
    b,
    {
      budgetVersion,
      lines: a.lines,
      versions: [
        ...b.versions,
        { budgetVersion, kind: 'adjusted', lines: a.lines, at, by: a.approvedBy ?? 'unknown', reason: a.reason },
      ],
      adjustment: { ...a, status: 'applied', stepSince: at },
    },
    { actor: { id: 'system:budget-adjustment' }, action: 'budget.adjustment.apply' },
  );
  return { status: 'applied', budgetVersion };
}

// --- final accounts (决算) ----------------------------------------------------------------------------------------

export const FinalAccountsRequest = z.strictObject({
  lines: BudgetLinesIn,
  version: z.int().positive().optional(),
});

/** Why final accounts cannot be recorded now, or undefined when they can. */
export function finalAccountsRefusal(b: BudgetRecord): AppError | undefined {
  if (nowMs() < budgetYearEnds(b.year)) {
    return conflict('BUDGET_YEAR_NOT_OVER', {
      zh: `${b.year}年度预算年度尚未结束，决算须在年度结束后录入`,
      en: `The ${b.year} budget year is not over: final accounts are recorded after it`,
    });
  }
  if (b.adjustment && IN_REVIEW.includes(b.adjustment.status)) {
    return conflict('ADJUSTMENT_IN_REVIEW', {
      zh: '预算调整尚在审核中，暂不能录入决算',
      en: 'An adjustment is still in review: final accounts wait for it',
    });
  }
  return undefined;
}

/** 决算: the actual lines of the year, by the finance department, once the budget year is over (the clock). */
export async function recordFinalAccounts(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  body: z.infer<typeof FinalAccountsRequest>,
  source: 'entry' | 'import' = 'entry',
) {
  assertOwnFinance(principal, org, fund);
  const b = await budgetRecord(year, org, fund);
  ensureBudgetVersion(b, body.version);
  const refusal = finalAccountsRefusal(b);
  if (refusal) throw refusal;
  const lines = budgetLines(body.lines);
  if (b.finalAccounts && sameLines(b.finalAccounts.lines, lines)) return budgetView(b);
  const saved = await updateBudget(
    b,
    { finalAccounts: { lines, recordedAt: now().toISOString(), recordedBy: principal.userId, source } },
    { actor: actorOf(principal), action: 'budget.final-accounts' },
  );
  return budgetView(saved);
}
