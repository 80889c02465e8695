import { type FormEvent, useEffect, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { Indicator, IndicatorInput } from '#shared/reference/indicators';
import type { RulesDraftInput, viewRules } from '#shared/rules/rules';
import { type ApiError, asApiError, post, put } from '../api.ts';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { type FieldIssue, fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDate } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { PageProps } from '../routes.tsx';

/**
 * 实施细则 (第二十四条, R24.1): a province's finance drafts its own indicators, re-weights within central's bounds and
 * internal deadlines, saves and submits them to central; central sees every province's, each re-weight beside its
 * national weight, and decides on its task page (the mail's link). Every refusal is shown at its field.
 */
type View = Awaited<ReturnType<typeof viewRules>>;
type Rules = View['rules'][number];
type Addition = IndicatorInput;
type Reweight = { id: string; fund?: string; weight: string };

/** A province's own indicator as the page drafts it: qualitative, scored by grade against its target grade. */
function newAddition(id: string, name: string, fund: string, weight: string, province: string): Addition {
  return {
    id,
    name: { zh: name, en: name },
    definition: { zh: name, en: name },
    category: 'output',
    subDimension: 'quality',
    nature: 'qualitative',
    unit: '等级',
    dataSource: { zh: '省级实施细则', en: 'Provincial implementation rules' },
    direction: 'higher-better',
    precision: 0,
    weight,
    funds: [fund],
    origin: 'provincial',
    province,
    defaultTarget: { grade: '优' },
  };
}

/** A stored end-of-day instant as its Asia/Shanghai day (`YYYY-MM-DD`), for a date input. */
const dayOf = (instant: string | undefined) =>
  instant ? new Date(Date.parse(instant) + 8 * 3600_000).toISOString().slice(0, 10) : '';

function Errors({ issues, id }: { issues: FieldIssue[]; id?: string }) {
  const { pick } = useI18n();
  if (!issues.length) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {issues.map((x) => pick(x.message)).join('；')}
    </span>
  );
}

