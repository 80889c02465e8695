import { createHash, randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { InvalidToken, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { now, nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { AppError, type Bilingual, conflict, forbidden, notFound } from '#shared/platform/errors';
import { logger } from '#shared/platform/logger';
import { sendMail } from '#shared/platform/mail';
import type { TransactItems } from '#shared/platform/records';
import type { Principal } from '#shared/reference/auth';
import type { Contact } from '#shared/reference/directory';
import { taskLink } from '#shared/tasks/notices';
import type { ActionRecord, TaskStatus, TaskSubject } from '#shared/tasks/records';
import { actionKey, completeTask, currentAction, readAction, saveDecision, saveOpenedTask } from '#shared/tasks/store';

/**
 * Human tasks by email (DESIGN §6). A `.waitForTaskToken` state calls `openTask`: the Step Functions token stays on
 * the server, stored under the SHA-256 of a random action id; only the action id travels, in the link of an email
 * to the assignee. GET on the link shows the task; the decision is a POST by the authenticated assignee, applied to
 * the record and to the action in one transaction (single use), and only then handed to the workflow.
 * Re-opening a step (a reminder, a re-drive) supersedes the previous link.
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
  assignee: Contact;
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
    assignee: {
      userId: input.assignee.userId,
      orgCode: input.assignee.orgCode,
      department: input.assignee.department,
      email: input.assignee.email,
    },
    status: 'open',
    createdAt: at,
    expiresAt: input.expiresAt,
    ...(input.due ? { due: input.due } : {}),
  };
  await saveOpenedTask(action, input.subject.record, previous, at, {
    after: { step: input.step, assignee: action.assignee.userId, due: input.due },
  });
  await sendMail({
    to: input.assignee.email,
    subject: input.mail.subject,
    paragraphs: input.mail.paragraphs,
    links: [taskLink(`${config().SIFPM_CONSOLE_URL}/tasks/${actionId}`)],
  });
  return { actionHash: hash };
}

/**
 * Hand a record's open task to another assignee (a delegation granted or ended): a fresh link to the new assignee,
 * the previous one superseded, the same workflow token, step, decisions and deadline. Nothing when no task is open
 * or it already is the assignee's. Returns whether it moved.
 */
export async function reassignTask(
  record: TaskSubject['record'],
  assignee: Contact,
  mail: OpenTaskInput['mail'],
): Promise<boolean> {
  const open = await currentAction(record);
  if (open?.status !== 'open' || open.assignee.userId === assignee.userId) return false;
  await openTask({
    token: open.token,
    subject: open.subject,
    step: open.step,
    stepName: open.subject.title,
    decisions: open.decisions,
    assignee,
    ...(open.due ? { due: open.due } : {}),
    expiresAt: open.expiresAt,
    mail,
  });
  return true;
}

export interface TaskView {
  status: TaskStatus;
  step: string;
  decisions: string[];
  subject: TaskSubject;
  assignee: { userId: string; orgCode: string; department: string };
  createdAt: string;
  expiresAt: string;
  due?: string;
  expired: boolean;
}

async function loadAction(actionId: string): Promise<ActionRecord> {
  if (!ActionId.test(actionId)) throw taskNotFound();
  const action = await readAction(hashOf(actionId));
  if (!action) throw taskNotFound();
  return action;
}

const taskNotFound = () => notFound({ zh: '待办事项不存在或链接有误', en: 'No such task, or the link is wrong' });

function ensureAssignee(action: ActionRecord, principal: Principal) {
  if (action.assignee.userId !== principal.userId) {
    throw forbidden(
      { zh: '此待办事项不属于您', en: 'This task is assigned to someone else' },
      { code: 'TASK_NOT_YOURS' },
    );
  }
}

/** What the link shows. Reading changes nothing (mail scanners prefetch links). */
export async function viewTask(
  actionId: string,
  principal: Principal,
  /** the kind's own check of the assignee (e.g. a third party's delegation still open), as its decider makes */
  guard?: (action: ActionRecord, principal: Principal) => Promise<void>,
): Promise<TaskView> {
  const action = await loadAction(actionId);
  ensureAssignee(action, principal);
  await guard?.(action, principal);
  return {
    status: action.status,
    step: action.step,
    decisions: action.decisions,
    subject: action.subject,
    assignee: {
      userId: action.assignee.userId,
      orgCode: action.assignee.orgCode,
      department: action.assignee.department,
    },
    createdAt: action.createdAt,
    expiresAt: action.expiresAt,
    ...(action.due ? { due: action.due } : {}),
    expired: nowMs() > Date.parse(action.expiresAt),
  };
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
  ensureAssignee(action, principal);
  await guard?.(action, principal);
  if (action.status === 'used') {
    throw conflict('TASK_USED', { zh: '此待办事项已处理，链接已失效', en: 'This task has already been decided' });
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
    await saveDecision(writes, action, input.decision, at);
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
