import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { Indicator, TargetValue } from '#shared/reference/indicators';
import type { CentralTargets as CentralTargetsBody, getCentralTargets, issueGuidance } from '#shared/targets/targets';
import { type ApiError, asApiError, post, put } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { issueText } from '../components/IssueText.ts';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { issuesOf } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { formatTarget } from '../domain.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Saved = Awaited<ReturnType<typeof getCentralTargets>>;
type GuidanceResult = Awaited<ReturnType<typeof issueGuidance>>;

/** A target typed as text: a grade (优/良/中/差), a range `90–100`, or a value. */
export function parseTarget(text: string): TargetValue {
  const s = text.trim();
  if (/^[优良中差]$/.test(s)) return { grade: s as '优' };
  const range = /^(-?[\d.]+)\s*[–~-]\s*(-?[\d.]+)$/.exec(s);
  if (range) return { min: range[1] as string, max: range[2] as string };
  return { value: s };
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * 中央整体与年度绩效目标 (第七、八条) and the guiding targets issued to provinces with the budget deployment (第十条):
 * per fund, the overall (multi-year) and annual goals and indicator values — prefilled from what central saved, else
 * the catalogue's guiding values — saved with `PUT …/central-targets/{fund}`; then, after a confirmation, the annual
 * values go to every province's target of the fund as its guidance (`POST …/guidance`).
 */
export default function CentralTargets({ query }: PageProps) {
  const { t, pick } = useI18n();
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fund = query.get('fund') ?? funds.data?.[0]?.code ?? '';
  const indicators = useResource<Indicator[]>(fund ? `/api/indicators?fund=${fund}` : null, { cache: true });
  const saved = useResource<Saved>(year && fund ? `/api/cycles/${year}/central-targets/${fund}` : null);
  const fundId = useId();
  // the form starts from what is loaded for this fund: not while the previous fund's answers are still shown
  const ready =
    indicators.data && !indicators.loading && !saved.loading && year && (saved.data || saved.error?.status === 404);
  return (
    <section>
      <div className="page-head">
        <h1>{t('page.centralTargets')}</h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p>
        <Link href={`/central${year ? `?cycle=${year}` : ''}`}>{t('ct.back')}</Link>
      </p>
      <div className="field">
        <label htmlFor={fundId}>{t('items.fund')}</label>
        <select
          id={fundId}
          value={fund}
          onChange={(e) => navigate(`/central/targets?cycle=${year ?? ''}&fund=${e.target.value}`)}
        >
          {(funds.data ?? []).map((f) => (
            <option key={f.code} value={f.code}>
              {pick(f.name)}
            </option>
          ))}
        </select>
      </div>
      {saved.error && saved.error.status !== 404 ? <ErrorNotice error={saved.error} /> : null}
      {!ready ? <Loading /> : null}
      {ready && indicators.data && year ? (
        <CentralTargetsForm
          key={`${year}-${fund}`}
          year={year}
          fund={fund}
          indicators={indicators.data}
          saved={saved.data}
        />
      ) : null}
    </section>
  );
}

function CentralTargetsForm({
  year,
  fund,
  indicators,
  saved,
}: {
  year: number;
  fund: string;
  indicators: Indicator[];
  saved: Saved | undefined;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const withDefault = indicators.filter((i) => i.defaultTarget);
  const start = (list: { id: string; target: TargetValue }[] | undefined, ind: Indicator) =>
    formatTarget(list?.find((x) => x.id === ind.id)?.target ?? ind.defaultTarget);
  const [from, setFrom] = useState(String(saved?.overall.from ?? year));
  const [to, setTo] = useState(String(saved?.overall.to ?? year + 2));
  const [overallGoals, setOverallGoals] = useState((saved?.overall.goals ?? []).join('\n'));
  const [annualGoals, setAnnualGoals] = useState((saved?.annual.goals ?? []).join('\n'));
  const [overall, setOverall] = useState<Record<string, string>>(() =>
    Object.fromEntries(withDefault.map((i) => [i.id, start(saved?.overall.indicators, i)])),
  );
  const [annual, setAnnual] = useState<Record<string, string>>(() =>
    Object.fromEntries(withDefault.map((i) => [i.id, start(saved?.annual.indicators, i)])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  /** the annual values as last saved: what the guidance issues */
  const [issuable, setIssuable] = useState(saved?.annual.indicators.map(({ id, target }) => ({ id, target })));
  const ids = { from: useId(), to: useId(), og: useId(), ag: useId(), err: useId() };
  const issues = issuesOf(error);
  const issueAt = (prefix: string) =>
    issues
      .filter((x) => x.path === prefix || x.path.startsWith(`${prefix}.`))
      .map((x) => issueText(i18n, x.message))
      .join('；');
  const body = (): CentralTargetsBody => ({
    overall: {
      from: Number(from),
      to: Number(to),
      goals: lines(overallGoals),
      indicators: withDefault.map((i) => ({ id: i.id, target: parseTarget(overall[i.id] ?? '') })),
    },
    annual: {
      goals: lines(annualGoals),
      indicators: withDefault.map((i) => ({ id: i.id, target: parseTarget(annual[i.id] ?? '') })),
    },
  });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const sent = body();
      await put(`/api/cycles/${year}/central-targets/${fund}`, sent);
      setDone(true);
      setIssuable(sent.annual.indicators.map(({ id, target }) => ({ id, target })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (path: string, id: string) => {
    const text = issueAt(path);
    return text ? (
      <span id={id} className="field-error">
        {text}
      </span>
    ) : null;
  };
  const invalid = (path: string, id: string) =>
    issueAt(path) ? { 'aria-invalid': true as const, 'aria-describedby': id } : {};

  return (
    <>
      <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="ct-form-title">
        <h2 id="ct-form-title">{t('ct.formTitle', { year })}</h2>
        <div className="split">
          <div className="field">
            <label htmlFor={ids.from}>{t('ct.from')}</label>
            <input
              id={ids.from}
              type="number"
              inputMode="numeric"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              {...invalid('overall.from', `${ids.from}-e`)}
            />
            {fieldError('overall.from', `${ids.from}-e`)}
          </div>
          <div className="field">
            <label htmlFor={ids.to}>{t('ct.to')}</label>
            <input
              id={ids.to}
              type="number"
              inputMode="numeric"
              value={to}
              onChange={(e) => setTo(e.target.value)}
              {...invalid('overall.to', `${ids.to}-e`)}
            />
            {fieldError('overall.to', `${ids.to}-e`)}
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.og}>{t('ct.overallGoals')}</label>
          <textarea
            id={ids.og}
            rows={3}
            value={overallGoals}
            onChange={(e) => setOverallGoals(e.target.value)}
            {...invalid('overall.goals', `${ids.og}-e`)}
          />
          <span className="hint">{t('targets.goalsHint')}</span>
          {fieldError('overall.goals', `${ids.og}-e`)}
        </div>
        <div className="field">
          <label htmlFor={ids.ag}>{t('ct.annualGoals')}</label>
          <textarea
            id={ids.ag}
            rows={3}
            value={annualGoals}
            onChange={(e) => setAnnualGoals(e.target.value)}
            {...invalid('annual.goals', `${ids.ag}-e`)}
          />
          <span className="hint">{t('targets.goalsHint')}</span>
          {fieldError('annual.goals', `${ids.ag}-e`)}
        </div>
        <p className="hint">{t('ct.valueHint')}</p>
        <div className="table-wrap">
          <table className="table" data-testid="central-target-values" data-fund={fund}>
            <caption>{t('ct.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('score.indicator')}</th>
                <th scope="col">{t('targets.unit')}</th>
                <th scope="col">{t('ct.overallValue')}</th>
                <th scope="col">{t('ct.annualValue')}</th>
              </tr>
            </thead>
            <tbody>
              {withDefault.map((ind, index) => {
                const name = pick(ind.name);
                const oPath = `overall.indicators.${index}`;
                const aPath = `annual.indicators.${index}`;
                return (
                  <tr key={ind.id} data-indicator={ind.id}>
                    <th scope="row">{name}</th>
                    <td>{ind.unit}</td>
                    <td>
                      <input
                        className="input-narrow"
                        aria-label={t('ct.overallOf', { name })}
                        value={overall[ind.id] ?? ''}
                        onChange={(e) => setOverall((all) => ({ ...all, [ind.id]: e.target.value }))}
                        {...invalid(oPath, `ct-o-${ind.id}`)}
                      />
                      {fieldError(oPath, `ct-o-${ind.id}`)}
                    </td>
                    <td>
                      <input
                        className="input-narrow"
                        aria-label={t('ct.annualOf', { name })}
                        value={annual[ind.id] ?? ''}
                        onChange={(e) => setAnnual((all) => ({ ...all, [ind.id]: e.target.value }))}
                        {...invalid(aPath, `ct-a-${ind.id}`)}
                      />
                      {fieldError(aPath, `ct-a-${ind.id}`)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {error ? <ErrorNotice error={error} /> : null}
        {done ? (
          <p className="notice" role="status" data-testid="central-targets-saved">
            {t('ct.saved')}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('ct.save')}
        </button>
      </form>
      {issuable ? (
        <IssueGuidance year={year} fund={fund} indicators={issuable} />
      ) : (
        <p className="muted">{t('ct.guidanceAfterSave')}</p>
      )}
    </>
  );
}

/** The guiding targets to every province (第十条): the saved annual values, after a confirmation. */
function IssueGuidance({
  year,
  fund,
  indicators,
}: {
  year: number;
  fund: string;
  indicators: { id: string; target: TargetValue }[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<GuidanceResult | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await post<GuidanceResult>(`/api/cycles/${year}/guidance`, { fund, indicators }));
      setOpen(false);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="ct-guidance-title">
      <h2 id="ct-guidance-title">{t('ct.guidanceTitle')}</h2>
      <p>{t('ct.guidanceExplain', { count: indicators.length })}</p>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        {t('ct.guidanceButton')}
      </button>
      {result ? (
        <p className="notice" role="status" data-testid="guidance-issued">
          {t('ct.guidanceIssued', { provinces: result.provinces.length })}
        </p>
      ) : null}
      <ConfirmDialog
        open={open}
        title={t('ct.guidanceConfirmTitle')}
        confirmLabel={t('ct.guidanceConfirm')}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        <p>{t('ct.guidanceConfirmText', { year, count: indicators.length })}</p>
        {error ? <ErrorNotice error={error} /> : null}
      </ConfirmDialog>
    </section>
  );
}
