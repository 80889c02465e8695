import { z } from 'zod';
import { kickoffNotice } from '#shared/cycle/notices';
import type { Cycle, WorkItem } from '#shared/cycle/records';
import {
  createCycle,
  createWorkItems,
  cycleKey,
  noticeSent,
  queryCycles,
  queryWorkItems,
  readCycleRecord,
  recordNotice,
  setPhase,
} from '#shared/cycle/store';
import { mailDepartment } from '#shared/directory/directory';
import { endOfDayShanghai, now, nowMs, shanghaiYear } from '#shared/platform/clock';
import { config, stateMachineArn } from '#shared/platform/config';
import { formatDay, formatInstant } from '#shared/platform/dates';
import { conflict, notFound } from '#shared/platform/errors';
import type { Actor } from '#shared/platform/records';
import { executionExists, executionState, startExecution } from '#shared/platform/workflows';
import { authorize, type Principal } from '#shared/reference/auth';
import { listFunds } from '#shared/reference/funds';
import { CENTRAL_UNIT_ORG_CODE, getOrg, provincialUnits } from '#shared/reference/orgs';

/**
 * The budget year's cycle (年度周期) and its kickoff by central finance staff.
 * The cycle record is the source of truth for the phase; the kickoff machine moves it from `kickoff` to `targets`.
 */
export const FIRST_YEAR = 2023; // 第二十五条: in force from 2023-01-01 (R25.1)

export { Cycle, CyclePhase, WorkItem } from '#shared/cycle/records';

/** Body of `POST /api/cycles` and of `sifpm cycle kickoff`. */
export const KickoffRequest = z
  .strictObject({
    year: z
      .int({ error: '年度须为整数 / year must be an integer' })
      .refine((y) => y >= FIRST_YEAR && y <= shanghaiYear(now()) + 1, {
        error: `年度须在 ${FIRST_YEAR} 年至明年之间 / year must be between ${FIRST_YEAR} and next year`,
      }),
    /** Deadline for provincial targets (Asia/Shanghai date); default 30 days from now. */
    targetsDue: z.iso.date({ error: '日期格式须为 YYYY-MM-DD / date must be YYYY-MM-DD' }).optional(),
    /** How far past the provincial evaluation deadline a third party's delegation may run (days; default 30). */
    delegationMarginDays: z
      .int({ error: '宽限天数须为整数 / the margin must be a whole number of days' })
      .min(0, { error: '宽限天数不能为负 / the margin cannot be negative' })
      .max(92, { error: '宽限期不能超过 92 天 / the margin may not exceed 92 days' })
      .optional(),
  })
  .superRefine(({ year, targetsDue }, ctx) => {
    // only once both fields passed their own checks (zod runs object refinements regardless)
    if (!Number.isInteger(year) || (targetsDue !== undefined && !z.iso.date().safeParse(targetsDue).success)) return;
    const deadlines = deadlinesFor(year, targetsDue);
    const [targets, selfEvaluation] = [Date.parse(deadlines.targets), Date.parse(deadlines.selfEvaluation)];
    // 第十八条 fixes the year's later deadlines (31 May and 31 July of the next year): a year whose self-evaluations
    // are already due cannot be kicked off now — every unit would be overdue at once
    if (selfEvaluation <= nowMs()) {
      ctx.addIssue({
        code: 'custom',
        path: ['year'],
        message: `${year} 年度的自评截止时间（${formatInstant(deadlines.selfEvaluation, 'zh')}）已过，不能再启动该年度 / the ${year} self-evaluations were due by ${formatInstant(deadlines.selfEvaluation, 'en')}: that year can no longer be kicked off`,
      });
      return;
    }
    // the targets deadline is the end of that day in Asia/Shanghai: it must still lie ahead (a past one mailed every
    // unit an overdue notice at once), and come before the self-evaluations are due (第十八条: 5月底前); without a
    // date the default (30 days from now) is held to the same order
    if (targets <= nowMs()) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetsDue'],
        message: '目标报送截止日期已过 / the targets deadline is past',
      });
    } else if (targets >= selfEvaluation) {
      ctx.addIssue({
        code: 'custom',
        path: ['targetsDue'],
        message: `目标报送截止日期须早于 ${year + 1} 年 5 月 31 日的自评截止日期${targetsDue ? '' : '（未填写时默认为 30 天后，请填写更早的日期）'} / the targets deadline must come before the self-evaluations are due on ${formatDay(deadlines.selfEvaluation, 'en')}${targetsDue ? '' : ' (without a date it is 30 days from now: give an earlier one)'}`,
      });
    } else if (Date.parse(targetStepDeadlines(deadlines.targets).draft) <= nowMs()) {
      // the drafting step ends 10 days before the targets deadline: it too must lie ahead
      ctx.addIssue({
        code: 'custom',
        path: ['targetsDue'],
        message: `目标报送截止日期过近：起草环节须在其 10 天前完成，该时间已过 / the targets deadline is too close: drafting ends 10 days before it, which is past`,
      });
    }
  });
