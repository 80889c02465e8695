import { useState } from 'react';
import { post } from '../api.ts';
import { DecisionForm } from '../components/DecisionForm.tsx';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { decisionLabel, departmentLabel, stepLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';
import type { Fund, Org, TaskView } from '../types.ts';

/**
 * Where an email's task link lands (`/tasks/<actionId>`). Opening it changes nothing (mail scanners prefetch
 * links): the page reads the task (`GET /api/tasks/{actionId}`) and the assignee decides with a POST
 * (`POST /api/tasks/{actionId}/decision`).
 */
export type TaskState =
  | 'loading'
  | 'ready'
  | 'done'
  | 'not-found'
  | 'expired'
  | 'used'
  | 'superseded'
  | 'not-yours'
  | 'error';

const ACTION_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Decisions that need a reason (the API answers COMMENT_REQUIRED otherwise). */
const NEEDS_COMMENT: ReadonlySet<string> = new Set(['return']);

/** How the task API's answer reads. */
export function taskState(status: number | undefined, code: string | undefined, task?: TaskView): TaskState {
  if (status === undefined) return 'loading';
  if (status === 200 && task) {
    if (task.status === 'used') return 'used';
    if (task.status === 'superseded') return 'superseded';
    return task.expired ? 'expired' : 'ready';
  }
  if (status === 404) return 'not-found';
  if (status === 410 || code === 'TASK_EXPIRED') return 'expired';
  if (code === 'TASK_SUPERSEDED') return 'superseded';
  if (status === 409 || code === 'TASK_USED') return 'used';
  if (status === 403) return 'not-yours';
  return 'error';
}

export default function Task({ params }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const actionId = params.actionId ?? '';
  const valid = ACTION_ID.test(actionId);
  const task = useResource<TaskView>(valid ? `/api/tasks/${encodeURIComponent(actionId)}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const [decided, setDecided] = useState<{ decision: string } | null>(null);

  const state: TaskState = decided
    ? 'done'
    : !valid
      ? 'not-found'
      : task.loading && !task.data
        ? 'loading'
        : taskState(task.data ? 200 : task.error?.status, task.error?.code, task.data);
  const view = task.data;
  const fund = funds.data?.find((f) => f.code === view?.subject.fund);
  const org = useResource<Org[]>(view ? `/api/orgs?tier=province` : null, { cache: true });
  const orgName = pick(org.data?.find((o) => o.code === view?.subject.org)?.name) || view?.subject.org;

  return (
    <section>
      <h1>{view && state !== 'not-found' ? pick(view.subject.title) : t('page.task')}</h1>
      <div data-testid="task-state" data-state={state}>
        {state === 'loading' ? <Loading /> : null}
        {state === 'error' && task.error ? <ErrorNotice error={task.error} /> : null}
        {state !== 'loading' && state !== 'error' ? (
          <div className={`notice ${state === 'ready' || state === 'done' ? '' : 'notice-warning'}`} role="status">
            <h2>{t(`task.state.${state}` as Key)}</h2>
            <p>
              {state === 'done' && decided
                ? t('task.done', { decision: decisionLabel(i18n, decided.decision) })
                : t(`task.text.${state}` as Key)}
            </p>
            {state === 'not-yours' && task.error ? <p className="muted">{pick(task.error.text)}</p> : null}
          </div>
        ) : null}
        {view && state !== 'not-found' ? (
          <section className="card" aria-labelledby="task-facts">
            <h2 id="task-facts">{t('task.about')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('task.step')}</dt>
                <dd>{stepLabel(i18n, view.step)}</dd>
              </div>
              <div>
                <dt>{t('cycle.year')}</dt>
                <dd>{view.subject.year}</dd>
              </div>
              <div>
                <dt>{t('task.org')}</dt>
                <dd>{orgName}</dd>
              </div>
              {view.subject.fund ? (
                <div>
                  <dt>{t('items.fund')}</dt>
                  <dd>{fund ? pick(fund.name) : view.subject.fund}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('task.assignee')}</dt>
                <dd>
                  {view.assignee.userId} · {departmentLabel(i18n, view.assignee.department)}
                </dd>
              </div>
              {view.due ? (
                <div>
                  <dt>{t('items.due')}</dt>
                  <dd>
                    <time dateTime={view.due}>{formatDateTime(view.due, lang)}</time>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>{t('task.expiresAt')}</dt>
                <dd>
                  <time dateTime={view.expiresAt}>{formatDateTime(view.expiresAt, lang)}</time>
                </dd>
              </div>
            </dl>
          </section>
        ) : null}
        {state === 'ready' && view ? (
          <DecisionForm
            decisions={view.decisions}
            needsComment={NEEDS_COMMENT}
            submit={async (body) => {
              await post<{ decision: string; step: string }>(
                `/api/tasks/${encodeURIComponent(actionId)}/decision`,
                body,
              );
              setDecided({ decision: body.decision });
            }}
          />
        ) : null}
      </div>
      <p className="muted">
        {t('task.reference')} <code>{actionId.slice(0, 8)}…</code>
      </p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