export default function ProvincialRules({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const central = me?.tier === 'central';
  const province = central ? (query.get('province') ?? undefined) : me?.orgCode;
  const view = useResource<View>(year ? `/api/cycles/${year}/rules${province ? `?province=${province}` : ''}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const fundName = (code: string | undefined) => pick(funds.data?.find((f) => f.code === code)?.name) || code || '';

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.rules')} <span className="subtitle">{central ? t('rules.everyProvince') : pick(me?.org?.name)}</span>
        </h1>
        <CyclePicker cycles={cycles.data ?? []} year={year} />
      </div>
      <p className="lead">{t('rules.lead')}</p>
      {view.error ? <ErrorNotice error={view.error} /> : null}
      {view.loading && !view.data ? <Loading /> : null}
      {view.data ? (
        <p className="hint" data-testid="rules-bounds">
          {t('rules.bounds', {
            share: Number(view.data.bounds.maxReweightShare) * 100,
            points: view.data.bounds.maxAddedPoints,
            self: formatDate(view.data.central.selfEvaluation, lang),
            review: formatDate(view.data.central.provincialReview, lang),
          })}
        </p>
      ) : null}
      {view.data && central ? <CentralList rules={view.data.rules} fundName={fundName} /> : null}
      {view.data && !central && year && province ? (
        <Editor
          year={year}
          province={province}
          rules={view.data.rules[0]}
          funds={funds.data ?? []}
          fundName={fundName}
          onSaved={() => view.reload()}
        />
      ) : null}
    </section>
  );
}

function Status({ rules }: { rules: Rules | undefined }) {
  const { t } = useI18n();
  if (!rules) return <p data-testid="rules-status">{t('rules.none')}</p>;
  return (
    <div data-testid="rules-status">
      <p>
        {t('rules.status', { status: t(`rules.status.${rules.status}`) })}
        {rules.issued ? ` ${t('rules.inForce', { v: rules.issued.version })}` : ''}
      </p>
      {rules.lastComment && rules.status === 'drafting' ? (
        <p className="notice notice-warning">{t('rules.returned', { comment: rules.lastComment.text })}</p>
      ) : null}
    </div>
  );
}

function ReweightTable({ rules, fundName }: { rules: Rules['draft']; fundName: (c?: string) => string }) {
  const { t, pick } = useI18n();
  if (!rules.reweights.length) return <p>{t('rules.noReweights')}</p>;
  return (
    <table className="table" data-testid="rules-reweights">
      <caption>{t('rules.reweights')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rules.indicator')}</th>
          <th scope="col">{t('items.fund')}</th>
          <th scope="col">{t('rules.nationalWeight')}</th>
          <th scope="col">{t('rules.newWeight')}</th>
        </tr>
      </thead>
      <tbody>
        {rules.reweights.map((r) => (
          <tr key={`${r.id}-${r.fund ?? ''}`}>
            <td>{pick(r.name) || r.id}</td>
            <td>{r.fund ? fundName(r.fund) : t('rules.allFunds')}</td>
            <td>{r.national.map((n) => n.weight).join('、')}</td>
            <td>{r.weight}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AdditionTable({ additions, fundName }: { additions: Indicator[]; fundName: (c?: string) => string }) {
  const { t, pick } = useI18n();
  if (!additions.length) return <p>{t('rules.noAdditions')}</p>;
  return (
    <table className="table" data-testid="rules-additions">
      <caption>{t('rules.additions')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('rules.indicator')}</th>
          <th scope="col">{t('items.fund')}</th>
          <th scope="col">{t('rules.points')}</th>
        </tr>
      </thead>
      <tbody>
        {additions.map((a) => (
          <tr key={a.id}>
            <td>{pick(a.name)}</td>
            <td>{a.funds === 'all' ? t('rules.allFunds') : a.funds.map((f) => fundName(f)).join('、')}</td>
            <td>{a.weight}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Central: every province's rules, the re-weights beside the national weights. */
function CentralList({ rules, fundName }: { rules: Rules[]; fundName: (c?: string) => string }) {
  const { t, pick, lang } = useI18n();
  if (!rules.length) return <Empty>{t('rules.noneYet')}</Empty>;
  return (
    <>
      {rules.map((r) => (
        <article key={r.province} className="card" data-testid={`rules-${r.province}`}>
          <h2>{pick(r.provinceName)}</h2>
          <Status rules={r} />
          <AdditionTable additions={r.draft.additions} fundName={fundName} />
          <ReweightTable rules={r.draft} fundName={fundName} />
          <p>
            {t('rules.selfEvaluationDue')}：
            {r.draft.deadlines.selfEvaluation ? formatDate(r.draft.deadlines.selfEvaluation, lang) : t('rules.central')}
            {'　'}
            {t('rules.reviewDue')}：
            {r.draft.deadlines.provincialReview
              ? formatDate(r.draft.deadlines.provincialReview, lang)
              : t('rules.central')}
          </p>
        </article>
      ))}
    </>
  );
}

/** The province's finance: its own indicators, re-weights and deadlines; save, then submit. */
function Editor(props: {
  year: number;
  province: string;
  rules: Rules | undefined;
  funds: Fund[];
  fundName: (c?: string) => string;
  onSaved: () => void;
}) {
  const { year, province, rules, funds, fundName, onSaved } = props;
  const { t, pick } = useI18n();
  const [additions, setAdditions] = useState<Addition[]>([]);
  const [reweights, setReweights] = useState<Reweight[]>([]);
  const [selfDue, setSelfDue] = useState('');
  const [reviewDue, setReviewDue] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the add-an-indicator and re-weight forms
  const [fund, setFund] = useState('');
  const [addName, setAddName] = useState('');
  const [addId, setAddId] = useState('');
  const [addWeight, setAddWeight] = useState('');
  const [rwId, setRwId] = useState('');
  const [rwWeight, setRwWeight] = useState('');
  const national = useResource<Indicator[]>(fund ? `/api/indicators?fund=${fund}` : null, { cache: true });
  const ids = {
    fund: useId(),
    addName: useId(),
    addId: useId(),
    addWeight: useId(),
    rwId: useId(),
    rwWeight: useId(),
    self: useId(),
    review: useId(),
    selfErr: useId(),
    reviewErr: useId(),
  };

  useEffect(() => {
    if (!rules) return;
    setAdditions(rules.draft.additions);
    setReweights(rules.draft.reweights.map(({ id, fund, weight }) => ({ id, weight, ...(fund ? { fund } : {}) })));
    setSelfDue(dayOf(rules.draft.deadlines.selfEvaluation));
    setReviewDue(dayOf(rules.draft.deadlines.provincialReview));
  }, [rules]);

  const issues = fieldIssues(error);
  const editable = !rules || rules.status === 'drafting' || rules.status === 'issued';
  const draft = (): RulesDraftInput => ({
    additions,
    reweights,
    deadlines: {
      ...(selfDue ? { selfEvaluation: selfDue } : {}),
      ...(reviewDue ? { provincialReview: reviewDue } : {}),
    },
  });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await put(`/api/cycles/${year}/rules/${province}`, { ...draft(), ...(rules ? { version: rules.version } : {}) });
      setDone(t('rules.saved'));
      onSaved();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await post(`/api/cycles/${year}/rules/${province}/submit`, {});
      setDone(t('rules.submitted'));
      onSaved();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };
  const addIndicator = () => {
    if (!fund || !addId.trim() || !addName.trim() || !addWeight.trim()) return;
    setAdditions([...additions, newAddition(addId.trim(), addName.trim(), fund, addWeight.trim(), province)]);
    setAddId('');
    setAddName('');
    setAddWeight('');
  };
  const addReweight = () => {
    if (!fund || !rwId || !rwWeight.trim()) return;
    setReweights([...reweights, { id: rwId, fund, weight: rwWeight.trim() }]);
    setRwId('');
    setRwWeight('');
  };
  const nameOf = (id: string) => pick(national.data?.find((i) => i.id === id)?.name) || id;

  return (
    <form onSubmit={save} className="card" noValidate data-testid="rules-editor">
      <Status rules={rules} />
      <div className="field">
        <label htmlFor={ids.fund}>{t('items.fund')}</label>
        <select id={ids.fund} value={fund} onChange={(e) => setFund(e.target.value)} disabled={!editable}>
          <option value="">{t('jprovince.budget.chooseFund')}</option>
          {funds.map((f) => (
            <option key={f.code} value={f.code}>
              {pick(f.name)}
            </option>
          ))}
        </select>
      </div>

      <fieldset>
        <legend>{t('rules.additions')}</legend>
        <ul data-testid="rules-addition-list">
          {additions.map((a, i) => (
            <li key={a.id}>
              {pick(a.name)}（{a.funds === 'all' ? t('rules.allFunds') : a.funds.map((f) => fundName(f)).join('、')}，
              {t('rules.pointsOf', { points: a.weight })}）
              {editable ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => setAdditions(additions.filter((_, j) => j !== i))}
                >
                  {t('rules.remove')}
                </button>
              ) : null}
              <Errors issues={issuesAt(issues, `additions.${i}`)} />
            </li>
          ))}
        </ul>
        <Errors issues={issues.filter((x) => x.path === 'additions')} />
        {editable ? (
          <div className="inline-fields">
            <div className="field">
              <label htmlFor={ids.addName}>{t('rules.addName')}</label>
              <input id={ids.addName} value={addName} onChange={(e) => setAddName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.addId}>{t('rules.addId')}</label>
              <input id={ids.addId} value={addId} onChange={(e) => setAddId(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={ids.addWeight}>{t('rules.points')}</label>
              <input
                id={ids.addWeight}
                inputMode="decimal"
                value={addWeight}
                onChange={(e) => setAddWeight(e.target.value)}
              />
            </div>
            <button type="button" className="button" onClick={addIndicator} disabled={!fund}>
              {t('rules.addIndicator')}
            </button>
          </div>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t('rules.reweights')}</legend>
        <ul data-testid="rules-reweight-list">
          {reweights.map((r, i) => (
            <li key={`${r.id}-${r.fund ?? ''}`}>
              {nameOf(r.id)}（{r.fund ? fundName(r.fund) : t('rules.allFunds')}）→{' '}
              {t('rules.pointsOf', { points: r.weight })}
              {editable ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => setReweights(reweights.filter((_, j) => j !== i))}
                >
                  {t('rules.remove')}
                </button>
              ) : null}
              <Errors issues={issuesAt(issues, `reweights.${i}`)} />
            </li>
          ))}
        </ul>
        <Errors issues={issues.filter((x) => x.path === 'reweights')} />
        {editable ? (
          <div className="inline-fields">
            <div className="field">
              <label htmlFor={ids.rwId}>{t('rules.indicator')}</label>
              <select id={ids.rwId} value={rwId} onChange={(e) => setRwId(e.target.value)} disabled={!fund}>
                <option value="">{t('rules.chooseIndicator')}</option>
                {(national.data ?? []).map((i) => (
                  <option key={i.id} value={i.id}>
                    {pick(i.name)}（{(i as Indicator & { fundWeight?: string }).fundWeight ?? i.weight}）
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={ids.rwWeight}>{t('rules.newWeight')}</label>
              <input
                id={ids.rwWeight}
                inputMode="decimal"
                value={rwWeight}
                onChange={(e) => setRwWeight(e.target.value)}
              />
            </div>
            <button type="button" className="button" onClick={addReweight} disabled={!fund}>
              {t('rules.addReweight')}
            </button>
          </div>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t('rules.deadlines')}</legend>
        <div className="field">
          <label htmlFor={ids.self}>{t('rules.selfEvaluationDue')}</label>
          <input
            id={ids.self}
            type="date"
            value={selfDue}
            disabled={!editable}
            aria-invalid={issuesAt(issues, 'deadlines.selfEvaluation').length > 0 || undefined}
            aria-describedby={issuesAt(issues, 'deadlines.selfEvaluation').length ? ids.selfErr : undefined}
            onChange={(e) => setSelfDue(e.target.value)}
          />
          <Errors id={ids.selfErr} issues={issuesAt(issues, 'deadlines.selfEvaluation')} />
        </div>
        <div className="field">
          <label htmlFor={ids.review}>{t('rules.reviewDue')}</label>
          <input
            id={ids.review}
            type="date"
            value={reviewDue}
            disabled={!editable}
            aria-invalid={issuesAt(issues, 'deadlines.provincialReview').length > 0 || undefined}
            aria-describedby={issuesAt(issues, 'deadlines.provincialReview').length ? ids.reviewErr : undefined}
            onChange={(e) => setReviewDue(e.target.value)}
          />
          <Errors id={ids.reviewErr} issues={issuesAt(issues, 'deadlines.provincialReview')} />
        </div>
      </fieldset>

      {error && issues.length === 0 ? <ErrorNotice error={error} /> : null}
      {error && issues.length > 0 ? (
        <p className="notice notice-warning" role="alert" data-testid="rules-refused">
          {pick(error.text)}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status" data-testid="rules-done">
          {done}
        </p>
      ) : null}
      {editable ? (
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t('rules.save')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={busy || rules?.status !== 'drafting'}
            onClick={submit}
          >
            {t('rules.submit')}
          </button>
        </div>
      ) : null}
    </form>
  );
}