export type KickoffRequest = z.infer<typeof KickoffRequest>;

export const KICKOFF_MACHINE = 'kickoff';
export const kickoffExecutionName = (year: number) => `kickoff-${year}`;

function executionArnOf(machine: string, name: string): string {
  return `${stateMachineArn(machine).replace(':stateMachine:', ':execution:')}:${name}`;
}

const DAY = 86_400_000;

/**
 * The deadline of each step of a unit's target chain (第二章), from the date its targets are due at central: drafting
 * ends 10 days before, the preliminary review 6 days before, the provincial finance review on the day; central
 * reviews within 15 days after. The kickoff mail, the task mail and the task page all state these instants.
 */
export function targetStepDeadlines(targetsDue: string) {
  const due = Date.parse(targetsDue);
  return {
    draft: new Date(due - 10 * DAY).toISOString(),
    'preliminary-review': new Date(due - 6 * DAY).toISOString(),
    'finance-review': new Date(due).toISOString(),
    'central-review': new Date(due + 15 * DAY).toISOString(),
  };
}

function deadlinesFor(year: number, targetsDue?: string): Cycle['deadlines'] {
  const [y, m, d] = targetsDue
    ? targetsDue.split('-').map(Number)
    : (() => {
        const t = new Date(nowMs() + 30 * 86400_000 + 8 * 3600_000);
        return [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()];
      })();
  return {
    targets: endOfDayShanghai(y as number, m as number, d as number).toISOString(),
    selfEvaluation: endOfDayShanghai(year + 1, 5, 31).toISOString(), // 第十八条: 5月底前
    provincialEvaluation: endOfDayShanghai(year + 1, 7, 31).toISOString(), // 第十八条: 7月底前
  };
}

/**
 * Central finance staff kick off a budget year. Writes the cycle record (with its audit entry) and starts the
 * kickoff machine under a name derived from the year, so that a second kickoff starts nothing.
 * A retry after the record was written but the start failed completes the start instead of refusing.
 */
export async function kickoff(principal: Principal, request: KickoffRequest): Promise<CycleView> {
  authorize(principal, 'cycle.kickoff');
  const { year } = request;
  const name = kickoffExecutionName(year);
  const cycle: Cycle = {
    ...cycleKey(year),
    year,
    phase: 'kickoff',
    deadlines: deadlinesFor(year, request.targetsDue),
    ...(request.delegationMarginDays !== undefined ? { delegationMarginDays: request.delegationMarginDays } : {}),
    executionArn: executionArnOf(KICKOFF_MACHINE, name),
    createdAt: now().toISOString(),
    createdBy: principal.userId,
    version: 1,
  };
  const created = await createCycle(cycle, { id: principal.userId, orgCode: principal.orgCode });
  if (!created && (await executionExists(cycle.executionArn))) {
    throw conflict(
      'CYCLE_EXISTS',
      { zh: `${year} 年度周期已启动`, en: `The ${year} cycle has already been kicked off` },
      { year },
    );
  }
  await startExecution(KICKOFF_MACHINE, name, { year });
  return view(created ? cycle : await cycleRecord(year));
}

