import { createHash, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { InvalidToken, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import {
  deputyOf,
  type Group,
  groupKey,
  groupKeysOf,
  isMember,
  membersOf,
  readPersonOf,
} from '#shared/directory/directory';
import { now, nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { AppError, type Bilingual, conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import { logger } from '#shared/platform/logger';
import type { TransactItems } from '#shared/platform/records';
import type { Principal } from '#shared/reference/auth';
import { deliverTaskMail } from '#shared/tasks/digest';
import { assignedMail, taskLink } from '#shared/tasks/notices';
import type { ActionRecord, MailKind, TaskStatus, TaskSubject } from '#shared/tasks/records';
import {
  actionKey,
  completeTask,
  currentAction,
  openActionsOf,
  readAction,
  saveDecision,
  saveOpenedTask,
} from '#shared/tasks/store';

/**
 * Human tasks by email (DESIGN §6). A `.waitForTaskToken` state calls `openTask`: the Step Functions token stays on
 * the server, stored under the SHA-256 of a random action id; only the action id travels, in the link of an email
 * to each member of the step's candidate group (organisation, department, fund line, function — the directory says
 * who). GET on the link shows the task; the decision is a POST by an authenticated member, applied to the record and
 * to the action in one transaction (single use: the first decision wins, the others' links then say who decided),
 * and only then handed to the workflow. The group's lead may hand the task to one member; a person's deputy acts for
 * them. Membership is read when the link is used, so a task follows the directory. Re-opening a step in other hands (an
 * assignment, a delegation) supersedes the previous link; a reminder (the same step in the same hands) makes a fresh
 * link and the earlier ones forward to it.
 */
export type { ActionRecord, TaskStatus, TaskSubject } from '#shared/tasks/records';

const hashOf = (actionId: string) => createHash('sha256').update(actionId).digest('hex');

export const ActionId = /^[A-Za-z0-9_-]{43}$/;

export interface OpenTaskInput {
  token: string;
  subject: TaskSubject;
  step: string;
  stepName: Bilingual;
  decisions: string[];
  /** who may act: the group's members, or the one it is assigned to (and their deputy) */
  group: Group;
  assignedTo?: { userId: string; name: string };
  due?: string;
  /** the link stays valid until then (the next timer of the step, plus a grace day) */
  expiresAt: string;
  mail: { subject: Bilingual; paragraphs: Bilingual[] };
}

/**
 * Open (or re-open) a human task: a fresh action id, the previous open action of the same record superseded, and
 * the email with the link. Idempotent enough for a retried Lambda: a second call supersedes the first link.
 */
export async function openTask(input: OpenTaskInput): Promise<{ actionHash: string }> {
  const actionId = randomBytes(32).toString('base64url');
  const hash = hashOf(actionId);
  const previous = await currentAction(input.subject.record);
  const at = now().toISOString();
  const action: ActionRecord = {
    ...actionKey(hash),
    hash,
    token: input.token,
    subject: input.subject,
    step: input.step,
    decisions: input.decisions,
    group: input.group,
    ...(input.assignedTo ? { assignedTo: input.assignedTo } : {}),
    status: 'open',
    createdAt: at,
    expiresAt: input.expiresAt,
    ...(input.due ? { due: input.due } : {}),
  };
  // the same step in the same hands again is a reminder (before its deadline, or after): the earlier links forward
  // to this one; anything else is a new task, and supersedes them
  const again =
    previous?.status === 'open' &&
    previous.step === input.step &&
    groupKey(previous.group) === groupKey(input.group) &&
    previous.assignedTo?.userId === input.assignedTo?.userId;
  if (again && previous) action.root = previous.root ?? previous.hash;
  const to = await recipients(input.group, input.assignedTo?.userId);
  await saveOpenedTask(
    action,
    input.subject.record,
    previous,
    at,
    {
      after: {
        step: input.step,
        assignee: input.assignedTo?.userId ?? groupKey(input.group),
        recipients: to.map((p) => p.id),
        due: input.due,
      },
    },
    again,
  );
  if (!to.length) logger.warn('a task was opened for a group without active members', { group: groupKey(input.group) });
  const kind: MailKind = !again ? 'task' : input.due && nowMs() > Date.parse(input.due) ? 'overdue' : 'reminder';
  await deliverTaskMail(to, kind, input.mail, taskLink(`${config().SIFPM_CONSOLE_URL}/tasks/${actionId}`), hash, at);
  return { actionHash: hash };
}

/** Who a task's mail goes to: the one it is assigned to (and their deputy), or every active member of the group. */
async function recipients(group: Group, assignedTo: string | undefined) {
  if (!assignedTo) return membersOf(group);
  const person = await readPersonOf(assignedTo);
  if (!person) return [];
  const deputy = deputyOf(person, nowMs());
  const cover = deputy ? await readPersonOf(deputy.userId) : undefined;
  return cover ? [person, cover] : [person];
}

/**
 * Hand a record's open task to other hands (a delegation granted or ended, a lead's assignment): a fresh link to
 * them, the previous one superseded, the same workflow token, step, decisions and deadline. Nothing when no task is
 * open or it already is theirs. Returns whether it moved.
 */
export async function reassignTask(
  record: TaskSubject['record'],
  to: { group: Group; assignedTo?: { userId: string; name: string } },
  mail: OpenTaskInput['mail'],
): Promise<boolean> {
  const open = await currentAction(record);
  if (open?.status !== 'open') return false;
  if (groupKey(open.group) === groupKey(to.group) && open.assignedTo?.userId === to.assignedTo?.userId) return false;
  await reopen(open, { group: to.group, assignedTo: to.assignedTo, expiresAt: open.expiresAt }, mail);
  return true;
}

/**
 * Remind the people of a record's open task without waking its workflow (the daily tick does it): a fresh link to
 * the same hands, the previous one superseded, the same token, step, decisions and deadline; the link valid until
 * `expiresAt`. `false` when no task is open.
 */
export async function remindTask(
  record: TaskSubject['record'],
  mail: OpenTaskInput['mail'],
  expiresAt: string,
): Promise<boolean> {
  const open = await currentAction(record);
  if (open?.status !== 'open') return false;
  await reopen(open, { group: open.group, assignedTo: open.assignedTo, expiresAt }, mail);
  return true;
}

/** An open task opened again on its token, step, decisions and deadline: in the hands given, with a fresh link. */
function reopen(
  open: ActionRecord,
  to: { group: Group; assignedTo: { userId: string; name: string } | undefined; expiresAt: string },
  mail: OpenTaskInput['mail'],
) {
  return openTask({
    token: open.token,
    subject: open.subject,
    step: open.step,
    stepName: open.subject.title,
    decisions: open.decisions,
    group: to.group,
    ...(to.assignedTo ? { assignedTo: to.assignedTo } : {}),
    ...(open.due ? { due: open.due } : {}),
    expiresAt: to.expiresAt,
    mail,
  });
}

/**
 * The group's lead hands an open task to one active member (or back to the whole group with `userId: null`): a fresh
 * link to them, the earlier links superseded. Audited as the task's reopening.
 */
export async function assignTask(actionId: string, principal: Principal, userId: string | null) {
  const action = await loadAction(actionId);
  const g = action.group;
  if (!(principal.orgCode === g.org && principal.department === g.department && principal.functions.includes('lead'))) {
    throw forbidden(
      { zh: '只有该事项所在部门的负责人可以指派', en: 'Only the lead of the task’s department assigns it' },
      { code: 'NOT_LEAD' },
    );
  }
  if (action.status !== 'open')
    throw conflict('TASK_CLOSED', { zh: '此待办事项已不再待办', en: 'This task is no longer open' });
  let assignedTo: { userId: string; name: string } | undefined;
  if (userId !== null) {
    const person = await readPersonOf(userId);
    if (!person || !isMember(person, g) || !(await membersOf(g)).some((m) => m.id === userId)) {
      throw unprocessable(
        'NOT_A_MEMBER',
        { zh: '只能指派给本组在岗人员', en: 'A task is assigned to an active member of its group' },
        { field: 'userId' },
      );
    }
    assignedTo = { userId: person.id, name: person.name };
  }
  const moved = await reassignTask(
    action.subject.record,
    { group: g, ...(assignedTo ? { assignedTo } : {}) },
    assignedMail(action.subject.title, principal.name, action.due),
  );
  return { assigned: moved, ...(assignedTo ? { assignedTo } : {}) };
}

/** The open tasks of every group the principal is a member of (a new member sees what is already open). */
export async function myTasks(principal: Principal): Promise<TaskView[]> {
  const out: TaskView[] = [];
  for (const key of groupKeysOf(principal)) {
    for (const a of await openActionsOf(key)) {
      if (a.assignedTo && a.assignedTo.userId !== principal.userId && !principal.functions.includes('lead')) continue;
      out.push(viewOf(a));
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export interface TaskView {
  status: TaskStatus;
  step: string;
  decisions: string[];
  subject: TaskSubject;
  group: Group;
  assignedTo?: { userId: string; name: string };
  decidedBy?: { userId: string; name: string };
  usedAt?: string;
  createdAt: string;
  expiresAt: string;
  due?: string;
  expired: boolean;
}

/**
 * The action a link opens: its own, or — superseded by a reminder — the newest of its chain (its forward, else the
 * chain's first action's forward), so a link in an earlier mail keeps working while the task waits in the same hands.
 */
async function loadAction(actionId: string): Promise<ActionRecord> {
  if (!ActionId.test(actionId)) throw taskNotFound();
  const action = await readAction(hashOf(actionId));
  if (!action) throw taskNotFound();
  if (action.status !== 'superseded' || !action.forward) return action;
  const next = await readAction(action.forward);
  if (next?.status !== 'superseded' || !next.forward) return next ?? action;
  const root = next.root ? await readAction(next.root) : undefined;
  const newest = root?.forward ? await readAction(root.forward) : undefined;
  return newest ?? next;
}

const taskNotFound = () => notFound({ zh: '待办事项不存在或链接有误', en: 'No such task, or the link is wrong' });

/**
 * Whether the principal may act on the task now: a member of its group (and, once assigned, the one it is assigned
 * to or the group's lead), or the active deputy of such a person. Read from the directory at each use.
 */
async function ensureMayAct(action: ActionRecord, principal: Principal) {
  const g = action.group;
  const at = nowMs();
  const mine = (id: string) => id === principal.userId;
  const member = isMember(principal, g);
  if (member && (!action.assignedTo || mine(action.assignedTo.userId) || principal.functions.includes('lead'))) return;
  // a deputy of the same organisation and department acts for the person they cover
  if (principal.orgCode === g.org && principal.department === g.department) {
    const covered = action.assignedTo
      ? [await readPersonOf(action.assignedTo.userId)]
      : (await membersOf(g)).filter((m) => m.id !== principal.userId);
    if (covered.some((p) => p && deputyOf(p, at)?.userId === principal.userId)) return;
  }
  // the group the task is for (organisation, department, function; no names): the not-yours page tells whom to ask
  throw forbidden(
    { zh: '此待办事项不属于您', en: 'This task is assigned to someone else' },
    { code: 'TASK_NOT_YOURS', group: { org: g.org, department: g.department, function: g.function } },
  );
}

function viewOf(action: ActionRecord): TaskView {
  return {
    status: action.status,
    step: action.step,
    decisions: action.decisions,
    subject: action.subject,
    group: action.group,
    ...(action.assignedTo ? { assignedTo: action.assignedTo } : {}),
    ...(action.decidedBy ? { decidedBy: action.decidedBy } : {}),
    ...(action.usedAt ? { usedAt: action.usedAt } : {}),
    createdAt: action.createdAt,
    expiresAt: action.expiresAt,
    ...(action.due ? { due: action.due } : {}),
    expired: nowMs() > Date.parse(action.expiresAt),
  };
}

/** What the link shows. Reading changes nothing (mail scanners prefetch links). */
export async function viewTask(
  actionId: string,
  principal: Principal,
  /** the kind's own check of the assignee (e.g. a third party's delegation still open), as its decider makes */
  guard?: (action: ActionRecord, principal: Principal) => Promise<void>,
): Promise<TaskView> {
  const action = await loadAction(actionId);
  await ensureMayAct(action, principal);
  await guard?.(action, principal);
  return viewOf(action);
}

export interface DecisionInput {
  decision: string;
  comment?: string;
  /** step-specific data (a review score, an assessment), validated by the kind's decider */
  data?: Record<string, unknown>;
}

/** What a kind of task does to its record when decided: the writes (with their conditions) and the workflow output. */
export type Decider = (
  action: ActionRecord,
  input: DecisionInput,
  principal: Principal,
) => Promise<{
  writes: TransactItems;
  output: unknown;
}>;

/**
 * Decide a task: the assignee, the link still open and not expired, a decision the step allows. The record change and
 * the action's use are one transaction, so a link acts once; then the workflow is told.
 */
export async function decideTask(
  actionId: string,
  principal: Principal,
  input: DecisionInput,
  decider: Decider,
  /** the kind's own check of the assignee, as for the view: a principal it refuses learns nothing of the task's state */
  guard?: (action: ActionRecord, principal: Principal) => Promise<void>,
) {
  const action = await loadAction(actionId);
  await ensureMayAct(action, principal);
  await guard?.(action, principal);
  if (action.status === 'used') {
    const by = action.decidedBy;
    throw conflict(
      'TASK_USED',
      by
        ? { zh: `此待办事项已由${by.name}处理，链接已失效`, en: `This task has already been decided by ${by.name}` }
        : { zh: '此待办事项已处理，链接已失效', en: 'This task has already been decided' },
      by ? { decidedBy: by } : undefined,
    );
  }
  if (action.status === 'superseded') {
    throw conflict('TASK_SUPERSEDED', {
      zh: '此链接已被更新的通知取代，请使用最新邮件中的链接',
      en: 'This link was replaced by a newer notice; use the link in the latest email',
    });
  }
  if (nowMs() > Date.parse(action.expiresAt)) {
    throw new AppError(
      410,
      'TASK_EXPIRED',
      { zh: '链接已过期', en: 'This link has expired' },
      { expiresAt: action.expiresAt },
    );
  }
  if (!action.decisions.includes(input.decision)) {
    throw new AppError(
      400,
      'DECISION_NOT_ALLOWED',
      { zh: '此环节不能作出该决定', en: 'That decision is not available at this step' },
      { allowed: action.decisions },
    );
  }
  const { writes, output } = await decider(action, input, principal);
  const at = now().toISOString();
  try {
    await saveDecision(writes, action, input.decision, at, { userId: principal.userId, name: principal.name });
  } catch (e) {
    if (e instanceof TransactionCanceledException) {
      throw new AppError(
        409,
        'TASK_USED',
        {
          zh: '此待办事项已处理或记录已变更，请刷新',
          en: 'This task was decided or its record changed meanwhile; reload',
        },
        undefined,
        { cause: e },
      );
    }
    throw e;
  }
  try {
    await completeTask(action.token, output);
  } catch (e) {
    // The record is the truth: a workflow whose task timed out or was re-driven reads it on its next step.
    if (!(e instanceof TaskTimedOut || e instanceof TaskDoesNotExist || e instanceof InvalidToken)) throw e;
    logger.warn('workflow no longer waits for this task; it will read the record', {
      step: action.step,
      error: e.name,
    });
  }
  return { decision: input.decision, step: action.step };
}
