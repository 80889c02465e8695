import { type FormEvent, type ReactElement, useEffect, useId, useState } from 'react';
import type { BudgetLine, Comparison, Figure } from '#shared/monitoring/compare';
import type { monitoringSummary, submitMonitoring, viewMonitoring } from '#shared/monitoring/submissions';
import type { listMonitoringUploads } from '#shared/monitoring/uploads';
import type { MeView as Me } from '#shared/reference/auth';
import type { Fund } from '#shared/reference/funds';
import type { Indicator } from '#shared/reference/indicators';
import { type ApiError, asApiError, download, put } from '../api.ts';
import { useFollow, useResource } from '../data.ts';
import { formatTarget, fractionPercent, GRADES, may } from '../domain.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel, label, unitLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import { Chart } from './Chart.tsx';
import { Empty, ErrorNotice, Loading } from './Notices.tsx';
import { Upload } from './Upload.tsx';

/** `GET /api/cycles/{year}/monitoring?org=` (shared/monitoring/submissions.ts viewMonitoring). */
export type MonitoringView = Awaited<ReturnType<typeof viewMonitoring>>;
type MonitoredFund = Extract<MonitoringView['funds'][number], { periods: unknown }>;
/** One fund of the view: a fund not monitored has only `org`, `fund` and `monitored: false`. */
type FundMonitoring = MonitoringView['funds'][number] & Partial<Omit<MonitoredFund, 'org' | 'fund' | 'monitored'>>;
type MonitoringPeriod = MonitoredFund['periods'][number];
type Finding = MonitoringPeriod['findings'][number];
/** `PUT …/monitoring/{org}/{fund}/periods/{asOf}`: the stored submission, its comparison and the period's findings. */
type SubmitResult = Awaited<ReturnType<typeof submitMonitoring>>;
/** `GET …/monitoring/{org}/{fund}/periods/{asOf}/uploads`: a period's template uploads and their outcomes. */
type TemplateUploads = Awaited<ReturnType<typeof listMonitoringUploads>>;
/** `GET /api/cycles/{year}/monitoring/summary?org=<province>`. */
type MonitoringSummary = Awaited<ReturnType<typeof monitoringSummary>>;

/** The budget lines and figures of the submission form, in the order the form shows them. */
const BUDGET_LINES: readonly BudgetLine[] = ['contributionIncome', 'subsidy', 'benefits', 'income', 'expenditure'];
const FIGURES: readonly Figure[] = [...BUDGET_LINES, 'balance'];

/**
 * 绩效运行监控 (第三章) in the console: a unit's monitored funds — periods and their status, findings and their
 * correction, budget execution against elapsed time — and the submission form for an open period; the province's
 * regions by open findings and lateness. Everything comes from the monitoring API; the comparison is the server's.
 */

/** open / submitted / submitted late / missing */
function periodState(p: MonitoringPeriod): 'open' | 'submitted' | 'late' | 'missed' {
  if (p.status === 'submitted') return p.late ? 'late' : 'submitted';
  return p.status;
}

const LINE_COLOURS: Record<BudgetLine, string> = {
  contributionIncome: '#0b4f8a',
  subsidy: '#b35900',
  benefits: '#1b6e20',
  income: '#6b3fa0',
  expenditure: '#a61b1b',
};

/** The region workspace's monitoring section: one card per monitored fund. */
export function RegionMonitoring({
  year,
  org,
  me,
  funds,
}: {
  year: number;
  org: string;
  me: Me | null;
  funds: Fund[] | undefined;
}) {
  const { t } = useI18n();
  const view = useResource<MonitoringView>(`/api/cycles/${year}/monitoring?org=${org}`);
  const order = (code: string) => funds?.findIndex((f) => f.code === code) ?? 0;
  const monitored = (view.data?.funds ?? []).filter((f) => f.monitored).sort((a, b) => order(a.fund) - order(b.fund));
  return (
    <section aria-labelledby="region-monitoring" className="section" data-testid="region-monitoring">
      <h2 id="region-monitoring">{t('monitoring.title')}</h2>
      <p className="lead">{t('monitoring.lead')}</p>
      {view.error ? <ErrorNotice error={view.error} /> : null}
      {view.loading && !view.data ? <Loading /> : null}
      {view.data && monitored.length === 0 ? <Empty>{t('monitoring.none')}</Empty> : null}
      {monitored.map((m) => (
        <MonitoringCard
          key={m.fund}
          year={year}
          monitoring={m}
          fund={funds?.find((f) => f.code === m.fund)}
          me={me}
          onSubmitted={view.reload}
        />
      ))}
    </section>
  );
}

