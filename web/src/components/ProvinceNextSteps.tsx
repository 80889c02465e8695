import type { WorkItem } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { kindLabel, statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import { Empty } from './Notices.tsx';

/** What comes next for one of a province's own work items, and the page where it is done (or followed). */
export function nextStepOf(item: WorkItem, fund: Fund | undefined, year: number): { text: Key; href: string } | null {
  const q = `?cycle=${year}`;
  if (item.kind === 'targets') {
    switch (item.status) {
      case 'drafting':
        return { text: 'jprovince.next.draft', href: `/province/own${q}` };
      case 'preliminary-review':
      case 'finance-review':
      case 'central-review':
      case 'approved':
        return { text: `jprovince.next.wait.${item.status}` as Key, href: `/province/targets${q}` };
      case 'issued':
        return fund?.performanceTier === 'province'
          ? { text: 'jprovince.next.budget', href: `/province/budget${q}&fund=${item.fund}` }
          : { text: 'jprovince.next.decompose', href: `/province/decompose${q}&fund=${item.fund}` };
      default:
        return { text: 'jprovince.next.open', href: `/province/targets${q}` };
    }
  }
  if (item.kind === 'provincial-evaluation') {
    if (item.status === 'waiting-regions' || item.status === 'reviewing')
      return { text: `jprovince.next.${item.status}` as Key, href: `/province/delegations${q}` };
    return { text: `jprovince.next.report.${item.status}` as Key, href: `/province/report${q}` };
  }
  if (item.kind === 'self-evaluation') return { text: 'jprovince.next.selfEvaluation', href: `/province/own${q}` };
  return null;
}

/** A province's own work items, each with its next step and the link to where it is taken. */
export function ProvinceNextSteps({ items, year, caption }: { items: WorkItem[]; year: number; caption: string }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fundOf = (code: string) => funds.data?.find((f) => f.code === code);
  if (items.length === 0) return <Empty>{t('items.none')}</Empty>;
  const order = (code: string) => funds.data?.findIndex((f) => f.code === code) ?? 0;
  const sorted = [...items].sort((a, b) => a.kind.localeCompare(b.kind) || order(a.fund) - order(b.fund));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="next-steps">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('items.kind')}</th>
            <th scope="col">{t('items.fund')}</th>
            <th scope="col">{t('items.status')}</th>
            <th scope="col">{t('items.due')}</th>
            <th scope="col">{t('jprovince.next.column')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((item) => {
            const fund = fundOf(item.fund);
            const next = nextStepOf(item, fund, year);
            const fundName = item.fund === 'ALL' ? t('jprovince.allFunds') : pick(fund?.name) || item.fund;
            return (
              <tr key={`${item.kind}|${item.fund}`} data-kind={item.kind} data-fund={item.fund}>
                <th scope="row">{kindLabel(i18n, item.kind)}</th>
                <td>{fundName}</td>
                <td>
                  <span className={`badge badge-status-${item.status}`}>{statusLabel(i18n, item.status)}</span>
                </td>
                <td>{item.due ? <time dateTime={item.due}>{formatDateTime(item.due, lang)}</time> : '—'}</td>
                <td>
                  {next ? (
                    <Link href={next.href} aria-label={`${t(next.text)}：${kindLabel(i18n, item.kind)} · ${fundName}`}>
                      {t(next.text)}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