export interface CycleView extends Omit<Cycle, 'pk' | 'sk'> {
  execution?: { arn: string; status: string; state?: string; since?: string };
}

/** The cycle as the API shows it: without storage keys. */
function view(record: Cycle): CycleView {
  const { pk: _pk, sk: _sk, ...cycle } = record;
  return cycle;
}

/** A cycle with where its kickoff execution stands: status, and the state it last entered and since when. */
export async function readCycle(year: number): Promise<CycleView> {
  const record = await readCycleRecord(year);
  if (!record) throw notFound({ zh: `${year} 年度周期尚未启动`, en: `No cycle for ${year}` }, { year });
  const { status, state, since } = await executionState(record.executionArn);
  return { ...view(record), execution: { arn: record.executionArn, status, state, since } };
}

export async function listCycles(): Promise<CycleView[]> {
  return (await queryCycles()).map(view);
}

/** A cycle's work items: one organisation's (an index query), or the whole cycle's (a partition query). */
export async function listWorkItems(year: number, org?: string): Promise<WorkItem[]> {
  return queryWorkItems(year, org);
}

// --- the kickoff machine's steps ------------------------------------------------------------------------------

const machineActor = (): Actor => ({ id: 'system:kickoff' });

export async function cycleRecord(year: number): Promise<Cycle> {
  const record = await readCycleRecord(year);
  if (!record) throw notFound({ zh: `${year} 年度周期记录不存在`, en: `No cycle record for ${year}` }, { year });
  return record;
}

/** The units the kickoff prepares: every provincial unit and the central unit (第二十三条). */
export function kickoffUnits(): string[] {
  return [...provincialUnits().map((o) => o.code), CENTRAL_UNIT_ORG_CODE];
}

/** Funds whose targets a unit sets this year: all funds for a province; the public-sector pension for the centre. */
export function unitFunds(orgCode: string, year: number): string[] {
  const funds = listFunds({ year }).map((f) => f.code);
  return orgCode === CENTRAL_UNIT_ORG_CODE ? funds.filter((f) => f === 'PSPI') : funds;
}

/**
 * Prepare one unit: its target-setting work items (one per fund) and, for a provincial unit, the kickoff notice to
 * its finance contact. Idempotent: existing items are left as they are, and a notice already sent is not sent again.
 */
export async function prepareUnit(
  year: number,
  orgCode: string,
): Promise<{ org: string; created: number; notified: boolean }> {
  const cycle = await cycleRecord(year);
  const org = getOrg(orgCode);
  const created = await createWorkItems(
    unitFunds(orgCode, year).map((fund) => ({
      year,
      org: orgCode,
      kind: 'targets',
      fund,
      status: 'drafting',
      stepSince: now().toISOString(),
      due: cycle.deadlines.targets,
    })),
    machineActor(),
  );
  if (org.kind === 'central-unit') return { org: orgCode, created, notified: false };
  if (await noticeSent(year, 'kickoff', orgCode)) return { org: orgCode, created, notified: false };
  const to = await mailDepartment(
    orgCode,
    'finance',
    kickoffNotice({
      org: org.name,
      year,
      due: cycle.deadlines.targets,
      draftDue: targetStepDeadlines(cycle.deadlines.targets).draft,
      console: `${config().SIFPM_CONSOLE_URL}/?cycle=${year}&org=${orgCode}`,
    }),
  );
  await recordNotice(year, 'kickoff', orgCode, to.join(','), now().toISOString(), machineActor());
  return { org: orgCode, created, notified: true };
}

/** Move the cycle to the targets phase (第二章) once every unit is prepared. Idempotent. */
export async function openTargetPhase(year: number): Promise<{ phase: string }> {
  const cycle = await cycleRecord(year);
  if (cycle.phase !== 'kickoff') return { phase: cycle.phase };
  await setPhase(cycle, 'targets', machineActor());
  return { phase: 'targets' };
}
