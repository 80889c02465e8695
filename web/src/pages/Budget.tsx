import { type FormEvent, useEffect, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { ResultUseView } from '#shared/results/results';
import type { BudgetImportResult } from '#shared/targets/budget-import';
import type { CellError } from '#shared/targets/budget-sheet';
import type { BudgetView } from '#shared/targets/budgets';
import type { BudgetInputLine, BudgetLineName } from '#shared/targets/records';
import { type ApiError, asApiError, download, post, postFile, put, request } from '../api.ts';
import { selectedYear } from '../components/Cycle.tsx';
import { fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { ErrorNotice } from '../components/Notices.tsx';
import type { TargetView } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { gradeLabel, statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const INPUT_LINES: BudgetInputLine[] = [
  'contributionIncome',
  'subsidy',
  'interestIncome',
  'otherIncome',
  'benefits',
  'otherExpenditure',
  'openingBalance',
];
const ALL_LINES: BudgetLineName[] = [
  'contributionIncome',
  'subsidy',
  'interestIncome',
  'otherIncome',
  'income',
  'benefits',
  'otherExpenditure',
  'expenditure',
  'surplus',
  'openingBalance',
  'closingBalance',
];
const empty = () => Object.fromEntries(INPUT_LINES.map((l) => [l, ''])) as Record<BudgetInputLine, string>;

/**
 * 预算 (R4.2, 第七条): the unit's finance arranges a fund's budget by its lines (`POST /api/budgets`), refused while the
 * fund has no approved target (the page then says in words what must be approved first); once arranged the page
 * shows the budget in force, its versions, the adjustment in review and the final accounts, proposes an adjustment
 * (reviewed like a target) or records the final accounts after the year; and imports the budget system's Excel export,
 * each refused cell listed.
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
  const [budget, setBudget] = useState<BudgetView | null>(null);
  const [lines, setLines] = useState(empty);
  const [reason, setReason] = useState('');
  const [mode, setMode] = useState<'adjust' | 'final'>('adjust');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ids = { fund: useId(), reason: useId(), form: useId() };
  const issues = fieldIssues(error);
  const fundIssues = issuesAt(issues, 'fund');
  const fundName = (code: string) => pick(funds.data?.find((f) => f.code === code)?.name) || code;
  const refusedTarget = targets.data?.find((x) => x.fund === refused);
  const path = year && fund ? `/api/cycles/${year}/budgets/${org}/${fund}` : null;

  const load = async () => {
    if (!path) return setBudget(null);
    try {
      setBudget(await request<BudgetView>(path));
    } catch (err) {
      const e = asApiError(err);
      setBudget(null);
      if (e.status !== 404) setError(e);
    }
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the year or fund changes
  useEffect(() => {
    setError(null);
    setDone(null);
    setRefused(null);
    void load();
  }, [path]);

  const trimmed = () => Object.fromEntries(INPUT_LINES.map((l) => [l, lines[l].trim()]));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!year || !fund) return;
    setBusy(true);
    setError(null);
    setRefused(null);
    setDone(null);
    try {
      if (!budget) {
        const res = await post<BudgetView>('/api/budgets', { year, org, fund, lines: trimmed() });
        setBudget(res);
        setDone(
          t('jprovince.budget.done', { fund: fundName(fund), amount: res.lines.expenditure, v: res.targetVersion }),
        );
      } else if (mode === 'adjust') {
        setBudget(
          await post<BudgetView>(`${path}/adjust`, {
            lines: trimmed(),
            reason: reason.trim(),
            version: budget.version,
          }),
        );
        setDone(t('budget.adjustSent'));
      } else {
        setBudget(await put<BudgetView>(`${path}/final-accounts`, { lines: trimmed(), version: budget.version }));
        setDone(t('budget.finalSaved'));
      }
      setLines(empty());
      setReason('');
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

  const shown = error && !issues.length;
  const inReview =
    budget?.adjustment && ['preliminary-review', 'finance-review', 'approved'].includes(budget.adjustment.status);
  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.budget')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
      </div>
      <p className="lead">{t('jprovince.budget.lead', { year: year ?? '' })}</p>
      <div className="card">
        <div className="field">
          <label htmlFor={ids.fund}>{t('items.fund')}</label>
          <select
            id={ids.fund}
            value={fund}
            aria-invalid={fundIssues.length > 0 || undefined}
            onChange={(e) => setFund(e.target.value)}
          >
            <option value="">{t('jprovince.budget.chooseFund')}</option>
            {(funds.data ?? []).map((f) => (
              <option key={f.code} value={f.code}>
                {pick(f.name)}
              </option>
            ))}
          </select>
        </div>
        {fund && !budget ? <p className="muted">{t('budget.none')}</p> : null}
      </div>

      {year && fund ? <PreviousResult year={year - 1} org={org} fund={fund} /> : null}
      {budget ? <BudgetCard budget={budget} /> : null}

      {fund ? (
        <form onSubmit={onSubmit} className="card" noValidate aria-labelledby={ids.form} data-testid="budget-form">
          <h2 id={ids.form}>
            {!budget
              ? t('jprovince.budget.submit')
              : mode === 'adjust'
                ? t('budget.mode.adjust')
                : t('budget.mode.final')}
          </h2>
          {budget ? (
            <fieldset className="field">
              <button
                type="button"
                className="button"
                aria-pressed={mode === 'adjust'}
                onClick={() => setMode('adjust')}
              >
                {t('budget.mode.adjust')}
              </button>{' '}
              <button
                type="button"
                className="button"
                aria-pressed={mode === 'final'}
                disabled={!budget.yearOver}
                onClick={() => setMode('final')}
              >
                {t('budget.mode.final')}
              </button>
            </fieldset>
          ) : null}
          <p className="hint">{t('jprovince.budget.amountHint')}</p>
          {INPUT_LINES.map((l) => (
            <LineField
              key={l}
              line={l}
              value={lines[l]}
              errors={issuesAt(issues, `lines.${l}`).map((x) => pick(x.message))}
              onChange={(v) => setLines((s) => ({ ...s, [l]: v }))}
            />
          ))}
          {budget && mode === 'adjust' ? (
            <div className="field">
              <label htmlFor={ids.reason}>{t('budget.reason')}</label>
              <textarea id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} />
            </div>
          ) : null}
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
          {shown ? <ErrorNotice error={error} /> : null}
          {done ? (
            <p className="notice" role="status" data-testid="budget-done">
              {done}
            </p>
          ) : null}
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || Boolean(budget && mode === 'adjust' && inReview)}
          >
            {!budget
              ? t('jprovince.budget.submit')
              : mode === 'adjust'
                ? t('budget.submitAdjust')
                : t('budget.submitFinal')}
          </button>
        </form>
      ) : null}

      {year ? <ImportCard year={year} org={org} onImported={() => void load()} /> : null}
    </section>
  );
}

function LineField(props: { line: BudgetInputLine; value: string; errors: string[]; onChange(v: string): void }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t(`budget.line.${props.line}` as Key)}</label>
      <input
        id={id}
        inputMode="decimal"
        value={props.value}
        aria-invalid={props.errors.length > 0 || undefined}
        aria-describedby={props.errors.length ? `${id}-err` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.errors.length ? (
        <span id={`${id}-err`} className="field-error">
          {props.errors.join('；')}
        </span>
      ) : null}
    </div>
  );
}

/**
 * 结果应用 (第二十条) beside the arrangement: the previous year's result of this region × fund, what central's rules
 * require of it, the administration's proposal and finance's decision (the arrangement is refused while one is
 * missing).
 */
function PreviousResult({ year, org, fund }: { year: number; org: string; fund: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const view = useResource<ResultUseView>(`/api/cycles/${year}/results/${org}/${fund}`);
  const v = view.data;
  if (!v?.result) return null;
  const requires = (list: string[]) => list.map((x) => t(`results.requires.${x}` as Key)).join('、');
  return (
    <section className="card" data-testid="budget-previous-result">
      <h2>{t('budget.previousResult', { year })}</h2>
      <p>
        {v.result.score} · {gradeLabel(i18n, v.result.grade)}
        {v.requires.length ? `；${t('results.requiresHead')}：${requires(v.requires)}` : ''}
      </p>
      {v.proposal ? <p>{v.proposal.text}</p> : null}
      <p>
        {t(`results.tracking.${v.tracking}` as Key)}
        {v.decision?.reason ? `：${v.decision.reason}` : ''}
        {v.missing.length ? `；${t('results.missing', { what: requires(v.missing) })}` : ''}
      </p>
    </section>
  );
}

function BudgetCard({ budget }: { budget: BudgetView }) {
  const { t } = useI18n();
  const a = budget.adjustment;
  return (
    <section className="card" data-testid="budget-record">
      <h2>{t('budget.current', { v: budget.budgetVersion })}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('budget.lines')}</th>
              <th scope="col">{t('budget.current', { v: budget.budgetVersion })}</th>
              {budget.finalAccounts ? <th scope="col">{t('budget.finalAccounts')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {ALL_LINES.map((l) => (
              <tr key={l}>
                <th scope="row">{t(`budget.line.${l}` as Key)}</th>
                <td className="num">{budget.lines[l]}</td>
                {budget.finalAccounts ? <td className="num">{budget.finalAccounts.lines[l]}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {budget.execution ? (
        <p data-testid="budget-execution">
          {t('budget.execution', {
            income: budget.execution.income ?? '—',
            expenditure: budget.execution.expenditure ?? '—',
          })}
        </p>
      ) : null}
      {a ? (
        <div className="notice" data-testid="budget-adjustment">
          <p>
            {t('budget.adjustment', {
              round: a.round,
              status: t(`budget.adjustment.${a.status}` as Key),
            })}
          </p>
          {a.lastComment ? <p>{t('budget.returnedWith', { text: a.lastComment.text })}</p> : null}
        </div>
      ) : null}
      <h3>{t('budget.versions')}</h3>
      <ul data-testid="budget-versions">
        {budget.versions.map((v) => (
          <li key={v.budgetVersion}>
            {t('budget.version', { v: v.budgetVersion })}：{t(`budget.kind.${v.kind}` as Key)}，
            {t('budget.line.expenditure')}
            {v.lines.expenditure}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ImportCard({ year, org, onImported }: { year: number; org: string; onImported(): void }) {
  const { t, pick } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'budget' | 'final-accounts'>('budget');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<BudgetImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const id = useId();
  const cells = ((error?.details as { errors?: CellError[] } | undefined)?.errors ?? []) as CellError[];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setError(null);
    if (!file) return;
    setBusy(true);
    try {
      setResult(
        await postFile<BudgetImportResult>(`/api/budgets/import?year=${year}&org=${org}&kind=${kind}`, file, XLSX),
      );
      onImported();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="budget-import">
      <h2 id={`${id}-title`}>{t('budget.import')}</h2>
      <p className="muted">{t('budget.importLead')}</p>
      <p>
        <button
          type="button"
          className="button"
          onClick={() => download('/api/budgets/template', 'budget.xlsx').catch((e) => setError(asApiError(e)))}
        >
          {t('budget.template')}
        </button>
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t('budget.importKind')}</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => setKind(e.target.value as 'budget' | 'final-accounts')}
          >
            <option value="budget">{t('budget.importKind.budget')}</option>
            <option value="final-accounts">{t('budget.importKind.final-accounts')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('budget.importFile')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="button button-primary" disabled={busy || !file}>
          {t('budget.importSubmit')}
        </button>
      </form>
      {result ? (
        <p className="notice" role="status" data-testid="budget-imported">
          {result.written.length ? t('budget.imported', { count: result.written.length }) : t('budget.importedAgain')}
        </p>
      ) : null}
      {error && cells.length ? (
        <div className="table-wrap" role="alert">
          <table className="table" data-testid="budget-import-errors">
            <caption>{t('budget.importErrors', { count: cells.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('budget.sheet')}</th>
                <th scope="col">{t('budget.cell')}</th>
                <th scope="col">{t('budget.field')}</th>
                <th scope="col">{t('budget.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {cells.map((c) => (
                <tr key={`${c.sheet}-${c.cell}-${c.code}`}>
                  <td>{c.sheet}</td>
                  <th scope="row">{c.cell}</th>
                  <td>{c.field && c.field !== 'fund' ? t(`budget.line.${c.field}` as Key) : t('items.fund')}</td>
                  <td>{pick(c.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : error ? (
        <ErrorNotice error={error} />
      ) : null}
    </section>
  );
}
