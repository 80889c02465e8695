import { useId } from 'react';
import type { Disclosure, listPublications } from '#shared/publication/publication';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { config } from '../config.ts';
import { useResource } from '../data.ts';
import { formatTarget } from '../domain.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel, outcomeLabel, unitLabel } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * 绩效信息公开 (第二十一条): what central published for a year — key targets per province and fund, the evaluation
 * results per region and fund, the assessments of the provinces. Anyone may read it, signed in or not
 * (`GET /api/public/cycles` lists the years that have published, `GET /api/public/cycles/{year}` one year's snapshot).
 * `/public` shows the newest published year; `/public/:year` a given one.
 */
export default function PublicDisclosure({ params, query }: PageProps) {
  const { t, pick } = useI18n();
  const asked = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : undefined;
  const askedOrg = /^\d{6}$/.test(query.get('org') ?? '') ? (query.get('org') as string) : undefined;
  const published = useResource<{ cycles: Awaited<ReturnType<typeof listPublications>> }>('/api/public/cycles', {
    anonymous: true,
  });
  const years = published.data?.cycles.map((c) => c.year) ?? [];
  if (asked !== undefined && !years.includes(asked)) years.unshift(asked);
  const year = asked ?? years[0];
  const yearId = useId();
  const levels = published.data?.cycles.find((c) => c.year === year)?.publications ?? [];
  const org = askedOrg ?? levels[0]?.org;

  return (
    <section>
      <div className="page-head">
        <h1>{t('public.title')}</h1>
        <div className="page-tools">
          <div className="field field-inline">
            <label htmlFor={yearId}>{t('public.year')}</label>
            <select
              id={yearId}
              value={year ?? ''}
              onChange={(e) => navigate(e.target.value ? `/public/${e.target.value}` : '/public')}
            >
              {year === undefined ? <option value="">—</option> : null}
              {years.map((y) => (
                <option key={y} value={y}>
                  {t('cycle.yearOption', { year: y })}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <p className="lead">{t('public.lead')}</p>
      {asked === undefined && published.loading ? <Loading /> : null}
      {published.error ? <ErrorNotice error={published.error} /> : null}
      {asked === undefined && published.data && year === undefined ? <Empty>{t('public.noneAtAll')}</Empty> : null}
      {year !== undefined && levels.length > 1 ? (
        <nav className="card" aria-label={t('public.levels')} data-testid="public-levels">
          <h2>{t('public.levels')}</h2>
          <ul className="goals">
            {levels.map((l) => (
              <li key={l.org} data-org={l.org}>
                {l.org === org ? (
                  <strong aria-current="page">
                    {l.tier === 'central' ? t('public.levelCentral') : pick(l.orgName)}
                  </strong>
                ) : (
                  <Link href={`/public/${year}?org=${l.org}`}>
                    {l.tier === 'central' ? t('public.levelCentral') : pick(l.orgName)}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {year !== undefined ? <DisclosureOf year={year} org={org} /> : null}
      <p>
        <Link href="/signin">{t('public.signIn')}</Link>
      </p>
    </section>
  );
}

function DisclosureOf({ year, org }: { year: number; org: string | undefined }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const path = `/api/public/cycles/${year}${org ? `?org=${org}` : ''}`;
  const disclosure = useResource<Disclosure>(path, { anonymous: true });
  const file = (format: string) => `${config().apiBase}${path}${org ? '&' : '?'}format=${format}`;
  if (disclosure.loading && !disclosure.data) return <Loading />;
  if (disclosure.error?.status === 404) {
    return (
      <div className="card" data-testid="public-empty">
        <Empty>{t('public.none', { year })}</Empty>
      </div>
    );
  }
  if (disclosure.error) return <ErrorNotice error={disclosure.error} />;
  const d = disclosure.data;
  if (!d) return null;
  const fund = (x: { fund: string; fundName?: { zh: string; en: string } }) => pick(x.fundName) || x.fund;

  return (
    <div data-testid="disclosure" data-year={d.year} data-org={d.org ?? '100000'}>
      <dl className="facts facts-compact card">
        {d.orgName ? (
          <div>
            <dt>{t('public.levels')}</dt>
            <dd data-testid="published-by">{pick(d.orgName)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('public.year')}</dt>
          <dd>{t('cycle.yearOption', { year: d.year })}</dd>
        </div>
        <div>
          <dt>{t('public.publishedAt')}</dt>
          <dd>
            <time dateTime={d.publishedAt} data-testid="published-at">
              {formatDateTime(d.publishedAt, lang)}
            </time>
          </dd>
        </div>
      </dl>
      <p className="page-tools" data-testid="public-downloads">
        <a className="button" href={file('xlsx')} download>
          {t('public.downloadXlsx')}
        </a>{' '}
        <a className="button" href={file('docx')} download>
          {t('public.downloadDocx')}
        </a>
      </p>

      <section className="card" aria-labelledby="public-targets" data-testid="public-targets">
        <h2 id="public-targets">{t('public.targets')}</h2>
        {d.targets.length === 0 ? <Empty>{t('public.noTargets')}</Empty> : null}
        {d.targets.length > 0 ? (
          <p className="muted">{t('public.targetsCaption', { count: d.targets.length })}</p>
        ) : null}
        {d.targets.map((x) => {
          const what = { org: pick(x.orgName), fund: fund(x) };
          return (
            <details key={`${x.org}-${x.fund}`} className="disclosure-target" data-org={x.org} data-fund={x.fund}>
              <summary>{t('public.targetOf', what)}</summary>
              {x.goals.length > 0 ? (
                <>
                  <p className="muted">{t('public.goals')}</p>
                  <ul className="goals">
                    {x.goals.map((g) => (
                      <li key={g}>{g}</li>
                    ))}
                  </ul>
                </>
              ) : null}
              <div className="table-wrap">
                <table className="table">
                  <caption>{t('public.indicatorsCaption', what)}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('monitoring.indicator')}</th>
                      <th scope="col" className="num">
                        {t('monitoring.target')}
                      </th>
                      <th scope="col">{t('public.unit')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {x.indicators.map((i) => (
                      <tr key={i.id}>
                        <th scope="row">{pick(i.name) || i.id}</th>
                        <td className="num">{formatTarget(i.target)}</td>
                        <td>{unitLabel(i18n, i.unit) || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          );
        })}
      </section>

      <section className="card" aria-labelledby="public-results">
        <h2 id="public-results">{t('public.results')}</h2>
        {d.results.length === 0 ? <Empty>{t('public.noResults')}</Empty> : null}
        {d.results.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="public-results">
              <caption>{t('public.resultsCaption', { count: d.results.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('public.region')}</th>
                  <th scope="col">{t('public.province')}</th>
                  <th scope="col">{t('items.fund')}</th>
                  <th scope="col" className="num">
                    {t('public.score')}
                  </th>
                  <th scope="col">{t('public.grade')}</th>
                </tr>
              </thead>
              <tbody>
                {d.results.map((r) => (
                  <tr key={`${r.org}-${r.fund}`} data-org={r.org}>
                    <th scope="row">{pick(r.orgName)}</th>
                    <td>{pick(r.provinceName) || r.province}</td>
                    <td>{fund(r)}</td>
                    <td className="num">{r.score ?? '—'}</td>
                    <td>
                      {gradeLabel(i18n, r.grade)}
                      {r.late ? <span className="badge badge-late">{t('common.late')}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="public-assessments">
        <h2 id="public-assessments">{t('public.assessments')}</h2>
        {d.assessments.length === 0 ? <Empty>{t('public.noAssessments')}</Empty> : null}
        {d.assessments.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="public-assessments">
              <caption>{t('public.assessmentsCaption', { count: d.assessments.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('public.province')}</th>
                  <th scope="col" className="num">
                    {t('public.total')}
                  </th>
                  <th scope="col">{t('public.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {d.assessments.map((a) => (
                  <tr key={a.org} data-org={a.org}>
                    <th scope="row">{pick(a.orgName)}</th>
                    <td className="num">{a.total ?? '—'}</td>
                    <td>{outcomeLabel(i18n, a.outcome)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
