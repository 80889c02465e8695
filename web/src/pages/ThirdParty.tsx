import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { Org } from '#shared/reference/orgs';
import type { TaskView } from '#shared/tasks/tasks';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import type { Evaluation } from '../components/Evaluations.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel, statusLabel } from '../labels.ts';
import type { PageProps } from '../routes.tsx';

/**
 * A third party's page (第十七条): only the items a province delegated to it, while the window is open — the API
 * answers a third party with exactly its open grants (`GET …/evaluations?org=`), and its open review tasks
 * (`GET /api/me/tasks`; the links themselves come by mail). Once a window closes or a grant is revoked the item is gone
 * from both.
 */
export default function ThirdParty({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const items = useResource<Evaluation[]>(year && org ? `/api/cycles/${year}/evaluations?org=${org}` : null);
  const tasks = useResource<TaskView[]>('/api/me/tasks');
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const orgs = useResource<Org[]>('/api/orgs', { cache: true });
  const orgName = (code: string) => pick(orgs.data?.find((o) => o.code === code)?.name) || code;
  const fundName = (code: string) => pick(funds.data?.find((f) => f.code === code)?.name) || code;
  const delegated = (items.data ?? []).filter((e) => e.delegate?.userId === me?.userId);
  // a task is shown only while its item is delegated here: the API refuses its link once the window closes
  const open = (tasks.data ?? []).filter(
    (x) =>
      x.status === 'open' && !x.expired && delegated.some((e) => e.org === x.subject.org && e.fund === x.subject.fund),
  );
  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.thirdParty')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p className="lead">{t('thirdParty.lead')}</p>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}

      <section className="card" aria-labelledby="third-party-items">
        <h2 id="third-party-items">{t('thirdParty.items', { year: year ?? '' })}</h2>
        {items.error ? <ErrorNotice error={items.error} /> : null}
        {items.loading && !items.data ? <Loading /> : null}
        {items.data && delegated.length === 0 ? <Empty>{t('thirdParty.none')}</Empty> : null}
        {delegated.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="delegated-items">
              <caption>{t('thirdParty.itemsCaption', { count: delegated.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('task.org')}</th>
                  <th scope="col">{t('items.fund')}</th>
                  <th scope="col">{t('items.status')}</th>
                  <th scope="col">{t('evaluation.score')}</th>
                  <th scope="col">{t('thirdParty.until')}</th>
                </tr>
              </thead>
              <tbody>
                {delegated.map((e) => (
                  <tr key={`${e.org}-${e.fund}`} data-org={e.org} data-fund={e.fund} data-status={e.status}>
                    <th scope="row">{orgName(e.org)}</th>
                    <td>{fundName(e.fund)}</td>
                    <td>{statusLabel(i18n, e.status)}</td>
                    <td>
                      {e.review
                        ? `${e.review.score} · ${gradeLabel(i18n, e.review.grade)}`
                        : e.score
                          ? `${e.score} · ${gradeLabel(i18n, e.grade)}`
                          : '—'}
                    </td>
                    <td>{e.delegate ? formatDateTime(e.delegate.until, lang) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="third-party-tasks">
        <h2 id="third-party-tasks">{t('thirdParty.tasks')}</h2>
        {tasks.error ? <ErrorNotice error={tasks.error} /> : null}
        {tasks.loading && !tasks.data ? <Loading /> : null}
        {tasks.data && open.length === 0 ? <Empty>{t('thirdParty.noTasks')}</Empty> : null}
        {open.length > 0 ? (
          <ul data-testid="third-party-tasks">
            {open.map((x) => (
              <li key={`${x.subject.record.pk}-${x.subject.record.sk}-${x.step}`}>
                {pick(x.subject.title)}
                {x.due ? ` · ${t('thirdParty.taskDue', { due: formatDateTime(x.due, lang) })}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        <p className="hint">{t('thirdParty.tasksHint')}</p>
      </section>
    </section>
  );
}
