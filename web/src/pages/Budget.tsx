import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import { type ApiError, asApiError, post } from '../api.ts';
import { selectedYear } from '../components/Cycle.tsx';
import { fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import type { TargetView } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * 预算安排 (第七条): the unit's finance arranges a fund's budget (`POST /api/budgets`). The API refuses while the fund
 * has no approved target; the page then says in words what must be approved first and where the target stands.
 */
export default function Budget({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const targets = useResource<TargetView[]>(year ? `/api/cycles/${year}/targets?org=${org}` : null);
  const [fund, setFund] = useState(query.get('fund') ?? '');
  const [amount, setAmount] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [done, setDone] = useState<{ fund: string; amount: string; targetVersion: number } | null>(null);
  const ids = { fund: useId(), amount: useId(), fundErr: useId(), amountErr: useId(), amountHint: useId() };
  const issues = fieldIssues(error);
  const fundIssues = issuesAt(issues, 'fund');
  const amountIssues = issuesAt(issues, 'amount');
  const fundName = (code: string) => pick(funds.data?.find((f) => f.code === code)?.name) || code;
  const refusedTarget = targets.data?.find((x) => x.fund === refused);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!year) return;
    setBusy(true);
    setError(null);
    setRefused(null);
    setDone(null);
    try {
      const res = await post<{ fund: string; amount: string; targetVersion: number }>('/api/budgets', {
        year,
        org,
        fund,
        amount: amount.trim(),
      });
      setDone(res);
    } catch (err) {
      const apiError = asApiError(err);
      if (apiError.code === 'TARGET_NOT_APPROVED') {
        setRefused(fund);
        targets.reload();
      } else setError(apiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.budget')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
      </div>
      <p className="lead">{t('jprovince.budget.lead', { year: year ?? '' })}</p>
      <form onSubmit={onSubmit} className="card" noValidate>
        <div className="field">
          <label htmlFor={ids.fund}>{t('items.fund')}</label>
          <select
            id={ids.fund}
            value={fund}
            aria-invalid={fundIssues.length > 0 || undefined}
            aria-describedby={fundIssues.length ? ids.fundErr : undefined}
            onChange={(e) => setFund(e.target.value)}
          >
            <option value="">{t('jprovince.budget.chooseFund')}</option>
            {(funds.data ?? []).map((f) => (
              <option key={f.code} value={f.code}>
                {pick(f.name)}
              </option>
            ))}
          </select>
          {fundIssues.length ? (
            <span id={ids.fundErr} className="field-error">
              {fundIssues.map((x) => pick(x.message)).join('；')}
            </span>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor={ids.amount}>{t('jprovince.budget.amount')}</label>
          <input
            id={ids.amount}
            inputMode="decimal"
            value={amount}
            aria-invalid={amountIssues.length > 0 || undefined}
            aria-describedby={amountIssues.length ? `${ids.amountErr} ${ids.amountHint}` : ids.amountHint}
            onChange={(e) => setAmount(e.target.value)}
          />
          <span id={ids.amountHint} className="hint">
            {t('jprovince.budget.amountHint')}
          </span>
          {amountIssues.length ? (
            <span id={ids.amountErr} className="field-error">
              {amountIssues.map((x) => pick(x.message)).join('；')}
            </span>
          ) : null}
        </div>
        {refused ? (
          <div className="notice notice-warning" role="alert" data-testid="budget-refused">
            <p>{t('jprovince.budget.refused', { fund: fundName(refused) })}</p>
            <p>
              {refusedTarget
                ? t('jprovince.budget.refusedWhere', { status: statusLabel(i18n, refusedTarget.status) })
                : t('jprovince.budget.refusedNone')}
            </p>
            <p>
              <Link href={`/province/targets${year ? `?cycle=${year}` : ''}`}>{t('jprovince.back.targets')}</Link>
            </p>
          </div>
        ) : null}
        {error && fundIssues.length === 0 && amountIssues.length === 0 ? <ErrorNotice error={error} /> : null}
        {done ? (
          <p className="notice" role="status" data-testid="budget-done">
            {t('jprovince.budget.done', { fund: fundName(done.fund), amount: done.amount, v: done.targetVersion })}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('jprovince.budget.submit')}
        </button>
      </form>
    </section>
  );
}
