import { useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import { type ApiError, asApiError, post } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import type { TargetView } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * 省级绩效目标: the province's own target per fund — where each stands and what comes next: 分解下达 to its pooling
 * regions once issued, and 调整 (`POST …/targets/{org}/{fund}/adjust`): an issued target reopened for another round
 * through the same chain (制定 → 初审 → 审核 → 中央审核), the approved version in force until the new one is issued.
 */
export default function ProvinceTargets({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const targets = useResource<TargetView[]>(year ? `/api/cycles/${year}/targets?org=${org}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fundOf = (code: string) => funds.data?.find((f) => f.code === code);
  const isFinance = me?.tier === 'province' && me.department === 'finance';
  const [adjusting, setAdjusting] = useState<TargetView | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reasonId = useId();
  const reasonErr = useId();
  const order = (code: string) => funds.data?.findIndex((f) => f.code === code) ?? 0;
  const list = [...(targets.data ?? [])].sort((a, b) => order(a.fund) - order(b.fund));
  const reasonIssue =
    error && (error.details as { issues?: { path: string }[] })?.issues?.some((i) => i.path === 'reason');

  const adjust = async () => {
    if (!adjusting || !year) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/api/cycles/${year}/targets/${org}/${adjusting.fund}/adjust`, { reason: reason.trim() });
      setDone(pick(fundOf(adjusting.fund)?.name) || adjusting.fund);
      setAdjusting(null);
      setReason('');
      targets.reload();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.provinceTargets')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p className="lead">{t('jprovince.targets.lead')}</p>
      {cycles.data?.length === 0 ? <Empty>{t('cycle.noneYet')}</Empty> : null}
      {targets.error ? <ErrorNotice error={targets.error} /> : null}
      {targets.loading && !targets.data ? <Loading /> : null}
      {done ? (
        <p className="notice" role="status" data-testid="adjust-done">
          {t('jprovince.targets.adjusted', { fund: done })}
        </p>
      ) : null}
      {targets.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="province-targets">
            <caption>{t('jprovince.targets.caption', { year: year ?? '' })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('items.fund')}</th>
                <th scope="col">{t('items.status')}</th>
                <th scope="col">{t('jprovince.targets.approvedVersion')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x) => {
                const fund = fundOf(x.fund);
                const name = pick(fund?.name) || x.fund;
                return (
                  <tr key={x.fund} data-fund={x.fund}>
                    <th scope="row">{name}</th>
                    <td>
                      <span className={`badge badge-status-${x.status}`}>{statusLabel(i18n, x.status)}</span>
                      {x.step?.since ? (
                        <span className="muted">
                          {' '}
                          · {t('targets.since', { at: formatDateTime(x.step.since, lang) })}
                        </span>
                      ) : null}
                    </td>
                    <td>{x.approvedVersion ? t('jprovince.targets.versionN', { v: x.approvedVersion }) : '—'}</td>
                    <td className="actions">
                      {x.status === 'drafting' ? (
                        <Link href={`/province/own?cycle=${year}`}>{t('jprovince.next.draft')}</Link>
                      ) : null}
                      {x.status === 'issued' && fund?.performanceTier !== 'province' ? (
                        <Link
                          href={`/province/decompose?cycle=${year}&fund=${x.fund}`}
                          aria-label={t('jprovince.targets.decomposeOf', { fund: name })}
                        >
                          {t('jprovince.next.decompose')}
                        </Link>
                      ) : null}
                      {x.status === 'issued' && isFinance ? (
                        <button
                          type="button"
                          className="button"
                          aria-label={t('jprovince.targets.adjustOf', { fund: name })}
                          onClick={() => {
                            setError(null);
                            setAdjusting(x);
                          }}
                        >
                          {t('jprovince.targets.adjust')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <p>
        <Link href={`/province/budget${year ? `?cycle=${year}` : ''}`}>{t('jprovince.next.budget')}</Link>
      </p>
      <ConfirmDialog
        open={adjusting !== null}
        title={t('jprovince.targets.adjustTitle', { fund: pick(fundOf(adjusting?.fund ?? '')?.name) })}
        confirmLabel={t('jprovince.targets.adjustConfirm')}
        busy={busy}
        onConfirm={adjust}
        onCancel={() => {
          setAdjusting(null);
          setError(null);
        }}
      >
        <p>{t('jprovince.targets.adjustWhat', { v: adjusting?.approvedVersion ?? '' })}</p>
        <div className="field">
          <label htmlFor={reasonId}>
            {t('jprovince.targets.reason')} ({t('common.required')})
          </label>
          <textarea
            id={reasonId}
            rows={3}
            value={reason}
            aria-invalid={reasonIssue || undefined}
            aria-describedby={reasonIssue ? reasonErr : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {reasonIssue ? (
            <span id={reasonErr} className="field-error">
              {t('jprovince.targets.reasonNeeded')}
            </span>
          ) : null}
        </div>
        {error && !reasonIssue ? <ErrorNotice error={error} /> : null}
      </ConfirmDialog>
    </section>
  );
}
