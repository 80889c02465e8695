import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Fund } from '#shared/reference/funds';
import type { listResultUses } from '#shared/results/results';
import { type ApiError, asApiError, put } from '../api.ts';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { fieldIssues, issuesAt } from '../components/FieldIssues.tsx';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { gradeLabel } from '../labels.ts';
import type { PageProps } from '../routes.tsx';

type Row = Awaited<ReturnType<typeof listResultUses>>['rows'][number];
type Mode = { kind: 'propose' | 'decide'; row: Row };

/** The fund line an administration serves (人社: hrss, 医保: medsec); none for other departments. */
const LINE_OF: Record<string, string> = { 'hrss-admin': 'hrss', 'medsec-admin': 'medsec' };

/**
 * 结果应用 (第二十条, R20.1, R5.2): the cycle's results in scope, those awaiting finance's decision first
 * (`GET /api/cycles/{year}/results`). The administration (人社/医保 行政部门) proposes how a result of its fund line is
 * used (`PUT …/results/{org}/{fund}/proposal`, with an improvement plan where the rules ask for one); the finance
 * department of that organisation decides — applied or not, and why (`PUT …/decision`); the row then shows the tracking.
 */
export default function Results({ me, query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const org = me?.orgCode ?? '';
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const list = useResource<Awaited<ReturnType<typeof listResultUses>>>(year ? `/api/cycles/${year}/results` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const [mode, setMode] = useState<Mode | null>(null);
  const [text, setText] = useState('');
  const [plan, setPlan] = useState('');
  const [applied, setApplied] = useState<'yes' | 'no' | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ids = {
    text: useId(),
    textErr: useId(),
    plan: useId(),
    planErr: useId(),
    planHint: useId(),
    appliedErr: useId(),
    reason: useId(),
    reasonErr: useId(),
  };
  const issues = fieldIssues(error);
  const at = (path: string) => issuesAt(issues, path);
  const fundOf = (code: string) => funds.data?.find((f) => f.code === code);
  const fundName = (code: string) => pick(fundOf(code)?.name) || code;
  const line = me ? LINE_OF[me.department] : undefined;
  const mayPropose = (r: Row) =>
    line !== undefined &&
    r.decision === null &&
    fundOf(r.fund)?.line === line &&
    (me?.lines === undefined || me.lines.includes(line as 'hrss' | 'medsec'));
  const mayDecide = (r: Row) => me?.department === 'finance' && r.org === org && r.awaitingDecision;
  const requiresText = (r: Row) =>
    r.requires.length ? r.requires.map((x) => t(`results.requires.${x}` as Key)).join('、') : t('results.none');
  const trackingText = (r: Row) => t(`results.tracking.${r.tracking}` as Key);
  const rowKey = (r: Row) => `${r.org}/${r.fund}`;
  const needsPlan = mode?.row.requires.includes('improvement-plan') ?? false;

  const open = (kind: Mode['kind'], row: Row) => {
    setMode({ kind, row });
    setError(null);
    setNotice(null);
    setText(row.proposal?.text ?? '');
    setPlan(row.proposal?.improvementPlan ?? '');
    setApplied('');
    setReason('');
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!mode || !year) return;
    const { row } = mode;
    const path = `/api/cycles/${year}/results/${row.org}/${row.fund}`;
    setBusy(true);
    setError(null);
    try {
      if (mode.kind === 'propose') {
        await put(`${path}/proposal`, { text, ...(plan.trim() ? { improvementPlan: plan } : {}) });
        setNotice(t('results.proposed', { unit: pick(row.orgName), fund: fundName(row.fund) }));
      } else {
        await put(`${path}/decision`, { applied: applied === 'yes', reason });
        setNotice(
          t(applied === 'yes' ? 'results.decidedApplied' : 'results.decidedNotApplied', {
            unit: pick(row.orgName),
            fund: fundName(row.fund),
          }),
        );
      }
      setMode(null);
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const rows = list.data?.rows ?? [];
  const fieldError = (id: string, path: string) =>
    at(path).length ? (
      <span id={id} className="field-error">
        {at(path)
          .map((x) => pick(x.message))
          .join('；')}
      </span>
    ) : null;

  return (
    <section>
      <div className="page-head">
        <h1>
          {t('page.results')} <span className="subtitle">{pick(me?.org?.name) || org}</span>
        </h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p className="lead">{t('results.lead', { year: year ?? '', next: year ? year + 1 : '' })}</p>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {notice ? (
        <p className="notice" role="status" data-testid="results-notice">
          {notice}
        </p>
      ) : null}
      {list.data && rows.length === 0 ? <Empty>{t('results.empty')}</Empty> : null}
      {rows.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="results">
            <caption>{t('results.caption', { year: year ?? '', count: rows.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('province.region')}</th>
                <th scope="col">{t('items.fund')}</th>
                <th scope="col">{t('results.score')}</th>
                <th scope="col">{t('results.requiresHead')}</th>
                <th scope="col">{t('results.proposal')}</th>
                <th scope="col">{t('results.trackingHead')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={rowKey(r)}
                  data-item={rowKey(r)}
                  data-tracking={r.tracking}
                  data-awaiting={r.awaitingDecision || undefined}
                >
                  <th scope="row">{pick(r.orgName)}</th>
                  <td>{fundName(r.fund)}</td>
                  <td>
                    {r.result.score} · {gradeLabel(i18n, r.result.grade)}
                  </td>
                  <td>{requiresText(r)}</td>
                  <td>
                    {r.proposal ? (
                      <>
                        <p>{r.proposal.text}</p>
                        {r.proposal.improvementPlan ? (
                          <p>{t('results.planIs', { plan: r.proposal.improvementPlan })}</p>
                        ) : null}
                        <p className="hint">
                          <time dateTime={r.proposal.at}>{formatDateTime(r.proposal.at, lang)}</time>
                        </p>
                      </>
                    ) : (
                      t('results.noProposal')
                    )}
                  </td>
                  <td data-testid="results-tracking">
                    <p>{trackingText(r)}</p>
                    {r.decision ? (
                      <>
                        <p>{t('results.reasonIs', { reason: r.decision.reason })}</p>
                        <p className="hint">
                          <time dateTime={r.decision.at}>{formatDateTime(r.decision.at, lang)}</time>
                        </p>
                      </>
                    ) : r.missing.length ? (
                      <p>
                        {t('results.missing', {
                          what: r.missing.map((x) => t(`results.requires.${x}` as Key)).join('、'),
                        })}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    {mayPropose(r) ? (
                      <button
                        type="button"
                        className="button"
                        aria-label={t('results.proposeOf', {
                          action: t(r.proposal ? 'results.changeProposal' : 'results.propose'),
                          unit: pick(r.orgName),
                          fund: fundName(r.fund),
                        })}
                        onClick={() => open('propose', r)}
                      >
                        {t(r.proposal ? 'results.changeProposal' : 'results.propose')}
                      </button>
                    ) : null}
                    {mayDecide(r) ? (
                      <button
                        type="button"
                        className="button button-primary"
                        aria-label={t('results.decideOf', {
                          action: t('results.decide'),
                          unit: pick(r.orgName),
                          fund: fundName(r.fund),
                        })}
                        onClick={() => open('decide', r)}
                      >
                        {t('results.decide')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {mode ? (
        <form onSubmit={onSubmit} className="card" noValidate aria-labelledby="results-form" data-testid="results-form">
          <h2 id="results-form">
            {t(mode.kind === 'propose' ? 'results.proposeTitle' : 'results.decideTitle', {
              unit: pick(mode.row.orgName),
              fund: fundName(mode.row.fund),
              year: year ?? '',
            })}
          </h2>
          <p>
            {t('results.formResult', {
              score: mode.row.result.score,
              grade: gradeLabel(i18n, mode.row.result.grade),
              requires: requiresText(mode.row),
            })}
          </p>
          {mode.kind === 'propose' ? (
            <>
              <div className="field">
                <label htmlFor={ids.text}>{t('results.text')}</label>
                <textarea
                  id={ids.text}
                  rows={4}
                  value={text}
                  aria-invalid={at('text').length > 0 || undefined}
                  aria-describedby={at('text').length ? ids.textErr : undefined}
                  onChange={(e) => setText(e.target.value)}
                />
                {fieldError(ids.textErr, 'text')}
              </div>
              <div className="field">
                <label htmlFor={ids.plan}>{t(needsPlan ? 'results.planRequired' : 'results.plan')}</label>
                <textarea
                  id={ids.plan}
                  rows={4}
                  value={plan}
                  aria-invalid={at('improvementPlan').length > 0 || undefined}
                  aria-describedby={at('improvementPlan').length ? `${ids.planErr} ${ids.planHint}` : ids.planHint}
                  onChange={(e) => setPlan(e.target.value)}
                />
                <span id={ids.planHint} className="hint">
                  {t(needsPlan ? 'results.planHintRequired' : 'results.planHint')}
                </span>
                {fieldError(ids.planErr, 'improvementPlan')}
              </div>
            </>
          ) : (
            <>
              {mode.row.proposal ? (
                <div className="notice">
                  <p>{t('results.proposalIs', { text: mode.row.proposal.text })}</p>
                  {mode.row.proposal.improvementPlan ? (
                    <p>{t('results.planIs', { plan: mode.row.proposal.improvementPlan })}</p>
                  ) : null}
                </div>
              ) : null}
              <fieldset aria-describedby={at('applied').length ? ids.appliedErr : undefined}>
                <legend>{t('results.decision')}</legend>
                <label className="check">
                  <input type="radio" name="applied" checked={applied === 'yes'} onChange={() => setApplied('yes')} />{' '}
                  {t('results.tracking.applied')}
                </label>
                <label className="check">
                  <input type="radio" name="applied" checked={applied === 'no'} onChange={() => setApplied('no')} />{' '}
                  {t('results.tracking.not-applied')}
                </label>
                {fieldError(ids.appliedErr, 'applied')}
              </fieldset>
              <div className="field">
                <label htmlFor={ids.reason}>{t('results.reason')}</label>
                <textarea
                  id={ids.reason}
                  rows={4}
                  value={reason}
                  aria-invalid={at('reason').length > 0 || undefined}
                  aria-describedby={at('reason').length ? ids.reasonErr : undefined}
                  onChange={(e) => setReason(e.target.value)}
                />
                {fieldError(ids.reasonErr, 'reason')}
              </div>
            </>
          )}
          {error && at('text').length + at('improvementPlan').length + at('reason').length === 0 ? (
            <ErrorNotice error={error} />
          ) : null}
          <div className="actions">
            <button
              type="submit"
              className="button button-primary"
              disabled={busy || (mode.kind === 'decide' && applied === '')}
            >
              {t(mode.kind === 'propose' ? 'results.submitProposal' : 'results.submitDecision')}
            </button>{' '}
            <button type="button" className="button" onClick={() => setMode(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
