import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { CycleView as Cycle, WorkItem } from '#shared/cycle/cycles';
import type { EvaluationReadiness } from '#shared/evaluation/readiness';
import type { SelfEvaluation } from '#shared/evaluation/records';
import type { Org } from '#shared/reference/orgs';
import { ApiError, get, post } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, CycleSummary, selectedYear } from '../components/Cycle.tsx';
import { FormError, useFieldErrors } from '../components/FieldErrors.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { OverviewLinks } from '../components/Overviews.tsx';
import { useFollow, useResource } from '../data.ts';
import { GRADES, gradeOfItem } from '../domain.ts';
import { percent, shanghaiYear } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { DONE_STATUSES, gradeLabel, machineStateLabel, phaseLabel, STATUS_ORDER, statusLabel } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

/** A work item as `GET /api/cycles/{year}/items` lists it: the stored item, so evaluation items carry their results. */
type EvaluationItem = WorkItem & Partial<Pick<SelfEvaluation, 'province' | 'late' | 'score' | 'review'>>;

/** First budget year under the regulation (第二十五条). */
const FIRST_YEAR = 2023;
const POLL_MS = 1000;
/** A colour per status, from first step to done; others grey. */
const STATUS_COLOURS: Record<string, string> = {
  drafting: '#c26a00',
  'preliminary-review': '#7b3fa0',
  'finance-review': '#1f5fa8',
  'central-review': '#00796b',
  approved: '#4c9a2a',
  issued: '#1b5e20',
};

