import { type FormEvent, useEffect, useId, useState } from 'react';
import type { evaluationView } from '#shared/evaluation/self-evaluation';
import type { MeView as Me } from '#shared/reference/auth';
import type { ExplanationCheck, ExplanationsNeeded } from '#shared/reference/deviation';
import type { Fund } from '#shared/reference/funds';
import type { Indicator, TargetValue } from '#shared/reference/indicators';
import { type ApiError, asApiError, put, request } from '../api.ts';
import { useResource } from '../data.ts';
import { formatTarget, GRADES, may } from '../domain.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel, statusLabel } from '../labels.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { DocumentLink } from './DocumentLink.tsx';
import { DraftDownload } from './DraftDownload.tsx';
import { ErrorNotice, Loading } from './Notices.tsx';
import { ScoreCardTable } from './ScoreCardTable.tsx';
import { issuesOf } from './Targets.tsx';
import { Timeline } from './Timeline.tsx';
import { Upload } from './Upload.tsx';

/** A self-evaluation as `GET /api/cycles/{year}/evaluations?org=` lists it (shared/evaluation/self-evaluation.ts). */
export type Evaluation = ReturnType<typeof evaluationView>;

/**
 * One self-evaluation (region × fund): where it stands; for its submitting department the figures form and the
 * uploads; then the score card, the province's review and the timeline. `onAction` is called after a write whose
 * result the workflow produces later (the page then follows the record until it changes).
 */
