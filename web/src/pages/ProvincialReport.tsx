import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { viewProvincialEvaluation } from '#shared/evaluation/provincial';
import { selectedYear } from '../components/Cycle.tsx';
import { DraftDownload } from '../components/DraftDownload.tsx';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { Upload } from '../components/Upload.tsx';
import { useFollow, useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Provincial = Awaited<ReturnType<typeof viewProvincialEvaluation>>;

/**
 * 省级绩效评价报告 (第十八条, due 31 July): where the province's evaluation stands
 * (`GET /api/cycles/{year}/provincial-evaluations/{org}`), the report's upload once every region is reviewed, and
 * then its finance approval — a task mailed to the department's signers, decided on its task page.
 */
export default function ProvincialReport({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const p = useResource<Provincial>(year ? `/api/cycles/${year}/provincial-evaluations/${org}` : null);
  const { follow, following } = useFollow(p);
  const mayUpload = p.data?.status === 'report' && me?.tier === 'province' && me.department === 'finance';
  const data = p.data;
  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.provincialReport')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
      </div>
      {p.error ? <ErrorNotice error={p.error} /> : null}
      {p.loading && !data ? <Loading /> : null}
      {data ? (
        <section
          className="card"
          aria-labelledby="report-facts"
          data-testid="provincial-report"
          data-status={data.status}
        >
          <h2 id="report-facts">{t('jprovince.report.where')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('items.status')}</dt>
              <dd data-testid="provincial-status">{statusLabel(i18n, data.status)}</dd>
            </div>
            <div>
              <dt>{t('items.due')}</dt>
              <dd>
                <time dateTime={data.due}>{formatDateTime(data.due, lang)}</time>
                {data.late ? ` · ${t('common.late')}` : ''}
              </dd>
            </div>
            <div>
              <dt>{t('jprovince.report.items')}</dt>
              <dd data-testid="provincial-items">
                {t('jprovince.report.itemsText', {
                  total: data.items.total,
                  submitted: data.items.submitted,
                  reviewed: data.items.reviewed,
                })}
              </dd>
            </div>
            <div>
              <dt>{t('jprovince.report.fileLabel')}</dt>
              <dd data-testid="provincial-file">
                {data.report
                  ? t('jprovince.report.file', {
                      type: data.report.type.toUpperCase(),
                      size: Math.max(1, Math.ceil(data.report.size / 1024)),
                    })
                  : t('evaluation.noReport')}
              </dd>
            </div>
            {data.submittedAt ? (
              <div>
                <dt>{t('jprovince.report.submittedAt')}</dt>
                <dd>
                  <time dateTime={data.submittedAt}>{formatDateTime(data.submittedAt, lang)}</time>
                </dd>
              </div>
            ) : null}
          </dl>
          <p className="notice" data-testid="provincial-next">
            {t(`jprovince.report.next.${data.status}` as Parameters<typeof t>[0])}
            {following ? ` · ${t('evaluation.following')}` : ''}
          </p>
          {mayUpload ? (
            <DraftDownload
              path={`/api/cycles/${year}/provincial-evaluations/${org}/draft`}
              filename={`provincial-evaluation-${year}-${org}.docx`}
            />
          ) : null}
          {mayUpload ? (
            <Upload
              slotPath={`/api/cycles/${year}/evaluations/${org}/ALL/uploads`}
              kind="provincial-report"
              types={['pdf', 'docx']}
              label={t('province.reportUpload')}
              hint={t('province.reportHint')}
              onUploaded={() => follow((d) => d?.status !== 'report')}
            />
          ) : null}
        </section>
      ) : null}
      <p>
        <Link href={`/province${year ? `?cycle=${year}` : ''}`}>{t('jprovince.back.home')}</Link>
      </p>
    </section>
  );
}
