import { type FormEvent, useEffect, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { Indicator } from '#shared/reference/indicators';
import type { Org } from '#shared/reference/orgs';
import { type ApiError, asApiError, put } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { selectedYear } from '../components/Cycle.tsx';
import { fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { type Editable, editable, type TargetView, toTarget } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { GRADES } from '../domain.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * 分解下达 (R6.2): the province splits its issued target of one fund to its pooling regions — a table of regions ×
 * indicators, each cell prefilled with the province's issued value; the regions ticked are sent
 * (`PUT …/targets/{org}/{fund}/regions`) and the API's checks appear in the cell they are about.
 */
export default function Decompose({ me, query }: PageProps) {
  const { t, pick } = useI18n();
  const org = me?.orgCode ?? '';
  const fundCode = /^[A-Z0-9]{1,8}$/.test(query.get('fund') ?? '') ? (query.get('fund') as string) : '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const targets = useResource<TargetView[]>(year ? `/api/cycles/${year}/targets?org=${org}` : null);
  const regions = useResource<Org[]>(org ? `/api/orgs?tier=region&parent=${org}` : null, { cache: true });
  const indicators = useResource<Indicator[]>(fundCode ? `/api/indicators?fund=${fundCode}` : null, { cache: true });
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fund = funds.data?.find((f) => f.code === fundCode);
  const target = targets.data?.find((x) => x.fund === fundCode);
  const issued = target?.approved?.draft ?? null;

  const [values, setValues] = useState<Record<string, Record<string, Editable>>>({});
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<{ regions: string[]; sentOrder: string[] } | null>(null);
  const [sentOrder, setSentOrder] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);

  // prefill every cell from the province's issued values once they are known
  useEffect(() => {
    if (!issued || !indicators.data || !regions.data) return;
    const byId = new Map(issued.indicators.map((i) => [i.id, i.target]));
    setValues((old) =>
      Object.keys(old).length
        ? old
        : Object.fromEntries(
            (regions.data ?? []).map((r) => [
              r.code,
              Object.fromEntries((indicators.data ?? []).map((ind) => [ind.id, editable(byId.get(ind.id))])),
            ]),
          ),
    );
  }, [issued, indicators.data, regions.data]);

  const issues = fieldIssues(error);
  const cellIssues = (region: string, index: number) => {
    const i = sentOrder.indexOf(region);
    return i < 0 ? [] : issuesAt(issues, `regions.${i}.indicators.${index}`);
  };
  const regionIssues = (region: string) => {
    const i = sentOrder.indexOf(region);
    return i < 0 ? [] : issuesAt(issues, `regions.${i}.org`);
  };
  const set = (region: string, id: string, field: keyof Editable, v: string) =>
    setValues((all) => ({
      ...all,
      [region]: { ...all[region], [id]: { ...(all[region]?.[id] ?? editable(undefined)), [field]: v } },
    }));
  const regionName = (code: string) => pick(regions.data?.find((r) => r.code === code)?.name) || code;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setConfirming(true);
  };

  const send = async () => {
    setConfirming(false);
    if (!year || !indicators.data) return;
    const order = (regions.data ?? []).map((r) => r.code).filter((c) => chosen.includes(c));
    setSentOrder(order);
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      const body = {
        regions: order.map((code) => ({
          org: code,
          indicators: (indicators.data ?? []).map((ind) => ({
            id: ind.id,
            target: toTarget(ind, values[code]?.[ind.id] ?? editable(undefined)),
          })),
        })),
      };
      const res = await put<{ regions: string[] }>(`/api/cycles/${year}/targets/${org}/${fundCode}/regions`, body);
      setSent({ regions: res.regions, sentOrder: order });
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fundName = pick(fund?.name) || fundCode;
  const ready = issued && indicators.data && regions.data && Object.keys(values).length > 0;
  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.decompose')} <span className="subtitle">{fundName}</span>
        </h1>
      </div>
      <p className="lead">{t('jprovince.decompose.lead')}</p>
      {targets.error ? <ErrorNotice error={targets.error} /> : null}
      {(targets.loading && !targets.data) || (regions.loading && !regions.data) ? <Loading /> : null}
      {targets.data && !target ? <Empty>{t('jprovince.decompose.noTarget')}</Empty> : null}
      {target && !issued ? <p className="notice notice-warning">{t('jprovince.decompose.notIssued')}</p> : null}
      {target && target.status !== 'issued' && issued ? (
        <p className="notice notice-warning">{t('jprovince.decompose.adjusting')}</p>
      ) : null}
      {regions.data?.length === 0 ? <Empty>{t('province.noRegions')}</Empty> : null}
      {ready ? (
        <form onSubmit={onSubmit} noValidate>
          <p>
            <button type="button" className="button" onClick={() => setChosen((regions.data ?? []).map((r) => r.code))}>
              {t('jprovince.decompose.all')}
            </button>{' '}
            <button type="button" className="button" onClick={() => setChosen([])}>
              {t('jprovince.decompose.none')}
            </button>
          </p>
          <div className="table-wrap">
            <table className="table table-cells" data-testid="decompose-table">
              <caption>{t('jprovince.decompose.caption', { fund: fundName, count: chosen.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('province.region')}</th>
                  {(indicators.data ?? []).map((ind) => (
                    <th scope="col" key={ind.id}>
                      {pick(ind.name)}
                      {ind.unit ? <span className="muted"> ({ind.unit})</span> : null}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {(regions.data ?? []).map((r) => {
                  const included = chosen.includes(r.code);
                  const rIssues = regionIssues(r.code);
                  const rName = pick(r.name);
                  return (
                    <tr key={r.code} data-region={r.code} aria-invalid={rIssues.length > 0 || undefined}>
                      <th scope="row">
                        <label className="check">
                          <input
                            type="checkbox"
                            checked={included}
                            aria-describedby={rIssues.length ? `dec-${r.code}-org` : undefined}
                            onChange={(e) =>
                              setChosen((c) => (e.target.checked ? [...c, r.code] : c.filter((x) => x !== r.code)))
                            }
                          />{' '}
                          {rName}
                        </label>
                        {rIssues.length ? (
                          <span id={`dec-${r.code}-org`} className="field-error">
                            {rIssues.map((x) => pick(x.message)).join('；')}
                          </span>
                        ) : null}
                      </th>
                      {(indicators.data ?? []).map((ind, index) => {
                        const v = values[r.code]?.[ind.id] ?? editable(undefined);
                        const problems = cellIssues(r.code, index);
                        const errId = `dec-${r.code}-${ind.id}-err`;
                        const common = {
                          disabled: !included,
                          'aria-invalid': problems.length > 0 || undefined,
                          'aria-describedby': problems.length ? errId : undefined,
                        };
                        const label = `${rName} · ${pick(ind.name)}`;
                        return (
                          <td key={ind.id}>
                            {ind.nature === 'qualitative' ? (
                              <select
                                aria-label={label}
                                value={v.grade}
                                onChange={(e) => set(r.code, ind.id, 'grade', e.target.value)}
                                {...common}
                              >
                                <option value="">—</option>
                                {GRADES.map((g) => (
                                  <option key={g} value={g}>
                                    {g}
                                  </option>
                                ))}
                              </select>
                            ) : ind.direction === 'range' ? (
                              <span className="range-cell">
                                <input
                                  aria-label={`${label} · ${t('targets.min')}`}
                                  inputMode="decimal"
                                  size={6}
                                  value={v.min}
                                  onChange={(e) => set(r.code, ind.id, 'min', e.target.value)}
                                  {...common}
                                />
                                –
                                <input
                                  aria-label={`${label} · ${t('targets.max')}`}
                                  inputMode="decimal"
                                  size={6}
                                  value={v.max}
                                  onChange={(e) => set(r.code, ind.id, 'max', e.target.value)}
                                  {...common}
                                />
                              </span>
                            ) : (
                              <input
                                aria-label={label}
                                inputMode="decimal"
                                size={8}
                                value={v.value}
                                onChange={(e) => set(r.code, ind.id, 'value', e.target.value)}
                                {...common}
                              />
                            )}
                            {problems.length ? (
                              <span id={errId} className="field-error">
                                {problems.map((x) => pick(x.message)).join('；')}
                              </span>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {error ? <ErrorNotice error={error} /> : null}
          {sent ? (
            <p className="notice" role="status" data-testid="decompose-done">
              {t('jprovince.decompose.done', {
                count: sent.regions.length,
                regions: sent.regions.map(regionName).join('、'),
              })}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy || chosen.length === 0}>
            {t('jprovince.decompose.submit', { count: chosen.length })}
          </button>
        </form>
      ) : null}
      <p>
        <Link href={`/province/targets${year ? `?cycle=${year}` : ''}`}>{t('jprovince.back.targets')}</Link>
      </p>
      <ConfirmDialog
        open={confirming}
        title={t('jprovince.decompose.confirmTitle', { fund: fundName })}
        confirmLabel={t('jprovince.decompose.confirm')}
        busy={busy}
        onConfirm={send}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {t('jprovince.decompose.confirmWhat', {
            count: chosen.length,
            regions: (regions.data ?? [])
              .filter((r) => chosen.includes(r.code))
              .map((r) => pick(r.name))
              .join('、'),
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