export function EvaluationCard({
  evaluation: e,
  fund,
  targets,
  me,
  following,
  onAction,
}: {
  evaluation: Evaluation;
  fund: Fund | undefined;
  /** the unit's approved target values of this fund, by indicator id */
  targets: Map<string, TargetValue>;
  me: Me | null;
  following: boolean;
  /** after a save, or after an upload (whose outcome arrives later) */
  onAction(what?: 'upload'): void;
}) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const titleId = useId();
  const canWrite = e.status === 'awaiting-report' && may(me, 'submitSelfEvaluation', e.org, e.fund);
  const slotPath = `/api/cycles/${e.year}/evaluations/${e.org}/${e.fund}/uploads`;
  const fundName = pick(fund?.name) || e.fund;
  // figures and report in either order: the second of the two sends the self-evaluation on, so it asks first
  const hasFigures = e.actuals.length > 0;
  const hasReport = e.report !== null;
  const toSignOff = (what: string) => ({
    title: t('evaluation.confirmTitle', { fund: fundName }),
    text: t('evaluation.confirmText', { what }),
    label: t('evaluation.confirmLabel'),
  });
  return (
    <section
      className="card"
      aria-labelledby={titleId}
      data-testid={`evaluation-${e.fund}`}
      data-status={e.status}
      aria-busy={following || undefined}
    >
      <h3 id={titleId}>
        {pick(fund?.name) || e.fund}{' '}
        <span className={`badge badge-status-${e.status}`} data-testid="evaluation-status">
          {statusLabel(i18n, e.status)}
        </span>
        {e.late ? <span className="badge badge-late">{t('common.late')}</span> : null}
      </h3>
      <dl className="facts facts-compact">
        <div>
          <dt>{t('items.due')}</dt>
          <dd>
            <time dateTime={e.due}>{formatDateTime(e.due, lang)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('evaluation.report')}</dt>
          <dd>
            {e.report ? (
              <>
                <DocumentLink doc={e.report} label={t('evaluation.report')} /> ·{' '}
                <time dateTime={e.report.at}>{formatDateTime(e.report.at, lang)}</time>
              </>
            ) : (
              t('evaluation.noReport')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('evaluation.score')}</dt>
          <dd data-testid="evaluation-score">{e.score ? `${e.score} · ${gradeLabel(i18n, e.grade)}` : '—'}</dd>
        </div>
      </dl>
      {following ? (
        <p className="notice" role="status">
          {t('evaluation.following')}
        </p>
      ) : null}
      {e.status === 'awaiting-report' && !following ? (
        <p className="notice" role="status" data-testid="evaluation-missing">
          {!hasFigures && !hasReport
            ? t('evaluation.missingBoth')
            : !hasFigures
              ? t('evaluation.missingFigures')
              : !hasReport
                ? t('evaluation.missingReport')
                : t('evaluation.missingNothing')}
        </p>
      ) : null}
      {e.status === 'awaiting-report' && e.returnComment ? (
        <p className="notice notice-warning" data-testid="evaluation-returned">
          {t('evaluation.returned', { comment: e.returnComment })}
        </p>
      ) : null}
      {e.status === 'scoring' ? <p className="muted">{t('evaluation.scoring')}</p> : null}
      {e.status === 'sign-off' ? <p className="muted">{t('evaluation.signOffText')}</p> : null}
      {e.documentErrors.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="document-errors">
          <p>{t('evaluation.documentErrors')}</p>
          <ul>
            {e.documentErrors.map((d) => (
              <li key={`${d.code}-${d.cell ?? ''}-${d.message.en}`}>
                {d.cell ? <code>{d.cell}</code> : null} {pick(d.message)} <span className="muted">({d.code})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {e.missingExplanations.length > 0 ? (
        <div className="notice notice-warning" role="alert">
          <p>{t('evaluation.missingExplanations', { count: e.missingExplanations.length })}</p>
        </div>
      ) : null}
      {e.discrepancies.some((d) => !d.explained) ? (
        <div className="notice notice-warning" role="alert" data-testid="evaluation-discrepancies">
          <p>{t('evaluation.discrepancies', { count: e.discrepancies.filter((d) => !d.explained).length })}</p>
        </div>
      ) : null}
      {canWrite ? (
        <>
          <ActualsForm
            evaluation={e}
            targets={targets}
            onSaved={onAction}
            confirm={hasReport ? toSignOff(t('evaluation.whatFigures')) : undefined}
          />
          <div className="uploads">
            <DraftDownload
              path={`/api/cycles/${e.year}/evaluations/${e.org}/${e.fund}/draft`}
              filename={`self-evaluation-${e.year}-${e.org}-${e.fund}.docx`}
            />
            <Upload
              slotPath={slotPath}
              kind="self-evaluation"
              types={['pdf', 'docx']}
              label={t('evaluation.uploadReport', { fund: fundName })}
              hint={t('evaluation.uploadReportHint')}
              onUploaded={() => onAction('upload')}
              checking={following}
              confirm={hasFigures ? toSignOff(t('evaluation.whatReport')) : undefined}
            />
            <Upload
              slotPath={slotPath}
              kind="template"
              types={['xlsx']}
              label={t('evaluation.uploadTemplate', { fund: fundName })}
              hint={t('evaluation.uploadTemplateHint')}
              onUploaded={() => onAction('upload')}
              checking={following}
              confirm={hasReport ? toSignOff(t('evaluation.whatFigures')) : undefined}
            />
          </div>
        </>
      ) : null}
      {e.scoreCard ? (
        <details className="score-details" open={e.status !== 'awaiting-report'}>
          <summary>{t('evaluation.scoreCard')}</summary>
          <ScoreCardTable fund={e.fund} card={e.scoreCard} caption={t('evaluation.scoreCardCaption')} />
        </details>
      ) : null}
      {e.review ? <ReviewResult review={e.review} /> : null}
      <Timeline
        year={e.year}
        org={e.org}
        kind="self-evaluation"
        fund={e.fund}
        version={e.version}
        title={t('timeline.title')}
      />
    </section>
  );
}

/** The province's review: the score (adjusted or confirmed), grade and recommendations (R19.1). */
export function ReviewResult({ review }: { review: NonNullable<Evaluation['review']> }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  return (
    <div className="notice" data-testid="review">
      <p>
        <strong>{t('evaluation.review')}</strong> {review.score} · {gradeLabel(i18n, review.grade)}
        {review.adjusted ? ` (${t('evaluation.adjusted')})` : ''}{' '}
        <span className="muted">
          {review.by} · {formatDateTime(review.at, lang)}
        </span>
      </p>
      {review.comment ? (
        <p>
          <q>{review.comment}</q>
        </p>
      ) : null}
      {review.recommendations.length > 0 ? (
        <>
          <p>{t('evaluation.recommendations')}</p>
          <ul>
            {review.recommendations.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/**
 * Which of the typed actual values need a cause and a measure (R18.3), as the API's check answers it
 * (`POST /api/funds/{fund}/explanations-needed`, the rule scoring enforces), asked again 300 ms after the typing stops.
 */
function useExplanationsNeeded(fund: string, actuals: ExplanationCheck['actuals']): readonly string[] {
  const [needed, setNeeded] = useState<readonly string[]>([]);
  const body = JSON.stringify({ actuals });
  useEffect(() => {
    const controller = new AbortController();
    if (!JSON.parse(body).actuals.length) {
      setNeeded([]);
      return;
    }
    const timer = setTimeout(() => {
      request<ExplanationsNeeded>(`/api/funds/${fund}/explanations-needed`, {
        method: 'POST',
        body: JSON.parse(body),
        signal: controller.signal,
      }).then(
        (answer) => setNeeded(answer.needed),
        () => undefined, // the next keystroke asks again; the API checks the submission anyway
      );
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [fund, body]);
  return needed;
}

interface Row {
  actual: string;
  cause: string;
  measure: string;
  explanation: string;
}

/**
 * The figures (实际值) of every indicator of the fund; the cause and measure fields appear for an indicator that
 * misses its target or deviates strongly (and for those the workflow asked about).
 */
function ActualsForm({
  evaluation: e,
  targets,
  onSaved,
  confirm,
}: {
  evaluation: Evaluation;
  targets: Map<string, TargetValue>;
  onSaved(): void;
  /** saving sends the self-evaluation on (the report is there): ask first */
  confirm?: { title: string; text: string; label: string } | undefined;
}) {
  const { t, pick } = useI18n();
  const indicators = useResource<Indicator[]>(`/api/indicators?fund=${e.fund}`, { cache: true });
  // the form resumes from the figures saved so far
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(
      e.actuals.map((a) => [
        a.id,
        { actual: a.actual, cause: a.cause ?? '', measure: a.measure ?? '', explanation: a.explanation ?? '' },
      ]),
    ),
  );
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const legendId = useId();
  const row = (id: string): Row => rows[id] ?? { actual: '', cause: '', measure: '', explanation: '' };
  const typed = (indicators.data ?? []).flatMap((ind) => {
    const actual = row(ind.id).actual.trim();
    const target = targets.get(ind.id);
    return actual && actual.length <= 40 ? [{ id: ind.id, actual, ...(target ? { target } : {}) }] : [];
  });
  const needed = useExplanationsNeeded(e.fund, typed);
  if (!indicators.data) return indicators.error ? <ErrorNotice error={indicators.error} /> : <Loading />;
  const list = indicators.data;
  const issues = issuesOf(error);
  const set = (id: string, field: keyof Row, v: string) =>
    setRows((all) => ({ ...all, [id]: { ...row(id), [field]: v } }));
  const targetOf = (ind: Indicator) => targets.get(ind.id) ?? ind.defaultTarget;
  const explain = (ind: Indicator) => e.missingExplanations.includes(ind.id) || needed.includes(ind.id);
  // a figure the records say otherwise (R18.3): as the record has it, or as the API just refused it
  const differs = (ind: Indicator, index: number) =>
    e.discrepancies.some((d) => d.id === ind.id) ||
    Boolean(rows[ind.id]?.explanation) ||
    issues.some((x) => x.path === `actuals.${index}.explanation`);

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    if (confirm) setAsking(true);
    else void save();
  };

  const save = async () => {
    setAsking(false);
    setBusy(true);
    setError(null);
    setSaved(false);
    const actuals = list.map((ind) => {
      const r = row(ind.id);
      return {
        id: ind.id,
        actual: r.actual.trim(),
        ...(explain(ind) && r.cause.trim() ? { cause: r.cause.trim() } : {}),
        ...(explain(ind) && r.measure.trim() ? { measure: r.measure.trim() } : {}),
        ...(r.explanation.trim() ? { explanation: r.explanation.trim() } : {}),
      };
    });
    try {
      await put(`/api/cycles/${e.year}/evaluations/${e.org}/${e.fund}/actuals`, { actuals });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="actuals-form" onSubmit={onSubmit} aria-labelledby={legendId} noValidate>
      <h4 id={legendId}>{t('evaluation.actuals')}</h4>
      <p className="hint">{t('evaluation.actualsHint')}</p>
      <div className="indicator-grid">
        {list.map((ind, index) => {
          const r = row(ind.id);
          const problems = issues.filter((x) => x.path.startsWith(`actuals.${index}.`));
          const fieldId = `actual-${e.org}-${e.fund}-${ind.id}`;
          const errId = `${fieldId}-err`;
          const invalid = problems.length > 0;
          const common = { 'aria-invalid': invalid || undefined, 'aria-describedby': invalid ? errId : undefined };
          const name = pick(ind.name);
          const label = t('evaluation.actualOf', { name });
          return (
            <div key={ind.id} className="indicator-field">
              <label htmlFor={fieldId}>
                {label}{' '}
                <span className="muted">
                  ({t('evaluation.targetIs', { target: formatTarget(targetOf(ind)) })}
                  {ind.nature === 'quantitative' ? ` ${ind.unit}` : ''})
                </span>
              </label>
              {ind.nature === 'qualitative' ? (
                <select
                  id={fieldId}
                  value={r.actual}
                  onChange={(x) => set(ind.id, 'actual', x.target.value)}
                  {...common}
                >
                  <option value="">—</option>
                  {GRADES.map((g) => (
                    <option key={g} value={g}>
                      {g}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={fieldId}
                  inputMode="decimal"
                  value={r.actual}
                  onChange={(x) => set(ind.id, 'actual', x.target.value)}
                  {...common}
                />
              )}
              {invalid ? (
                <span id={errId} className="field-error">
                  {problems.map((x) => pick(x.message)).join('；')}
                </span>
              ) : null}
              {explain(ind) ? (
                <div className="explain">
                  <label>
                    <span>{t('evaluation.cause', { name })}</span>
                    <textarea rows={2} value={r.cause} onChange={(x) => set(ind.id, 'cause', x.target.value)} />
                  </label>
                  <label>
                    <span>{t('evaluation.measure', { name })}</span>
                    <textarea rows={2} value={r.measure} onChange={(x) => set(ind.id, 'measure', x.target.value)} />
                  </label>
                </div>
              ) : null}
              {differs(ind, index) ? (
                <div className="explain">
                  <label>
                    <span>{t('evaluation.explanation', { name })}</span>
                    <textarea
                      rows={2}
                      value={r.explanation}
                      onChange={(x) => set(ind.id, 'explanation', x.target.value)}
                    />
                  </label>
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
      {error ? (
        <ErrorNotice error={error}>
          {issues
            .filter((x) => !/^actuals\.\d+\./.test(x.path))
            .map((x) => (
              <p key={x.path + x.code}>{pick(x.message)}</p>
            ))}
        </ErrorNotice>
      ) : null}
      {saved ? (
        <p className="notice" role="status">
          {t('evaluation.actualsSaved')}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('evaluation.saveActuals')}
      </button>
      {confirm ? (
        <ConfirmDialog
          open={asking}
          title={confirm.title}
          confirmLabel={confirm.label}
          busy={busy}
          onConfirm={() => void save()}
          onCancel={() => setAsking(false)}
        >
          <p>{confirm.text}</p>
        </ConfirmDialog>
      ) : null}
    </form>
  );
}
