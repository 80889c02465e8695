import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { listStaff } from '#shared/directory/directory';
import type { Fund } from '#shared/reference/funds';
import type { Org } from '#shared/reference/orgs';
import { type ApiError, asApiError, post, request } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { selectedYear } from '../components/Cycle.tsx';
import type { Evaluation } from '../components/Evaluations.tsx';
import { fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Person = Awaited<ReturnType<typeof listStaff>>[number];

/** `YYYY-MM-DD` of an instant in Asia/Shanghai. */
const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * 委托第三方 (R17.2): the province's finance delegates the provincial review of chosen regions' self-evaluations to a
 * registered third party until a date (`POST /api/cycles/{year}/delegations`), and revokes one
 * (`DELETE …/delegations/{org}/{fund}`): its open review task then comes back to the province with a fresh link.
 */
export default function Delegations({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = cycles.data?.find((c) => c.year === year);
  const evaluations = useResource<Evaluation[]>(year ? `/api/cycles/${year}/evaluations?org=${org}` : null);
  const staff = useResource<Person[]>(org ? `/api/directory?org=${org}` : null);
  const regions = useResource<Org[]>(org ? `/api/orgs?tier=region&parent=${org}` : null, { cache: true });
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const thirdParties = (staff.data ?? []).filter((p) => p.department === 'third-party' && p.active);
  const [delegate, setDelegate] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<Evaluation | null>(null);
  const ids = { delegate: useId(), until: useId(), delegateErr: useId(), untilErr: useId(), itemsErr: useId() };
  const issues = fieldIssues(error);
  const at = (path: string) => issuesAt(issues, path);
  const unitName = (code: string) => pick(regions.data?.find((r) => r.code === code)?.name) || code;
  const fundName = (code: string) => pick(funds.data?.find((f) => f.code === code)?.name) || code;
  const personName = (id: string) => staff.data?.find((p) => p.id === id)?.name ?? id;
  const keyOf = (e: { org: string; fund: string }) => `${e.org}/${e.fund}`;
  const untilValue = until || (cycle ? shanghaiDate(cycle.deadlines.provincialEvaluation) : '');
  const delegated = (evaluations.data ?? []).filter((e) => e.delegate);
  const open = (evaluations.data ?? []).filter((e) => e.status !== 'reviewed');

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!year) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await post(`/api/cycles/${year}/delegations`, {
        delegate,
        items: chosen.map((k) => {
          const [o, f] = k.split('/');
          return { org: o, fund: f };
        }),
        // the end of the chosen day in Beijing time
        until: `${untilValue}T23:59:59+08:00`,
      });
      setNotice(t('jprovince.delegations.granted', { count: chosen.length, name: personName(delegate) }));
      setChosen([]);
      evaluations.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking || !year) return;
    setBusy(true);
    setError(null);
    try {
      await request(`/api/cycles/${year}/delegations/${revoking.org}/${revoking.fund}`, { method: 'DELETE' });
      setNotice(t('jprovince.delegations.revoked', { unit: unitName(revoking.org), fund: fundName(revoking.fund) }));
      setRevoking(null);
      evaluations.reload();
    } catch (err) {
      setError(asApiError(err));
      setRevoking(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.delegations')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
      </div>
      <p className="lead">{t('jprovince.delegations.lead')}</p>
      {evaluations.error ? <ErrorNotice error={evaluations.error} /> : null}
      {evaluations.loading && !evaluations.data ? <Loading /> : null}
      {notice ? (
        <p className="notice" role="status" data-testid="delegations-notice">
          {notice}
        </p>
      ) : null}

      <section className="card" aria-labelledby="delegations-now">
        <h2 id="delegations-now">{t('jprovince.delegations.current')}</h2>
        {evaluations.data && delegated.length === 0 ? <Empty>{t('jprovince.delegations.none')}</Empty> : null}
        {delegated.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="delegations">
              <caption>{t('jprovince.delegations.caption', { count: delegated.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('province.region')}</th>
                  <th scope="col">{t('items.fund')}</th>
                  <th scope="col">{t('jprovince.delegations.delegate')}</th>
                  <th scope="col">{t('jprovince.delegations.until')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {delegated.map((e) => (
                  <tr key={keyOf(e)} data-item={keyOf(e)}>
                    <th scope="row">{unitName(e.org)}</th>
                    <td>{fundName(e.fund)}</td>
                    <td>{personName(e.delegate?.userId ?? '')}</td>
                    <td>
                      <time dateTime={e.delegate?.until}>{formatDateTime(e.delegate?.until, lang)}</time>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={t('jprovince.delegations.revokeOf', {
                          unit: unitName(e.org),
                          fund: fundName(e.fund),
                        })}
                        onClick={() => setRevoking(e)}
                      >
                        {t('jprovince.delegations.revoke')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <form onSubmit={onSubmit} className="card" noValidate aria-labelledby="delegations-new">
        <h2 id="delegations-new">{t('jprovince.delegations.new')}</h2>
        <div className="field">
          <label htmlFor={ids.delegate}>{t('jprovince.delegations.delegate')}</label>
          <select
            id={ids.delegate}
            value={delegate}
            aria-invalid={at('delegate').length > 0 || undefined}
            aria-describedby={at('delegate').length ? ids.delegateErr : undefined}
            onChange={(e) => setDelegate(e.target.value)}
          >
            <option value="">{t('jprovince.delegations.choose')}</option>
            {thirdParties.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          {at('delegate').length ? (
            <span id={ids.delegateErr} className="field-error">
              {at('delegate')
                .map((x) => pick(x.message))
                .join('；')}
            </span>
          ) : null}
        </div>
        <fieldset className="province-checks" aria-describedby={at('items').length ? ids.itemsErr : undefined}>
          <legend>{t('jprovince.delegations.items')}</legend>
          {evaluations.data && open.length === 0 ? <Empty>{t('jprovince.delegations.noItems')}</Empty> : null}
          {open.map((e) => (
            <label key={keyOf(e)} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(keyOf(e))}
                onChange={(ev) =>
                  setChosen((c) => (ev.target.checked ? [...c, keyOf(e)] : c.filter((x) => x !== keyOf(e))))
                }
              />{' '}
              {unitName(e.org)} · {fundName(e.fund)} · {statusLabel(i18n, e.status)}
            </label>
          ))}
          {at('items').length ? (
            <span id={ids.itemsErr} className="field-error">
              {at('items')
                .map((x) => pick(x.message))
                .join('；')}
            </span>
          ) : null}
        </fieldset>
        <div className="field">
          <label htmlFor={ids.until}>{t('jprovince.delegations.untilDay')}</label>
          <input
            id={ids.until}
            type="date"
            value={untilValue}
            aria-invalid={at('until').length > 0 || undefined}
            aria-describedby={at('until').length ? ids.untilErr : undefined}
            onChange={(e) => setUntil(e.target.value)}
          />
          {at('until').length ? (
            <span id={ids.untilErr} className="field-error">
              {at('until')
                .map((x) => pick(x.message))
                .join('；')}
            </span>
          ) : null}
        </div>
        {error && issues.length === 0 ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="button button-primary" disabled={busy || chosen.length === 0 || !delegate}>
          {t('jprovince.delegations.submit', { count: chosen.length })}
        </button>
      </form>
      <p>
        <Link href={`/province${year ? `?cycle=${year}` : ''}`}>{t('jprovince.back.home')}</Link>
      </p>
      <ConfirmDialog
        open={revoking !== null}
        title={t('jprovince.delegations.revokeTitle')}
        confirmLabel={t('jprovince.delegations.revokeConfirm')}
        busy={busy}
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
      >
        <p>
          {revoking
            ? t('jprovince.delegations.revokeWhat', {
                unit: unitName(revoking.org),
                fund: fundName(revoking.fund),
                name: personName(revoking.delegate?.userId ?? ''),
              })
            : ''}
        </p>
      </ConfirmDialog>
    </section>
  );
}
