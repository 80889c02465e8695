import { useState } from 'react';
import type { CycleView as Cycle, WorkItem } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { TargetValue } from '#shared/reference/indicators';
import type { Org } from '#shared/reference/orgs';
import { CyclePicker, CycleSummary, selectedYear } from '../components/Cycle.tsx';
import type { Evaluation } from '../components/Evaluations.tsx';
import { EvaluationCard } from '../components/Evaluations.tsx';
import { RegionMonitoring } from '../components/Monitoring.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import type { TargetView } from '../components/Targets.tsx';
import { TargetCard } from '../components/Targets.tsx';
import { WorkItemsTable } from '../components/WorkItemsTable.tsx';
import { useFollow, useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../title.tsx';

/**
 * A unit's workspace — a pooling region (统筹地区), or a provincial unit for its own targets: its work items, its
 * targets per fund (the drafting form for the drafting department of a provincial unit; regions receive
 * decomposed targets) and its self-evaluations (figures, report and template uploads, validation errors, score,
 * the province's review) and its execution monitoring (periods, findings and their correction, execution against
 * elapsed time, the submission form of an open period).
 */
export default function RegionWorkspace({ me, query }: PageProps) {
  const { t, pick } = useI18n();
  const own = me?.orgCode ?? '';
  const asked = query.get('org');
  const org = me?.tier !== 'region' && asked && /^\d{6}$/.test(asked) ? asked : own;
  const ofOrg = org === own ? '' : `?org=${org}`;

  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = useResource<Cycle>(year ? `/api/cycles/${year}` : null);
  const items = useResource<WorkItem[]>(year ? `/api/cycles/${year}/items${ofOrg}` : null);
  const targets = useResource<TargetView[]>(year ? `/api/cycles/${year}/targets?org=${org}` : null);
  const evaluations = useResource<Evaluation[]>(year ? `/api/cycles/${year}/evaluations?org=${org}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const { follow, following } = useFollow(evaluations);
  const [followed, setFollowed] = useState<string | null>(null);
  const orgs = useResource<Org[]>(org === own ? null : '/api/orgs', { cache: true });
  const name = pick((org === own ? me?.org : orgs.data?.find((o) => o.code === org))?.name) || org;
  const fundOf = (code: string) => funds.data?.find((f) => f.code === code);
  const order = (code: string) => funds.data?.findIndex((f) => f.code === code) ?? 0;

  const ownEvaluations = (evaluations.data ?? [])
    .filter((e) => e.org === org)
    .sort((a, b) => order(a.fund) - order(b.fund));

  const approvedValues = (fund: string) =>
    new Map<string, TargetValue>(
      (targets.data?.find((x) => x.fund === fund)?.approved?.draft.indicators ?? []).map((i) => [i.id, i.target]),
    );

  // a provincial (or the central) unit's own targets and self-evaluations are not a pooling region's (GB/T 2260: xx0000)
  const heading = t(/^\d{2}0000$/.test(org) ? 'page.unitOwn' : 'page.region');
  usePageTitle(name ? `${heading} · ${name}` : heading);

  return (
    <section>
      <div className="page-head">
        <h1>
          {heading} <span className="subtitle">{name}</span>
        </h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {cycle.data ? <CycleSummary cycle={cycle.data} /> : null}
      {year ? (
        <section className="card" aria-labelledby="region-own-items">
          <h2 id="region-own-items">{t('province.items', { name, year })}</h2>
          {items.error ? <ErrorNotice error={items.error} /> : null}
          {items.loading && !items.data ? <Loading /> : null}
          {items.data ? (
            <WorkItemsTable items={items.data} caption={t('province.itemsCaption', { count: items.data.length })} />
          ) : null}
        </section>
      ) : null}

      {year ? (
        <section aria-labelledby="region-evaluations" className="section">
          <h2 id="region-evaluations">{t('region.selfEvaluation')}</h2>
          {evaluations.error ? <ErrorNotice error={evaluations.error} /> : null}
          {evaluations.loading && !evaluations.data ? <Loading /> : null}
          {evaluations.data && ownEvaluations.length === 0 ? <Empty>{t('evaluation.none')}</Empty> : null}
          {ownEvaluations.map((e) => (
            <EvaluationCard
              key={e.fund}
              evaluation={e}
              fund={fundOf(e.fund)}
              targets={approvedValues(e.fund)}
              me={me}
              following={following && followed === e.fund}
              onAction={(what) => {
                setFollowed(e.fund);
                follow((data) => {
                  const now = data?.find((x) => x.org === e.org && x.fund === e.fund);
                  if (!now || now.version <= e.version || now.status === 'scoring') return false;
                  // An upload is inspected after it is stored: wait until its outcome shows (the report, a
                  // refusal, or the next step) — `e` may predate a save the page has not reloaded yet.
                  if (what !== 'upload') return true;
                  if (now.status !== 'awaiting-report') return true;
                  if (JSON.stringify(now.documentErrors) !== JSON.stringify(e.documentErrors)) return true;
                  if (now.report?.key === e.report?.key) return false;
                  // the report is recorded; beside the figures it goes on to scoring in a moment (a busy system
                  // shows the step between): keep following, unless a difference to explain holds it (R18.3)
                  return now.actuals.length === 0 || now.discrepancies.some((d) => !d.explained);
                });
              }}
            />
          ))}
        </section>
      ) : null}

      {year ? (
        <section aria-labelledby="region-targets" className="section">
          <h2 id="region-targets">{t('region.targets')}</h2>
          {targets.error ? <ErrorNotice error={targets.error} /> : null}
          {targets.loading && !targets.data ? <Loading /> : null}
          {targets.data?.length === 0 ? <Empty>{t('targets.none')}</Empty> : null}
          {[...(targets.data ?? [])]
            .sort((a, b) => order(a.fund) - order(b.fund))
            .map((target) => (
              <TargetCard
                key={target.fund}
                target={target}
                fund={fundOf(target.fund)}
                me={me}
                onSaved={() => {
                  targets.reload();
                  items.reload();
                }}
              />
            ))}
        </section>
      ) : null}

      {year ? <RegionMonitoring year={year} org={org} me={me} funds={funds.data} /> : null}
    </section>
  );
}