function MonitoringCard({
  year,
  monitoring: m,
  fund,
  me,
  onSubmitted,
}: {
  year: number;
  monitoring: FundMonitoring;
  fund: Fund | undefined;
  me: Me | null;
  onSubmitted(): void;
}) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const titleId = useId();
  const [result, setResult] = useState<SubmitResult | null>(null);
  const [uploaded, setUploaded] = useState<{ asOf: string; at: number } | null>(null);
  const fundName = pick(fund?.name) || m.fund;
  const periods = [...(m.periods ?? [])].sort((a, b) => a.asOf.localeCompare(b.asOf));
  const findings = [...(m.findings ?? [])].sort((a, b) => b.asOf.localeCompare(a.asOf) || a.code.localeCompare(b.code));
  const open = periods.filter((p) => p.status === 'open');
  const canSubmit = may(me, 'submitMonitoring', m.org, m.fund) && open.length > 0;
  const latest = [...periods].reverse().find((p) => p.submission)?.submission ?? null;

  return (
    <section className="card" aria-labelledby={titleId} data-testid={`monitoring-${m.fund}`}>
      <h3 id={titleId}>{t('monitoring.fundTitle', { fund: fundName })}</h3>

      <h4>{t('monitoring.periods')}</h4>
      {periods.length === 0 ? <Empty>{t('monitoring.noPeriods')}</Empty> : null}
      {periods.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="monitoring-periods">
            <caption>{t('monitoring.periodsCaption', { count: periods.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('monitoring.asOf')}</th>
                <th scope="col">{t('items.status')}</th>
                <th scope="col">{t('monitoring.due')}</th>
                <th scope="col">{t('monitoring.submittedAt')}</th>
                <th scope="col" className="num">
                  {t('monitoring.findingCount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => {
                const state = periodState(p);
                return (
                  <tr key={p.asOf} data-as-of={p.asOf} data-status={state}>
                    <th scope="row">
                      <time dateTime={p.asOf}>{p.asOf}</time>
                    </th>
                    <td>
                      <span className={`badge badge-period-${state}`}>{label(i18n, 'period', state)}</span>
                    </td>
                    <td>
                      <time dateTime={p.due}>{formatDateTime(p.due, lang)}</time>
                    </td>
                    <td>{p.submittedAt ? formatDateTime(p.submittedAt, lang) : '—'}</td>
                    <td className="num">{p.findings.length}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}

      <h4>{t('monitoring.findings')}</h4>
      {findings.length === 0 ? <Empty>{t('monitoring.noFindings')}</Empty> : null}
      {findings.length > 0 ? <FindingsTable findings={findings} testId="monitoring-findings" /> : null}

      {(m.execution ?? []).length > 0 ? <ExecutionChart monitoring={m} fundName={fundName} /> : null}

      {result ? <SubmitResultView result={result} /> : null}
      {uploaded ? (
        <TemplateUploadOutcome
          key={uploaded.at}
          path={`/api/cycles/${year}/monitoring/${m.org}/${m.fund}/periods/${uploaded.asOf}/uploads`}
          asOf={uploaded.asOf}
          onSettled={onSubmitted}
        />
      ) : null}

      {canSubmit ? (
        <MonitoringForm
          year={year}
          monitoring={m}
          open={open}
          latest={latest}
          onSubmitted={(r) => {
            setResult(r);
            setUploaded(null);
            onSubmitted();
          }}
          onUploaded={(asOf) => {
            setResult(null);
            setUploaded({ asOf, at: Date.now() });
          }}
        />
      ) : may(me, 'submitMonitoring', m.org, m.fund) ? (
        <p className="muted">{t('monitoring.noOpen')}</p>
      ) : null}
    </section>
  );
}

/**
 * The outcome of a filled 绩效监控表 just uploaded: checked by the upload event, then submitted as the uploader — the
 * page follows the period's uploads until the newest has an outcome, and says it plainly (submitted, or refused cell
 * by cell and not submitted).
 */
function TemplateUploadOutcome({ path, asOf, onSettled }: { path: string; asOf: string; onSettled(): void }) {
  const { t, pick } = useI18n();
  const uploads = useResource<TemplateUploads>(path);
  const { follow, following } = useFollow(uploads, 1000, 90_000);
  const [started, setStarted] = useState(false);
  const newest = uploads.data?.at(-1);
  const waiting = !newest || newest.status === 'waiting';
  const loaded = uploads.data !== undefined;
  useEffect(() => {
    if (started || !loaded) return;
    setStarted(true);
    if (waiting) follow((data) => data?.at(-1)?.status !== undefined && data.at(-1)?.status !== 'waiting');
  }, [started, loaded, waiting, follow]);
  const settled = started && !following && !waiting;
  useEffect(() => {
    if (settled) onSettled();
  }, [settled, onSettled]);
  return (
    <div data-testid="monitoring-upload-outcome" data-status={settled ? newest?.status : 'waiting'}>
      {uploads.error ? <ErrorNotice error={uploads.error} /> : null}
      {!settled && (following || !started) ? (
        <p className="notice" role="status">
          {t('monitoring.uploadChecking')}
        </p>
      ) : null}
      {started && !following && waiting ? (
        <p className="notice notice-warning" role="status">
          {t('monitoring.uploadStuck', { asOf })}
        </p>
      ) : null}
      {settled && newest?.status === 'accepted' ? (
        <p className="notice" role="status">
          {t('monitoring.uploadAccepted', { asOf })}
        </p>
      ) : null}
      {settled && newest?.status === 'refused' ? (
        <div className="notice notice-error" role="alert">
          <p>{t('monitoring.uploadRefused', { asOf })}</p>
          <ul>
            {(newest.errors ?? []).map((e) => (
              <li key={`${e.cell ?? ''}-${e.code}-${e.message.en}`}>
                {e.cell ? <code>{e.cell}</code> : null} {pick(e.message)} <span className="muted">({e.code})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function FindingsTable({ findings, testId }: { findings: Finding[]; testId?: string }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <caption>{t('monitoring.findingsCaption', { count: findings.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('monitoring.asOf')}</th>
            <th scope="col">{t('monitoring.dimension')}</th>
            <th scope="col">{t('monitoring.severity')}</th>
            <th scope="col">{t('monitoring.finding')}</th>
            <th scope="col">{t('monitoring.correction')}</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={`${f.asOf}-${f.code}`} data-code={f.code} data-status={f.status}>
              <td>{f.asOf}</td>
              <td>{label(i18n, 'dimension', f.dimension)}</td>
              <td>
                <span className={`badge badge-severity-${f.severity}`}>{label(i18n, 'severity', f.severity)}</span>
              </td>
              <th scope="row" className="finding-text">
                {pick(f.message)}
              </th>
              <td>
                <span className={`badge badge-finding-${f.status}`}>{label(i18n, 'finding', f.status)}</span>
                {f.correction?.overdue ? <span className="badge badge-late">{t('monitoring.overdue')}</span> : null}
                {f.correction && f.status !== 'closed' && f.status !== 'resolved' ? (
                  <span className="muted small">
                    {' '}
                    {t('monitoring.correctionDue', { due: formatDate(f.correction.due, lang) })}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Budget execution rate per line against the share of the year elapsed (时序进度), period by period. */
function ExecutionChart({ monitoring: m, fundName }: { monitoring: FundMonitoring; fundName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const execution = [...(m.execution ?? [])].sort((a, b) => a.asOf.localeCompare(b.asOf));
  const lines = BUDGET_LINES.filter((l) => execution.some((e) => e.rates[l] !== undefined));
  const option = {
    aria: { enabled: false },
    animation: false,
    textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v.toFixed(1)}%` },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: execution.map((e) => e.asOf.slice(5)) },
    yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: t('monitoring.elapsed'),
        type: 'line',
        symbol: 'rect',
        lineStyle: { type: 'dashed', width: 2 },
        itemStyle: { color: '#4f5968' },
        data: execution.map((e) => Number((Number(e.elapsedShare) * 100).toFixed(2))),
      },
      ...lines.map((l) => ({
        name: label(i18n, 'figure', l),
        type: 'line',
        symbol: 'circle',
        itemStyle: { color: LINE_COLOURS[l] },
        data: execution.map((e) => (e.rates[l] === undefined ? null : Number((Number(e.rates[l]) * 100).toFixed(2)))),
      })),
    ],
  };
  return (
    <>
      <h4>{t('monitoring.execution')}</h4>
      <Chart option={option} label={t('monitoring.chartLabel', { fund: fundName })} height={260} />
      <div className="table-wrap">
        <table className="table" data-testid="monitoring-execution">
          <caption>{t('monitoring.executionCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('monitoring.asOf')}</th>
              <th scope="col" className="num">
                {t('monitoring.elapsed')}
              </th>
              {lines.map((l) => (
                <th scope="col" className="num" key={l}>
                  {label(i18n, 'figure', l)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {execution.map((e) => (
              <tr key={e.asOf}>
                <th scope="row">{e.asOf}</th>
                <td className="num">{fractionPercent(e.elapsedShare)}</td>
                {lines.map((l) => (
                  <td className="num" key={l}>
                    {fractionPercent(e.rates[l])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** What the API answered to a submission: the comparison with targets and elapsed time, and the findings. */
function SubmitResultView({ result }: { result: SubmitResult }) {
  const i18n = useI18n();
  const { t } = i18n;
  const c: Comparison = result.comparison;
  const asOf = result.period.asOf;
  const progress = BUDGET_LINES.flatMap((l) => {
    const p = c.progress[l];
    return p ? [[l, p] as const] : [];
  });
  const ofPeriod = result.findings.filter((f) => f.asOf === asOf);
  return (
    <section className="result" aria-labelledby={`result-${asOf}`} data-testid="monitoring-result">
      <p className="notice" role="status">
        {t(result.period.late ? 'monitoring.submittedLate' : 'monitoring.submitted', { asOf })}
      </p>
      <h4 id={`result-${asOf}`}>{t('monitoring.result')}</h4>
      {progress.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption>{t('monitoring.progressCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('monitoring.line')}</th>
                <th scope="col" className="num">
                  {t('monitoring.rate')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.elapsed')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.gap')}
                </th>
                <th scope="col">{t('items.status')}</th>
              </tr>
            </thead>
            <tbody>
              {progress.map(([l, p]) => (
                <tr key={l} data-line={l}>
                  <th scope="row">{label(i18n, 'figure', l)}</th>
                  <td className="num">{fractionPercent(p.executionRate)}</td>
                  <td className="num">{fractionPercent(p.elapsedShare)}</td>
                  <td className="num">{fractionPercent(p.gap)}</td>
                  <td className={p.status === 'behind' ? 'warn' : undefined}>{label(i18n, 'progress', p.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {c.indicators.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption>{t('monitoring.indicatorsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('monitoring.indicator')}</th>
                <th scope="col" className="num">
                  {t('monitoring.current')}
                </th>
                <th scope="col" className="num">
                  {t('monitoring.target')}
                </th>
                <th scope="col">{t('monitoring.met')}</th>
              </tr>
            </thead>
            <tbody>
              {c.indicators.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i18n.pick(i.name)}</th>
                  <td className="num">{i.actual}</td>
                  <td className="num">{formatTarget(i.target)}</td>
                  <td className={i.met ? 'ok' : 'warn'}>{t(i.met ? 'monitoring.yes' : 'monitoring.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h4>{t('monitoring.newFindings')}</h4>
      {ofPeriod.length === 0 ? <Empty>{t('monitoring.noFindings')}</Empty> : null}
      {ofPeriod.length > 0 ? <FindingsTable findings={ofPeriod} testId="monitoring-result-findings" /> : null}
    </section>
  );
}

interface Issue {
  path: string;
  code: string;
  message: { zh: string; en: string } | string;
}

function issuesOf(error: ApiError | null): Issue[] {
  const details = error?.details as { issues?: Issue[] } | undefined;
  return Array.isArray(details?.issues) ? details.issues : [];
}

/** The submission form of an open period: budget and year-to-date figures, indicator values, the two notes. */
function MonitoringForm({
  year,
  monitoring: m,
  open,
  latest,
  onSubmitted,
  onUploaded,
}: {
  year: number;
  monitoring: FundMonitoring;
  open: MonitoringPeriod[];
  latest: MonitoringPeriod['submission'];
  onSubmitted(result: SubmitResult): void;
  /** a filled template was stored; its check and submission follow */
  onUploaded(asOf: string): void;
}) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const catalogue = useResource<Indicator[]>(`/api/indicators?fund=${m.fund}`, { cache: true });
  const [asOf, setAsOf] = useState(open.at(-1)?.asOf ?? '');
  const [values, setValues] = useState<Record<string, string>>(() =>
    latest ? Object.fromEntries(BUDGET_LINES.map((l) => [`budget.${l}`, latest.budget[l] ?? ''])) : {},
  );
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [downloadError, setDownloadError] = useState<ApiError | null>(null);
  const headingId = useId();
  const base = `mon-${m.org}-${m.fund}`;
  const targets = m.target?.indicators ?? [];
  const indicatorOf = (id: string) => catalogue.data?.find((i) => i.id === id);
  const issues = issuesOf(error);
  const set = (key: string, v: string) => setValues((all) => ({ ...all, [key]: v }));

  /** The messages beside a field: "please fill this in", or the API's issues at that path. */
  const problemsAt = (key: string, paths: string[]) => [
    ...(missing.has(key) ? [t('monitoring.required')] : []),
    ...issues
      .filter((x) => paths.some((p) => x.path === p || x.path.startsWith(`${p}.`)))
      .map((x) => (typeof x.message === 'string' ? x.message : pick(x.message))),
  ];
  const fieldKeys = [
    ...BUDGET_LINES.map((l) => `budget.${l}`),
    ...FIGURES.map((f) => `actual.${f}`),
    ...targets.map((x) => `indicators.${x.id}`),
    'notes.riskControl',
    'notes.financialManagement',
  ];
  const shown = new Set(
    fieldKeys.flatMap((k) => {
      if (!k.startsWith('indicators.')) return [k];
      const index = targets.findIndex((x) => `indicators.${x.id}` === k);
      return [`indicators.${index}`];
    }),
  );
  const elsewhere = issues.filter((x) => ![...shown].some((p) => x.path === p || x.path.startsWith(`${p}.`)));

  const field = (key: string, labelText: string, paths: string[], control: (common: object) => ReactElement) => {
    const id = `${base}-${key.replace(/\./g, '-')}`;
    const problems = problemsAt(key, paths);
    const invalid = problems.length > 0;
    const common = {
      id,
      'aria-invalid': invalid || undefined,
      'aria-describedby': invalid ? `${id}-err` : undefined,
    };
    return (
      <div className="indicator-field" key={key}>
        <label htmlFor={id}>{labelText}</label>
        {control(common)}
        {invalid ? (
          <span id={`${id}-err`} className="field-error">
            {problems.join('；')}
          </span>
        ) : null}
      </div>
    );
  };
  const input = (key: string) => (common: object) => (
    <input
      inputMode="decimal"
      autoComplete="off"
      value={values[key] ?? ''}
      onChange={(e) => set(key, e.target.value)}
      {...common}
    />
  );

  const onSubmit = async (ev: FormEvent) => {
    ev.preventDefault();
    const empty = new Set(fieldKeys.filter((k) => !(values[k] ?? '').trim()));
    setMissing(empty);
    setError(null);
    if (empty.size > 0) {
      document.getElementById(`${base}-${[...empty][0]?.replace(/\./g, '-')}`)?.focus();
      return;
    }
    const v = (k: string) => (values[k] ?? '').trim();
    const body = {
      budget: Object.fromEntries(BUDGET_LINES.map((l) => [l, v(`budget.${l}`)])),
      actual: Object.fromEntries(FIGURES.map((f) => [f, v(`actual.${f}`)])),
      indicators: targets.map((x) =>
        indicatorOf(x.id)?.nature === 'qualitative' || 'grade' in x.target
          ? { id: x.id, grade: v(`indicators.${x.id}`) }
          : { id: x.id, value: v(`indicators.${x.id}`) },
      ),
      notes: { riskControl: v('notes.riskControl'), financialManagement: v('notes.financialManagement') },
    };
    setBusy(true);
    try {
      const result = await put<SubmitResult>(`/api/cycles/${year}/monitoring/${m.org}/${m.fund}/periods/${asOf}`, body);
      onSubmitted(result);
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="monitoring-form" onSubmit={onSubmit} aria-labelledby={headingId} noValidate>
      <h4 id={headingId}>{t('monitoring.form', { asOf })}</h4>
      <p className="hint">{t('monitoring.formHint')}</p>
      {open.length > 1 ? (
        <div className="field field-inline">
          <label htmlFor={`${base}-period`}>{t('monitoring.period')}</label>
          <select id={`${base}-period`} value={asOf} onChange={(e) => setAsOf(e.target.value)}>
            {open.map((p) => (
              <option key={p.asOf} value={p.asOf}>
                {p.asOf}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <p>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setDownloadError(null);
            download(
              `/api/cycles/${year}/monitoring/${m.org}/${m.fund}/periods/${asOf}/template`,
              `monitoring-${year}-${m.org}-${m.fund}-${asOf}.xlsx`,
            ).catch((e) => setDownloadError(asApiError(e)));
          }}
        >
          {t('monitoring.template', { asOf })}
        </button>
      </p>
      {downloadError ? <ErrorNotice error={downloadError} /> : null}
      <Upload
        key={asOf}
        slotPath={`/api/cycles/${year}/monitoring/${m.org}/${m.fund}/periods/${asOf}/uploads`}
        slotBody={() => undefined}
        kind="monitoring"
        types={['xlsx']}
        label={t('monitoring.uploadTemplate', { asOf })}
        hint={t('monitoring.uploadTemplateHint')}
        onUploaded={() => onUploaded(asOf)}
      />

      <fieldset>
        <legend>{t('monitoring.budget')}</legend>
        <div className="indicator-grid">
          {BUDGET_LINES.map((l) =>
            field(
              `budget.${l}`,
              t('monitoring.budgetOf', { name: label(i18n, 'figure', l) }),
              [`budget.${l}`],
              input(`budget.${l}`),
            ),
          )}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('monitoring.actual')}</legend>
        <div className="indicator-grid">
          {FIGURES.map((f) =>
            field(
              `actual.${f}`,
              t('monitoring.actualOf', { name: label(i18n, 'figure', f) }),
              [`actual.${f}`],
              input(`actual.${f}`),
            ),
          )}
        </div>
      </fieldset>
      {targets.length > 0 ? (
        <fieldset>
          <legend>{t('monitoring.indicators')}</legend>
          {catalogue.error ? <ErrorNotice error={catalogue.error} /> : null}
          <div className="indicator-grid">
            {targets.map((x, index) => {
              const ind = indicatorOf(x.id);
              const key = `indicators.${x.id}`;
              const name = pick(ind?.name) || x.id;
              const unit = ind?.nature === 'quantitative' ? ` ${unitLabel(i18n, ind.unit)}` : '';
              const text = `${t('monitoring.valueOf', { name })} (${t('evaluation.targetIs', { target: formatTarget(x.target) })}${unit})`;
              return field(key, text, [`indicators.${index}`], (common) =>
                ind?.nature === 'qualitative' || 'grade' in x.target ? (
                  <select value={values[key] ?? ''} onChange={(e) => set(key, e.target.value)} {...common}>
                    <option value="">—</option>
                    {GRADES.map((g) => (
                      <option key={g} value={g}>
                        {gradeLabel(i18n, g)}
                      </option>
                    ))}
                  </select>
                ) : (
                  input(key)(common)
                ),
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('monitoring.notes')}</legend>
        <div className="notes-grid">
          {(['riskControl', 'financialManagement'] as const).map((n) =>
            field(`notes.${n}`, t(`monitoring.${n}`), [`notes.${n}`], (common) => (
              <textarea
                rows={3}
                value={values[`notes.${n}`] ?? ''}
                onChange={(e) => set(`notes.${n}`, e.target.value)}
                {...common}
              />
            )),
          )}
        </div>
      </fieldset>
      {error ? (
        <ErrorNotice error={error}>
          {elsewhere.map((x) => (
            <p key={x.path + x.code}>{typeof x.message === 'string' ? x.message : pick(x.message)}</p>
          ))}
        </ErrorNotice>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('monitoring.submit')}
      </button>
    </form>
  );
}

/** The province view's table: its regions by open findings, then lateness (`…/monitoring/summary?org=`). */
export function ProvinceMonitoring({ year, province }: { year: number; province: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const summary = useResource<MonitoringSummary>(`/api/cycles/${year}/monitoring/summary?org=${province}`);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fundName = (code: string) =>
    pick(funds.data?.find((f) => f.code === code)?.shortName) ||
    pick(funds.data?.find((f) => f.code === code)?.name) ||
    code;
  const regions = summary.data?.regions ?? [];
  return (
    <section className="card" aria-labelledby="province-monitoring">
      <h2 id="province-monitoring">{t('province.monitoring')}</h2>
      {summary.error ? <ErrorNotice error={summary.error} /> : null}
      {summary.loading && !summary.data ? <Loading /> : null}
      {summary.data && regions.length === 0 ? <Empty>{t('province.monitoringNone')}</Empty> : null}
      {regions.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="province-monitoring">
            <caption>{t('province.monitoringCaption', { count: regions.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('province.region')}</th>
                <th scope="col">{t('items.fund')}</th>
                <th scope="col" className="num">
                  {t('province.openFindings')}
                </th>
                <th scope="col" className="num">
                  {t('province.openCorrections')}
                </th>
                <th scope="col" className="num">
                  {t('province.overdueCorrections')}
                </th>
                <th scope="col" className="num">
                  {t('province.latePeriods')}
                </th>
                <th scope="col" className="num">
                  {t('province.missingPeriods')}
                </th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => (
                <tr key={r.org} data-org={r.org}>
                  <th scope="row" className="nowrap">
                    <Link href={`/region?org=${r.org}&cycle=${year}`}>{pick(r.name)}</Link>
                  </th>
                  <td className="nowrap">{r.funds.map(fundName).join(t('common.listSeparator'))}</td>
                  <td className="num">{r.openFindings}</td>
                  <td className="num">{r.openCorrections}</td>
                  <td className={`num${r.overdueCorrections > 0 ? ' warn' : ''}`}>{r.overdueCorrections}</td>
                  <td className="num">{r.latePeriods}</td>
                  <td className={`num${r.missingPeriods > 0 ? ' warn' : ''}`}>{r.missingPeriods}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
