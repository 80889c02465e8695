import { CyclePicker, CycleSummary, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading, Placeholder } from '../components/Notices.tsx';
import { WorkItemsTable } from '../components/WorkItemsTable.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { PageProps } from '../routes.tsx';
import type { Cycle, WorkItem } from '../types.ts';

/**
 * A pooling region's workspace (统筹地区): its work items in the chosen year, and the sections that later workflows
 * fill — targets, execution monitoring and self-evaluation — marked as not yet available.
 */
export default function RegionWorkspace({ me, query }: PageProps) {
  const { t, pick } = useI18n();
  const own = me?.orgCode ?? '';
  const asked = query.get('org');
  const org = me?.tier !== 'region' && asked && /^\d{6}$/.test(asked) ? asked : own;

  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = useResource<Cycle>(year ? `/api/cycles/${year}` : null);
  const items = useResource<WorkItem[]>(year ? `/api/cycles/${year}/items${org === own ? '' : `?org=${org}`}` : null);
  const name = org === own ? pick(me?.org?.name) || org : org;

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.region')} <span className="subtitle">{name}</span>
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
      <div className="placeholders">
        <Placeholder title={t('region.targets')} text={t('region.targetsText')} />
        <Placeholder title={t('region.monitoring')} text={t('region.monitoringText')} />
        <Placeholder title={t('region.selfEvaluation')} text={t('region.selfEvaluationText')} />
      </div>
    </section>
  );
}
