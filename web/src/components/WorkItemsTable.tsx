import type { WorkItem } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { kindLabel, statusLabel } from '../labels.ts';
import { Empty } from './Notices.tsx';

/** The fund of a work item about the whole unit (a provincial evaluation, an assessment, a rectification). */
const ALL_FUNDS = 'ALL';

/** One organisation's work items: kind, fund, status and due date (Asia/Shanghai). */
export function WorkItemsTable({ items, caption }: { items: WorkItem[]; caption: string }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fundName = (code: string) => {
    const f = funds.data?.find((x) => x.code === code);
    return f ? pick(f.name) : code;
  };
  if (items.length === 0) return <Empty>{t('items.none')}</Empty>;
  // the regulation's order of funds (第三条), as the catalogue lists them
  const order = (code: string) => funds.data?.findIndex((f) => f.code === code) ?? 0;
  const sorted = [...items].sort((a, b) => a.kind.localeCompare(b.kind) || order(a.fund) - order(b.fund));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="work-items">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('items.kind')}</th>
            <th scope="col">{t('items.fund')}</th>
            <th scope="col">{t('items.status')}</th>
            <th scope="col">{t('items.due')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((item) => (
            <tr key={`${item.kind}|${item.fund}|${item.org}`}>
              <td>{kindLabel(i18n, item.kind)}</td>
              <td>
                {item.fund === ALL_FUNDS ? (
                  t('items.allFunds')
                ) : (
                  <>
                    {fundName(item.fund)} <span className="muted">{item.fund}</span>
                  </>
                )}
              </td>
              <td>
                <span className={`badge badge-status-${item.status}`}>{statusLabel(i18n, item.status)}</span>
              </td>
              <td>
                <time dateTime={item.due}>{formatDateTime(item.due, lang)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
