import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * Where an email's task link lands (`/tasks/<actionId>`). Opening it changes nothing (mail scanners prefetch
 * links): the page reads the task, and a decision will be a POST from `DecisionForm` once the review workflows
 * define their task API. Until then `GET /api/tasks/{actionId}` does not exist and every link reads "not found".
 */
export type TaskState = 'loading' | 'ready' | 'not-found' | 'expired' | 'used' | 'not-yours' | 'error';

const ACTION_ID = /^[A-Za-z0-9_-]{8,128}$/;

/** How the task API's answers read (the contract proposed in docs/CONSOLE.md). */
export function taskState(status: number | undefined, code: string | undefined): TaskState {
  if (status === undefined) return 'loading';
  if (status === 200) return 'ready';
  if (status === 404) return 'not-found';
  if (status === 410 || code === 'TASK_EXPIRED') return 'expired';
  if (status === 409 || code === 'TASK_USED') return 'used';
  if (status === 403) return 'not-yours';
  return 'error';
}

const TEXT: Record<Exclude<TaskState, 'loading' | 'error'>, Key> = {
  ready: 'task.ready',
  'not-found': 'task.notFound',
  expired: 'task.expired',
  used: 'task.used',
  'not-yours': 'task.notYours',
};

export default function Task({ params }: PageProps) {
  const { t } = useI18n();
  const actionId = params.actionId ?? '';
  const valid = ACTION_ID.test(actionId);
  const task = useResource<unknown>(valid ? `/api/tasks/${encodeURIComponent(actionId)}` : null);
  const state: TaskState = !valid
    ? 'not-found'
    : task.loading
      ? 'loading'
      : taskState(task.data !== undefined ? 200 : task.error?.status, task.error?.code);

  return (
    <section>
      <h1>{t('page.task')}</h1>
      <p className="muted">
        {t('task.reference')} <code>{actionId}</code>
      </p>
      <div data-testid="task-state" data-state={state}>
        {state === 'loading' ? (
          <Loading />
        ) : state === 'error' && task.error ? (
          <ErrorNotice error={task.error} />
        ) : state !== 'error' ? (
          <div className={`notice ${state === 'ready' ? '' : 'notice-warning'}`} role="status">
            <h2>{t(`task.state.${state}` as Key)}</h2>
            <p>{t(TEXT[state])}</p>
          </div>
        ) : null}
        {state === 'ready' ? <Empty>{t('task.decisionComing')}</Empty> : null}
      </div>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
