import { useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { listAssessments } from '#shared/evaluation/central-review';
import type { publish } from '#shared/publication/publication';
import { type ApiError, asApiError, post } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, CycleSummary, selectedYear } from '../components/Cycle.tsx';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Published = Awaited<ReturnType<typeof publish>>;
type Assessments = Awaited<ReturnType<typeof listAssessments>>;

/**
 * 信息公开 (第二十一条), central's side: what publishing does (the key targets, the evaluation results and the
 * provinces' assessments go to the public page as a snapshot; with assessments notified the cycle closes), what is
 * not ready (assessments not yet notified, rectifications still open), then `POST …/publication` after a
 * confirmation, and the link to the public page.
 */
export default function Publication({ query }: PageProps) {
  const { t, lang } = useI18n();
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = useResource<Cycle>(year ? `/api/cycles/${year}` : null);
  const assessments = useResource<Assessments>(year ? `/api/cycles/${year}/assessments` : null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [published, setPublished] = useState<Published | null>(null);
  const list = assessments.data ?? [];
  const notNotified = list.filter((a) => a.status !== 'notified').length;
  const openRectifications = list.filter((a) => a.rectification && a.rectification.status !== 'closed').length;
  const confirm = async () => {
    if (!year) return;
    setBusy(true);
    setError(null);
    try {
      setPublished(await post<Published>(`/api/cycles/${year}/publication`, {}));
      setOpen(false);
      cycle.reload();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <div className="page-head">
        <h1>{t('page.publication')}</h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p>
        <Link href={`/central${year ? `?cycle=${year}` : ''}`}>{t('ct.back')}</Link>
      </p>
      {cycle.data ? <CycleSummary cycle={cycle.data} /> : null}
      {!year || (assessments.loading && !assessments.data) ? <Loading /> : null}
      {year && assessments.data ? (
        <section className="card" aria-labelledby="pub-title">
          <h2 id="pub-title">{t('pub.title', { year })}</h2>
          <p>{t('pub.explain')}</p>
          <ul className="goals" data-testid="publication-readiness">
            <li>{t('pub.assessments', { count: list.length })}</li>
            {notNotified > 0 ? <li>{t('pub.notNotified', { count: notNotified })}</li> : null}
            {openRectifications > 0 ? <li>{t('pub.openRectifications', { count: openRectifications })}</li> : null}
          </ul>
          <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
            {t('pub.button')}
          </button>
          {published ? (
            <div className="notice" role="status" data-testid="published">
              <p>
                {t('pub.done', {
                  at: formatDateTime(published.publishedAt, lang),
                  targets: published.counts.targets,
                  results: published.counts.results,
                  assessments: published.counts.assessments,
                })}
              </p>
              <p>
                <Link href={`/public/${year}`}>{t('pub.open')}</Link>
              </p>
            </div>
          ) : null}
          {error ? <ErrorNotice error={error} /> : null}
          <ConfirmDialog
            open={open}
            title={t('pub.confirmTitle')}
            confirmLabel={t('pub.confirm', { year })}
            busy={busy}
            onConfirm={confirm}
            onCancel={() => setOpen(false)}
          >
            <p>{t('pub.confirmText', { year })}</p>
            {notNotified > 0 || openRectifications > 0 ? (
              <p className="notice notice-warning">{t('pub.confirmNotReady', { notNotified, openRectifications })}</p>
            ) : null}
          </ConfirmDialog>
        </section>
      ) : null}
    </section>
  );
}
