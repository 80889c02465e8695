import type { Completeness as Figures } from '#shared/overviews/overviews';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { type Cycle, DownloadButton, ProvincePicker, ScrollBox } from '../components/Overviews.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { phaseLabel, tierLabel } from '../labels.ts';
import type { PageProps } from '../routes.tsx';

const orgParam = (value: string | null) => (value && /^\d{6}$/.test(value) ? value : undefined);

/**
 * 完成情况 (M16): for each phase and tier, how many are due, done, done on time, late, missing — nationally for
 * central (or one province with `?org=`), a province its own.
 */
export default function Completeness({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const central = me?.tier === 'central';
  const org = central ? orgParam(query.get('org')) : undefined;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const path = year ? `/api/cycles/${year}/overviews/completeness${org ? `?org=${org}` : ''}` : null;
  const figures = useResource<Figures>(path);
  const f = figures.data;
  const scope = f?.scope ? pick(f.scope.name) : t('overview.completeness.national');
  const caption = year ? t('overview.completeness.caption', { scope, year }) : '';
  const cols = ['due', 'done', 'onTime', 'late', 'missing', 'pending'] as const;

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.overviewCompleteness')} <span className="subtitle">{f ? scope : ''}</span>
        </h1>
        <div className="page-tools">
          {cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}
          {central ? <ProvincePicker value={org} /> : null}
          {path && f ? (
            <DownloadButton path={path} filename={`${year}年度${f.scope ? f.scope.name.zh : '全国'}完成情况.xlsx`} />
          ) : null}
        </div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {figures.error ? <ErrorNotice error={figures.error} /> : null}
      {figures.loading && !f ? <Loading /> : null}
      {f ? (
        <section className="card" aria-labelledby="completeness">
          <h2 id="completeness">{caption}</h2>
          <p className="muted">{t('overview.completeness.intro')}</p>
          <p className="muted">{t('overview.asOf', { at: formatDateTime(f.at, lang) })}</p>
          <ScrollBox label={caption}>
            <table className="table overview-table" data-testid="completeness">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('overview.completeness.phase')}</th>
                  <th scope="col">{t('overview.completeness.tier')}</th>
                  <th scope="col">{t('overview.completeness.what')}</th>
                  {cols.map((c) => (
                    <th scope="col" key={c} className="num">
                      {t(`overview.completeness.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {f.rows.map((r) => (
                  <tr key={`${r.phase}|${r.tier}`} data-phase={r.phase} data-tier={r.tier}>
                    <th scope="row">{phaseLabel(i18n, r.phase)}</th>
                    <td>{tierLabel(i18n, r.tier)}</td>
                    <td>{pick(r.what)}</td>
                    {cols.map((c) => (
                      <td key={c} className="num" data-col={c}>
                        {r.due === 0 ? '—' : r[c]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <p className="muted small">{t('overview.scrollHint')}</p>
        </section>
      ) : null}
    </section>
  );
}
