import type { MonitoringCell, MonitoringOverview } from '#shared/overviews/overviews';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { type Cycle, DownloadButton, ScrollBox } from '../components/Overviews.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

const orgParam = (value: string | null) => (value && /^\d{6}$/.test(value) ? value : undefined);

/**
 * 全国监控概览: central's provinces × funds (a province, or central with `?org=`, that province's regions × funds) —
 * submitted of the periods due, late, missing, open findings, units whose execution is behind the time elapsed.
 */
export default function NationalMonitoring({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.tier === 'central' ? orgParam(query.get('org')) : undefined;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const path = year ? `/api/cycles/${year}/overviews/monitoring${org ? `?org=${org}` : ''}` : null;
  const overview = useResource<MonitoringOverview>(path);
  const o = overview.data;
  const rowsLabel = o?.scope
    ? t('overview.monitoring.scopeProvince', { name: pick(o.scope.name) })
    : t('overview.monitoring.scopeNational');
  const caption = year ? t('overview.monitoring.caption', { year, rows: rowsLabel }) : '';

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.overviewMonitoring')}
          {o?.scope ? <span className="subtitle"> {pick(o.scope.name)}</span> : null}
        </h1>
        <div className="page-tools">
          {cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}
          {path && o ? (
            <DownloadButton
              path={path}
              filename={`${year}年度${o.scope ? `${o.scope.name.zh}` : '全国'}监控概览.xlsx`}
            />
          ) : null}
        </div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {overview.error ? <ErrorNotice error={overview.error} /> : null}
      {overview.loading && !o ? <Loading /> : null}
      {o ? (
        <section className="card" aria-labelledby="monitoring-overview">
          <h2 id="monitoring-overview">{caption}</h2>
          <p className="muted">{t('overview.monitoring.intro')}</p>
          <p className="muted">{t('overview.asOf', { at: formatDateTime(o.at, lang) })}</p>
          <ScrollBox label={caption}>
            <table className="table overview-table" data-testid="monitoring-overview">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{o.scope ? t('overview.region') : t('overview.province')}</th>
                  {o.funds.map((f) => (
                    <th scope="col" key={f.code}>
                      {pick(f.name)}
                    </th>
                  ))}
                  <th scope="col">{t('overview.total')}</th>
                </tr>
              </thead>
              <tbody>
                {o.rows.map((r) => (
                  <tr key={r.org} data-org={r.org}>
                    <th scope="row">
                      {o.scope ? (
                        <Link href={`/region?org=${r.org}&cycle=${year}`}>{pick(r.name)}</Link>
                      ) : (
                        <>
                          <Link href={`/overviews/monitoring?org=${r.org}&cycle=${year}`}>{pick(r.name)}</Link>{' '}
                          <Link className="muted" href={`/overviews/regions?org=${r.org}&cycle=${year}`}>
                            {t('overview.monitoring.progressLink')}
                          </Link>
                        </>
                      )}
                    </th>
                    {o.funds.map((f) => (
                      <td key={f.code} data-fund={f.code}>
                        <Figures cell={r.cells[f.code] as MonitoringCell} />
                      </td>
                    ))}
                    <td>
                      <Figures cell={r.total} />
                    </td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t('overview.total')}</th>
                  {o.funds.map((f) => (
                    <td key={f.code}>
                      <Figures cell={o.totals[f.code] as MonitoringCell} />
                    </td>
                  ))}
                  <td>
                    <Figures cell={o.total} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </ScrollBox>
          <p className="muted small">{t('overview.scrollHint')}</p>
        </section>
      ) : null}
    </section>
  );
}

/** One cell's figures, each a word and a number (not colour alone). */
function Figures({ cell }: { cell: MonitoringCell }) {
  const { t } = useI18n();
  if (cell.units === 0 && cell.due === 0 && cell.openFindings === 0) {
    return <span className="muted">{t('overview.monitoring.notMonitored')}</span>;
  }
  return (
    <ul className="figures">
      <li>{t('overview.monitoring.submitted', { done: cell.submitted, due: cell.due })}</li>
      <li className={cell.late ? 'figure-warn' : undefined}>{t('overview.monitoring.late', { n: cell.late })}</li>
      <li className={cell.missing ? 'figure-warn' : undefined}>
        {t('overview.monitoring.missing', { n: cell.missing })}
      </li>
      <li className={cell.openFindings ? 'figure-warn' : undefined}>
        {t('overview.monitoring.findings', { n: cell.openFindings })}
      </li>
      <li className={cell.behind ? 'figure-warn' : undefined}>{t('overview.monitoring.behind', { n: cell.behind })}</li>
    </ul>
  );
}
