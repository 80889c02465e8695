import { useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { publish } from '#shared/publication/publication';
import { type ApiError, asApiError, post } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Published = Awaited<ReturnType<typeof publish>>;

/**
 * 信息公开 (第二十一条), a province's side: its finance publishes the province's key targets and its regions'
 * evaluation results to its People's Congress and the public (`POST …/publication/{org}` after a confirmation);
 * the public page then lists it beside central's.
 */
export default function ProvincePublication({ query, me }: PageProps) {
  const { t, pick, lang } = useI18n();
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const org = me?.orgCode ?? '';
  const orgName = me?.org ? pick(me.org.name) : org;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [published, setPublished] = useState<Published | null>(null);
  const confirm = async () => {
    if (!year) return;
    setBusy(true);
    setError(null);
    try {
      setPublished(await post<Published>(`/api/cycles/${year}/publication/${org}`, {}));
      setOpen(false);
    } catch (e) {
      setError(asApiError(e));
      setOpen(false);
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
      {!year ? <Loading /> : null}
      {year ? (
        <section className="card" aria-labelledby="ppub-title">
          <h2 id="ppub-title">{t('pub.provinceTitle', { org: orgName, year })}</h2>
          <p>{t('pub.provinceExplain')}</p>
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
                <Link href={`/public/${year}?org=${org}`}>{t('pub.open')}</Link>
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
            <p>{t('pub.provinceExplain')}</p>
          </ConfirmDialog>
        </section>
      ) : null}
    </section>
  );
}
