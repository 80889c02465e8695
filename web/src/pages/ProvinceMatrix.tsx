import type { RegionMatrix } from '#shared/overviews/overviews';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { type Cycle, DownloadButton, formatDay, ProvincePicker, ScrollBox } from '../components/Overviews.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

const orgParam = (value: string | null) => (value && /^\d{6}$/.test(value) ? value : undefined);

/**
 * 统筹地区进度 (M24): the province itself and its pooling regions × funds, each cell the item's current step and the
 * date it entered it. A province sees its own; central picks one (`?org=`).
 */
export default function ProvinceMatrix({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const central = me?.tier === 'central';
  const org = central ? orgParam(query.get('org')) : me?.orgCode;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const path = year && org ? `/api/cycles/${year}/overviews/regions?org=${org}` : null;
  const matrix = useResource<RegionMatrix>(path);
  const m = matrix.data;
  const caption = m && year ? t('overview.regions.caption', { name: pick(m.province.name), year }) : '';

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.overviewRegions')}
          {m ? <span className="subtitle"> {pick(m.province.name)}</span> : null}
        </h1>
        <div className="page-tools">
          {cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}
          {central ? <ProvincePicker value={org} /> : null}
          {path && m ? (
            <DownloadButton path={path} filename={`${year}年度${m.province.name.zh}统筹地区进度.xlsx`} />
          ) : null}
        </div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {central && !org ? <Empty>{t('overview.chooseProvince')}</Empty> : null}
      {matrix.error ? <ErrorNotice error={matrix.error} /> : null}
      {matrix.loading && !m ? <Loading /> : null}
      {m ? (
        <section className="card" aria-labelledby="region-matrix">
          <h2 id="region-matrix">{caption}</h2>
          <p className="muted">{t('overview.regions.intro')}</p>
          <ScrollBox label={caption}>
            <table className="table overview-table" data-testid="region-matrix">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('overview.region')}</th>
                  {m.funds.map((f) => (
                    <th scope="col" key={f.code}>
                      {pick(f.name)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {m.rows.map((r) => (
                  <tr key={r.org} data-org={r.org}>
                    <th scope="row">
                      <Link href={`/region?org=${r.org}&cycle=${year}`}>{pick(r.name)}</Link>
                    </th>
                    {m.funds.map((f) => {
                      const c = r.cells[f.code];
                      if (!c?.applicable) {
                        return (
                          <td key={f.code} data-fund={f.code}>
                            <span aria-hidden="true">—</span>
                            <span className="overview-sr">{t('overview.notApplicable')}</span>
                          </td>
                        );
                      }
                      return (
                        <td key={f.code} data-fund={f.code} data-step={c.step.code}>
                          <span className={`badge badge-step-${c.step.code.replace(/\./g, '-')}`}>
                            {pick(c.step.label)}
                          </span>
                          {c.since ? (
                            <span className="since">
                              {' '}
                              <time dateTime={c.since}>
                                {t('overview.regions.since', { date: formatDay(c.since, lang) })}
                              </time>
                            </span>
                          ) : null}
                        </td>
                      );
                    })}
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
