import type { CycleView as Cycle, WorkItem } from '#shared/cycle/cycles';
import type { viewProvincialEvaluation } from '#shared/evaluation/provincial';
import type { Fund } from '#shared/reference/funds';
import type { Org } from '#shared/reference/orgs';
import { CyclePicker, CycleSummary, selectedYear } from '../components/Cycle.tsx';
import { DocumentLink } from '../components/DocumentLink.tsx';
import type { Evaluation } from '../components/Evaluations.tsx';
import { ProvinceMonitoring } from '../components/Monitoring.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { OverviewLinks } from '../components/Overviews.tsx';
import { ProvinceNextSteps } from '../components/ProvinceNextSteps.tsx';
import { Upload } from '../components/Upload.tsx';
import { WorkItemsTable } from '../components/WorkItemsTable.tsx';
import { useFollow, useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel, statusLabel } from '../labels.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../title.tsx';

const orgParam = (value: string | null) => (value && /^\d{6}$/.test(value) ? value : undefined);

/**
 * A province's view: its pooling regions (统筹地区) and its work items in the chosen year; one region's items on
 * request; its regions' self-evaluations and execution monitoring (by open findings and lateness). Province staff see their own province; central staff reach any province from the dashboard (`?org=`).
 */
export default function ProvinceView({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const { path } = useLocation();
  const own = me?.orgCode ?? '';
  const org = (me?.tier === 'central' ? orgParam(query.get('org')) : undefined) ?? own;
  const region = orgParam(query.get('region'));
  const itemsOf = (code: string) => (code === own ? '' : `?org=${code}`);

  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = useResource<Cycle>(year ? `/api/cycles/${year}` : null);
  const provinces = useResource<Org[]>('/api/orgs?tier=province', { cache: true });
  const regions = useResource<Org[]>(`/api/orgs?tier=region&parent=${org}`, { cache: true });
  const items = useResource<WorkItem[]>(year ? `/api/cycles/${year}/items${itemsOf(org)}` : null);
  const regionItems = useResource<WorkItem[]>(year && region ? `/api/cycles/${year}/items?org=${region}` : null);
  const evaluations = useResource<Evaluation[]>(year ? `/api/cycles/${year}/evaluations?org=${org}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const { follow, following } = useFollow(items);
  const provincial = items.data?.find((i) => i.kind === 'provincial-evaluation');
  const mayUploadReport =
    provincial?.status === 'report' && me?.orgCode === org && me.tier === 'province' && me.department === 'finance';
  const queue = (evaluations.data ?? []).filter((e) => e.status === 'submitted').length;
  const unitName = (code: string) =>
    code === org ? orgName : pick(regions.data?.find((r) => r.code === code)?.name) || code;
  const fundName = (code: string) => pick(funds.data?.find((f) => f.code === code)?.name) || code;

  const orgName = pick((org === own ? me?.org : provinces.data?.find((o) => o.code === org))?.name) || org;
  const regionName = pick(regions.data?.find((r) => r.code === region)?.name) || (region ?? '');
  const withRegion = (code: string | null) => {
    const q = new URLSearchParams(query);
    if (code) q.set('region', code);
    else q.delete('region');
    return `${path}?${q}`;
  };

  usePageTitle(orgName ? `${t('page.province')} · ${orgName}` : null);

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.province')} <span className="subtitle">{orgName}</span>
        </h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {cycle.data ? <CycleSummary cycle={cycle.data} /> : null}
      <OverviewLinks year={year} regions {...(me?.tier === 'central' ? { org } : {})} />

      {year ? (
        <section className="card" aria-labelledby="own-items">
          <h2 id="own-items">{t('province.items', { name: orgName, year })}</h2>
          {items.error ? <ErrorNotice error={items.error} /> : null}
          {items.loading && !items.data ? <Loading /> : null}
          {items.data && org === own ? (
            <ProvinceNextSteps
              items={items.data}
              year={year}
              caption={t('province.itemsCaption', { count: items.data.length })}
            />
          ) : items.data ? (
            <WorkItemsTable items={items.data} caption={t('province.itemsCaption', { count: items.data.length })} />
          ) : null}
        </section>
      ) : null}

      {org === own ? (
        <nav aria-label={t('jprovince.pages')} className="province-pages">
          <ul>
            <li>
              <Link href={`/province/own${year ? `?cycle=${year}` : ''}`}>{t('province.ownWorkspace')}</Link>
            </li>
            <li>
              <Link href={`/province/targets${year ? `?cycle=${year}` : ''}`}>{t('page.provinceTargets')}</Link>
            </li>
            <li>
              <Link href={`/province/budget${year ? `?cycle=${year}` : ''}`}>{t('page.budget')}</Link>
            </li>
            <li>
              <Link href={`/province/delegations${year ? `?cycle=${year}` : ''}`}>{t('page.delegations')}</Link>
            </li>
            <li>
              <Link href={`/province/report${year ? `?cycle=${year}` : ''}`}>{t('page.provincialReport')}</Link>
            </li>
          </ul>
        </nav>
      ) : null}

      {year && evaluations.data && evaluations.data.length > 0 ? (
        <section className="card" aria-labelledby="province-evaluations">
          <h2 id="province-evaluations">{t('province.evaluations')}</h2>
          {queue > 0 ? <p className="notice">{t('province.queue', { count: queue })}</p> : null}
          <div className="table-wrap">
            <table className="table" data-testid="province-evaluations">
              <caption>{t('province.evalCaption', { count: evaluations.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('province.region')}</th>
                  <th scope="col">{t('items.fund')}</th>
                  <th scope="col">{t('items.status')}</th>
                  <th scope="col" className="num">
                    {t('evaluation.score')}
                  </th>
                  <th scope="col">{t('evaluation.review')}</th>
                  <th scope="col">{t('evaluation.report')}</th>
                  <th scope="col">{t('items.due')}</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.data.map((e) => (
                  <tr key={`${e.org}-${e.fund}`}>
                    <th scope="row">{unitName(e.org)}</th>
                    <td>{fundName(e.fund)}</td>
                    <td>
                      <span className={`badge badge-status-${e.status}`}>{statusLabel(i18n, e.status)}</span>
                      {e.late ? <span className="badge badge-late">{t('common.late')}</span> : null}
                    </td>
                    <td className="num">{e.score ? `${e.score} · ${gradeLabel(i18n, e.grade)}` : '—'}</td>
                    <td>{e.review ? `${e.review.score} · ${gradeLabel(i18n, e.review.grade)}` : '—'}</td>
                    <td>{e.report ? <DocumentLink doc={e.report} label={t('evaluation.report')} /> : '—'}</td>
                    <td>
                      <time dateTime={e.due}>{formatDateTime(e.due, lang)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {year ? <ProvinceMonitoring year={year} province={org} /> : null}

      {year && provincial ? (
        <section className="card" aria-labelledby="province-report">
          <h2 id="province-report">{t('province.report')}</h2>
          <p>
            {t('province.reportStatus', { status: statusLabel(i18n, provincial.status) })}
            {following ? ` · ${t('evaluation.following')}` : ''}
          </p>
          <ProvincialReport key={provincial.status} year={year} org={org} />
          {mayUploadReport ? (
            <Upload
              slotPath={`/api/cycles/${year}/evaluations/${org}/ALL/uploads`}
              kind="provincial-report"
              types={['pdf', 'docx']}
              label={t('province.reportUpload')}
              hint={t('province.reportHint')}
              onUploaded={() =>
                follow((data) => data?.find((i) => i.kind === 'provincial-evaluation')?.status !== 'report')
              }
            />
          ) : null}
        </section>
      ) : null}

      <section className="card" aria-labelledby="regions">
        <h2 id="regions">{t('province.regions')}</h2>
        {regions.error ? <ErrorNotice error={regions.error} /> : null}
        {regions.loading && !regions.data ? <Loading /> : null}
        {regions.data?.length === 0 ? <Empty>{t('province.noRegions')}</Empty> : null}
        {regions.data && regions.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="regions">
              <caption>{t('province.regionsCaption', { count: regions.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('province.regionCode')}</th>
                  <th scope="col">{t('province.regionName')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {regions.data.map((r) => (
                  <tr key={r.code} aria-current={r.code === region ? 'true' : undefined}>
                    <td>
                      <code>{r.code}</code>
                    </td>
                    <th scope="row">{pick(r.name)}</th>
                    <td>
                      {year ? (
                        <Link href={withRegion(r.code)} aria-label={t('province.showItemsOf', { name: pick(r.name) })}>
                          {t('province.showItems')}
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {region && year ? (
        <section className="card" aria-labelledby="region-items">
          <h2 id="region-items">{t('province.items', { name: regionName, year })}</h2>
          {regionItems.error ? <ErrorNotice error={regionItems.error} /> : null}
          {regionItems.loading && !regionItems.data ? <Loading /> : null}
          {regionItems.data ? (
            <WorkItemsTable
              items={regionItems.data}
              caption={t('province.itemsCaption', { count: regionItems.data.length })}
            />
          ) : null}
          <p>
            <button type="button" className="button" onClick={() => navigate(withRegion(null), { replace: true })}>
              {t('common.close')}
            </button>
          </p>
        </section>
      ) : null}
    </section>
  );
}

/** The provincial report once uploaded, with its action (the view reads the provincial evaluation for it). */
function ProvincialReport({ year, org }: { year: number; org: string }) {
  const { t } = useI18n();
  const view = useResource<Awaited<ReturnType<typeof viewProvincialEvaluation>>>(
    `/api/cycles/${year}/provincial-evaluations/${org}`,
  );
  const report = view.data?.report;
  return report ? (
    <p>
      <DocumentLink doc={report} label={t('document.provincialReport')} />
    </p>
  ) : null;
}