function orderStatuses(statuses: string[]): string[] {
  const rank = (s: string) => (STATUS_ORDER.includes(s) ? STATUS_ORDER.indexOf(s) : STATUS_ORDER.length);
  return [...new Set(statuses)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

interface ProvinceRow {
  org: Org;
  total: number;
  done: number;
  byStatus: Map<string, number>;
}

/** Central staff: the cycles, the phase and deadlines, and how far each province's work items have come. */
export default function CentralDashboard({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const cycle = useResource<Cycle>(year ? `/api/cycles/${year}` : null);
  const items = useResource<WorkItem[]>(year ? `/api/cycles/${year}/items` : null);
  const units = useResource<Org[]>('/api/orgs?tier=province', { cache: true });
  const mayKickOff = me?.tier === 'central' && me.department === 'finance';

  // After our own kickoff: follow the new cycle until its machine has left the kickoff phase.
  const [following, setFollowing] = useState<Cycle | null>(null);
  const reloadAll = useCallback(() => {
    cycles.reload();
    cycle.reload();
    items.reload();
  }, [cycles.reload, cycle.reload, items.reload]);

  useEffect(() => {
    if (following?.phase !== 'kickoff') return;
    const abort = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const next = await get<Cycle>(`/api/cycles/${following.year}`, { signal: abort.signal });
        if (next.phase !== 'kickoff') {
          setFollowing(null);
          reloadAll();
        } else setFollowing(next);
      } catch (e) {
        if ((e as Error).name !== 'AbortError') setFollowing({ ...following });
      }
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [following, reloadAll]);

  // the target-setting work of the provincial units (later kinds of work have sections of their own)
  const targetItems = useMemo(() => (items.data ?? []).filter((i) => i.kind === 'targets'), [items.data]);
  const rows = useMemo(() => provinceRows(units.data ?? [], targetItems), [units.data, targetItems]);
  const statuses = useMemo(() => orderStatuses(targetItems.map((i) => i.status)), [targetItems]);
  const centralUnitItems = targetItems.filter((i) =>
    units.data?.some((o) => o.code === i.org && o.kind === 'central-unit'),
  );
  const { follow, following: openingEvaluations } = useFollow(items);
  const mayOpenEvaluations =
    mayKickOff && !!cycle.data && ['targets', 'monitoring'].includes(cycle.data.phase) && !following;

  const shownCycle = following ?? cycle.data;
  return (
    <section>
      <div className="page-head">
        <h1>{t('page.central')}</h1>
        <div className="page-tools">
          {cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}
          {mayOpenEvaluations && year ? (
            <OpenEvaluations
              year={year}
              onOpened={() => {
                cycle.reload();
                follow((data) => (data ?? []).some((i) => i.kind === 'self-evaluation'));
              }}
            />
          ) : null}
          {mayKickOff ? (
            <Kickoff
              existing={cycles.data ?? []}
              onStarted={(started) => {
                navigate(`/central?cycle=${started.year}`, { replace: true });
                setFollowing(started);
                cycles.reload();
              }}
            />
          ) : null}
        </div>
      </div>
      {cycles.error ? <ErrorNotice error={cycles.error} /> : null}
      {year && !following && mayKickOff ? <CentralSteps year={year} /> : null}
      {following ? (
        <p className="notice" role="status" aria-live="polite">
          {machineStateLabel(i18n, following.execution?.state)
            ? t('kickoff.following', {
                year: following.year,
                state: machineStateLabel(i18n, following.execution?.state) ?? '',
              })
            : t('kickoff.followingStart', { year: following.year })}
        </p>
      ) : null}
      {cycles.loading && !cycles.data ? <Loading /> : null}
      {cycles.data && cycles.data.length === 0 && !following ? <Empty>{t('cycle.none')}</Empty> : null}
      {shownCycle ? <CycleSummary cycle={shownCycle} /> : cycle.error ? <ErrorNotice error={cycle.error} /> : null}
      <OverviewLinks year={year} />
      {openingEvaluations ? (
        <p className="notice" role="status" aria-live="polite">
          {t('evalOpen.following')}
        </p>
      ) : null}
      {year && !following && items.data ? (
        <EvaluationProgress year={year} items={items.data as EvaluationItem[]} units={units.data ?? []} />
      ) : null}
      {year && !following ? (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">{t('central.progress', { year })}</h2>
          {items.error ? <ErrorNotice error={items.error} /> : null}
          {items.loading && !items.data ? <Loading /> : null}
          {items.data && rows.length === 0 ? <Empty>{t('items.none')}</Empty> : null}
          {items.data && rows.length > 0 ? (
            <>
              <p className="muted" data-testid="progress-summary">
                {t('central.summary', {
                  provinces: rows.filter((r) => r.total > 0).length,
                  items: rows.reduce((n, r) => n + r.total, 0),
                  done: percent(
                    rows.reduce((n, r) => n + r.done, 0),
                    rows.reduce((n, r) => n + r.total, 0),
                  ),
                })}
              </p>
              <Chart
                label={t('central.chartLabel', { year, phase: phaseLabel(i18n, shownCycle?.phase ?? '') })}
                height={rows.length * 22 + 90}
                option={{
                  aria: { enabled: false },
                  animation: false,
                  textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' },
                  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                  legend: { top: 0 },
                  grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', inverse: true, data: rows.map((r) => pick(r.org.name)) },
                  series: statuses.map((s) => ({
                    name: statusLabel(i18n, s),
                    type: 'bar',
                    stack: 'items',
                    barMaxWidth: 16,
                    itemStyle: { color: STATUS_COLOURS[s] ?? '#6b7280' },
                    data: rows.map((r) => r.byStatus.get(s) ?? 0),
                  })),
                }}
              />
              <div className="table-wrap">
                <table className="table" data-testid="province-progress">
                  <caption>{t('central.tableCaption', { year })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('central.province')}</th>
                      <th scope="col" className="num">
                        {t('central.items')}
                      </th>
                      {statuses.map((s) => (
                        <th scope="col" className="num" key={s}>
                          {statusLabel(i18n, s)}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        {t('central.done')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.org.code} data-org={r.org.code}>
                        <th scope="row">
                          <Link href={`/province?org=${r.org.code}&cycle=${year}`}>{pick(r.org.name)}</Link>
                        </th>
                        <td className="num">{r.total}</td>
                        {statuses.map((s) => (
                          <td className="num" key={s}>
                            {r.byStatus.get(s) ?? 0}
                          </td>
                        ))}
                        <td className="num">{percent(r.done, r.total)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {centralUnitItems.length > 0 ? (
                <p className="muted">
                  {t('central.centralUnit', {
                    name: pick(units.data?.find((o) => o.kind === 'central-unit')?.name),
                    items: centralUnitItems.length,
                  })}
                </p>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

/** One row per provincial unit (the 31 provinces and 新疆生产建设兵团), in code order. */
function provinceRows(units: Org[], items: WorkItem[]): ProvinceRow[] {
  const provinces = units.filter((o) => o.kind === 'province' || o.kind === 'xpcc');
  const rows = new Map<string, ProvinceRow>(
    provinces.map((org) => [org.code, { org, total: 0, done: 0, byStatus: new Map() }]),
  );
  for (const item of items) {
    const row = rows.get(item.org);
    if (!row) continue;
    row.total++;
    if (DONE_STATUSES.has(item.status)) row.done++;
    row.byStatus.set(item.status, (row.byStatus.get(item.status) ?? 0) + 1);
  }
  return [...rows.values()].sort((a, b) => a.org.code.localeCompare(b.org.code));
}

/** The kickoff button and its confirmation: POST /api/cycles, 202 → the caller follows the new cycle. */
function Kickoff({ existing, onStarted }: { existing: Cycle[]; onStarted(cycle: Cycle): void }) {
  const { t } = useI18n();
  const maxYear = shanghaiYear() + 1;
  const suggested = Math.min(maxYear, Math.max(shanghaiYear(), ...existing.map((c) => c.year + 1)));
  const [open, setOpen] = useState(false);
  const [year, setYear] = useState(String(suggested));
  const [targetsDue, setTargetsDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const yearId = useId();
  const hintId = useId();
  const dueId = useId();
  const fields = useFieldErrors(error);

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const started = await post<Cycle>('/api/cycles', {
        year: Number(year),
        ...(targetsDue ? { targetsDue } : {}),
      });
      setOpen(false);
      onStarted(started);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', { zh: String(e), en: String(e) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          setYear(String(suggested));
          setTargetsDue('');
          setError(null);
          setOpen(true);
        }}
      >
        {t('kickoff.button')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('kickoff.title')}
        confirmLabel={t('kickoff.confirm', { year })}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        <div className="field" ref={fields.container}>
          <label htmlFor={yearId}>{t('kickoff.year')}</label>
          <input
            id={yearId}
            type="number"
            inputMode="numeric"
            min={FIRST_YEAR}
            max={maxYear}
            value={year}
            {...fields.props('year', hintId)}
            onChange={(e) => setYear(e.target.value)}
          />
          {fields.message('year')}
        </div>
        <div className="field">
          <label htmlFor={dueId}>{t('kickoff.targetsDue')}</label>
          <input
            id={dueId}
            type="date"
            value={targetsDue}
            {...fields.props('targetsDue', `${dueId}-hint`)}
            onChange={(e) => setTargetsDue(e.target.value)}
          />
          <span id={`${dueId}-hint`} className="hint">
            {t('kickoff.targetsDueHint', { next: Number(year) + 1 })}
          </span>
          {fields.message('targetsDue')}
        </div>
        <p id={hintId}>{t('kickoff.explain', { year })}</p>
        <FormError error={error} fields={fields} />
      </ConfirmDialog>
    </>
  );
}

interface EvaluationRow {
  org: Org;
  total: number;
  open: number;
  submitted: number;
  reviewed: number;
  late: number;
}

const GRADE_COLOURS: Record<string, string> = { 优: '#1b5e20', 良: '#1f5fa8', 中: '#b35900', 差: '#a61b1b' };

/** Self-evaluations of the year: the grade distribution, and completeness and lateness per province. */
function EvaluationProgress({ year, items, units }: { year: number; items: EvaluationItem[]; units: Org[] }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const evaluations = items.filter((i) => i.kind === 'self-evaluation');
  const rows = useMemo(() => {
    const byProvince = new Map<string, EvaluationRow>();
    for (const e of evaluations) {
      const code = e.province ?? e.org;
      const org = units.find((o) => o.code === code);
      if (!org) continue;
      let row = byProvince.get(code);
      if (!row) {
        row = { org, total: 0, open: 0, submitted: 0, reviewed: 0, late: 0 };
        byProvince.set(code, row);
      }
      row.total++;
      if (e.status === 'reviewed') row.reviewed++;
      else if (e.status === 'submitted') row.submitted++;
      else row.open++;
      if (e.late) row.late++;
    }
    return [...byProvince.values()].sort((a, b) => a.org.code.localeCompare(b.org.code));
  }, [evaluations, units]);
  if (evaluations.length === 0) return null;
  const done = evaluations.filter((e) => e.status === 'submitted' || e.status === 'reviewed');
  const grades = GRADES.map((g) => ({ grade: g, count: done.filter((e) => gradeOfItem(e) === g).length }));
  return (
    <section className="card" aria-labelledby="evaluations-title" data-testid="evaluation-progress">
      <h2 id="evaluations-title">{t('central.evaluations', { year })}</h2>
      <p className="muted" data-testid="evaluation-summary">
        {t('central.evalSummary', {
          items: evaluations.length,
          done: done.length,
          percent: percent(done.length, evaluations.length),
          late: evaluations.filter((e) => e.late).length,
        })}
      </p>
      <div className="split">
        <div>
          <h3>{t('central.gradesTitle')}</h3>
          {done.length === 0 ? (
            <Empty>{t('chart.noData')}</Empty>
          ) : (
            <Chart
              label={t('central.gradesLabel', { year })}
              height={180}
              option={{
                aria: { enabled: false },
                animation: false,
                textStyle: { fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif' },
                tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
                grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
                xAxis: { type: 'value', minInterval: 1 },
                yAxis: { type: 'category', inverse: true, data: grades.map((g) => gradeLabel(i18n, g.grade)) },
                series: [
                  {
                    type: 'bar',
                    barMaxWidth: 18,
                    data: grades.map((g) => ({ value: g.count, itemStyle: { color: GRADE_COLOURS[g.grade] } })),
                  },
                ],
              }}
            />
          )}
        </div>
        <div className="table-wrap">
          <table className="table" data-testid="grade-distribution">
            <caption>{t('central.gradesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('central.grade')}</th>
                <th scope="col" className="num">
                  {t('central.count')}
                </th>
              </tr>
            </thead>
            <tbody>
              {grades.map((g) => (
                <tr key={g.grade} data-grade={g.grade}>
                  <th scope="row">{gradeLabel(i18n, g.grade)}</th>
                  <td className="num">{g.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
      <div className="table-wrap">
        <table className="table" data-testid="evaluation-provinces">
          <caption>{t('central.evalCaption', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('central.province')}</th>
              <th scope="col" className="num">
                {t('central.evalTotal')}
              </th>
              <th scope="col" className="num">
                {t('central.evalOpen')}
              </th>
              <th scope="col" className="num">
                {t('central.evalSubmitted')}
              </th>
              <th scope="col" className="num">
                {t('central.evalReviewed')}
              </th>
              <th scope="col" className="num">
                {t('central.evalLate')}
              </th>
              <th scope="col" className="num">
                {t('central.done')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.org.code} data-org={r.org.code}>
                <th scope="row">
                  <Link href={`/province?org=${r.org.code}&cycle=${year}`}>{pick(r.org.name)}</Link>
                </th>
                <td className="num">{r.total}</td>
                <td className="num">{r.open}</td>
                <td className="num">{r.submitted}</td>
                <td className="num">{r.reviewed}</td>
                <td className="num">{r.late}</td>
                <td className="num">{percent(r.submitted + r.reviewed, r.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * Open the evaluation phase (POST …/evaluations/open, 202) after a confirmation; the page then follows it. The dialog
 * asks the API what is not ready (GET …/evaluations/readiness) and shows it; the confirm button is disabled when the
 * API would refuse (409 EVALUATION_NOT_READY), so the page never offers what the server does not allow.
 */
function OpenEvaluations({ year, onOpened }: { year: number; onOpened(): void }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const readiness = useResource<EvaluationReadiness>(open ? `/api/cycles/${year}/evaluations/readiness` : null);
  const r = readiness.data;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/cycles/${year}/evaluations/open`, {});
      setOpen(false);
      onOpened();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', { zh: String(e), en: String(e) }));
      readiness.reload();
    } finally {
      setBusy(false);
    }
  };
  const items = (list: EvaluationReadiness['targets']['drafting'], count: number) => (
    <>
      {list.map((x) => `${pick(x.orgName)}${t('evalOpen.itemSep')}${pick(x.fundName)}`).join(t('evalOpen.listSep'))}
      {count > list.length ? t('evalOpen.andMore', { count: count - list.length }) : ''}
    </>
  );
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
      >
        {t('evalOpen.button')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('evalOpen.title')}
        confirmLabel={t('evalOpen.confirm', { year })}
        busy={busy}
        confirmDisabled={!r?.ready}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        <p>{t('evalOpen.explain', { year })}</p>
        {readiness.loading && !r ? <Loading /> : null}
        {readiness.error ? <ErrorNotice error={readiness.error} /> : null}
        {r ? (
          <div data-testid="evaluation-readiness">
            <p>
              {t('evalOpen.targets', {
                total: r.targets.total,
                issued: r.targets.issued,
                drafting: r.targets.byStatus.drafting ?? 0,
                inReview: r.targets.total - r.targets.issued - (r.targets.byStatus.drafting ?? 0),
              })}
            </p>
            {r.notReady.length > 0 ? (
              <div className="notice notice-error" role="status">
                <p>{t('evalOpen.notReady')}</p>
                <ul>
                  {r.notReady.map((n) => (
                    <li key={n.code}>{pick(n.message)}</li>
                  ))}
                </ul>
              </div>
            ) : (
              <p role="status">{t('evalOpen.ready')}</p>
            )}
            {r.targets.inReview.length > 0 ? (
              <p>
                {t('evalOpen.inReviewList')}
                {items(r.targets.inReview, r.targets.total - r.targets.issued - (r.targets.byStatus.drafting ?? 0))}
              </p>
            ) : null}
            {r.targets.drafting.length > 0 ? (
              <p>
                {t('evalOpen.draftingList', { count: r.targets.byStatus.drafting ?? 0 })}
                {items(r.targets.drafting, r.targets.byStatus.drafting ?? 0)}
              </p>
            ) : null}
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}
      </ConfirmDialog>
    </>
  );
}

/** journey-central: links to central's own screens of the cycle, in the order of the cycle. */
function CentralSteps({ year }: { year: number }) {
  const { t } = useI18n();
  return (
    <nav className="card" aria-labelledby="central-steps-title">
      <h2 id="central-steps-title">{t('cs.title')}</h2>
      <ul className="goals" data-testid="central-steps">
        <li>
          <Link href={`/central/targets?cycle=${year}`}>{t('page.centralTargets')}</Link>
        </li>
        <li>
          <Link href={`/central/monitoring?cycle=${year}`}>{t('page.monitoringConfig')}</Link>
        </li>
        <li>
          <Link href={`/central/assessments?cycle=${year}`}>{t('page.assessment')}</Link>
        </li>
        <li>
          <Link href={`/central/publication?cycle=${year}`}>{t('page.publication')}</Link>
        </li>
      </ul>
    </nav>
  );
}
