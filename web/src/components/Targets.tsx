import { type FormEvent, useId, useState } from 'react';
import type { MeView as Me } from '#shared/reference/auth';
import type { Fund } from '#shared/reference/funds';
import type { Indicator, TargetValue } from '#shared/reference/indicators';
import type { Grade } from '#shared/reference/scoring';
import type { TargetDraft, TargetIndicator, viewTargets } from '#shared/targets/targets';
import { type ApiError, asApiError, put } from '../api.ts';
import { useResource } from '../data.ts';
import { formatTarget, GRADES, may } from '../domain.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { statusLabel } from '../labels.ts';
import { ErrorNotice, Loading } from './Notices.tsx';
import { Timeline } from './Timeline.tsx';

/** One target as `GET /api/cycles/{year}/targets?org=` lists it (shared/targets/targets.ts viewTargets). */
export type TargetView = Awaited<ReturnType<typeof viewTargets>>[number];

interface Issue {
  path: string;
  code: string;
  message: { zh: string; en: string };
}

/** Field-by-field problems of a 422 (`details.issues`), by path. */
export function issuesOf(error: ApiError | null): Issue[] {
  const details = error?.details as { issues?: Issue[] } | undefined;
  return Array.isArray(details?.issues) ? details.issues : [];
}

/** One fund's target: status and step, the indicator values, and the drafting form for its drafting party. */
export function TargetCard({
  target,
  fund,
  me,
  onSaved,
}: {
  target: TargetView;
  fund: Fund | undefined;
  me: Me | null;
  onSaved(): void;
}) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const indicators = useResource<Indicator[]>(`/api/indicators?fund=${target.fund}`, { cache: true });
  const canDraft = target.status === 'drafting' && may(me, 'draftTargets', target.org, target.fund);
  const shown = target.draft ?? target.approved?.draft ?? null;
  const titleId = useId();
  const lateSteps = Object.keys(target.late ?? {});
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`target-${target.fund}`}>
      <h3 id={titleId}>
        {pick(fund?.name) || target.fund}{' '}
        <span className={`badge badge-status-${target.status}`}>{statusLabel(i18n, target.status)}</span>
        {lateSteps.length > 0 ? <span className="badge badge-late">{t('common.late')}</span> : null}
      </h3>
      <dl className="facts facts-compact">
        {target.step ? (
          <div>
            <dt>{t('targets.step')}</dt>
            <dd>
              {pick(target.step.label)}
              {target.step.since ? (
                <span className="muted"> · {t('targets.since', { at: formatDateTime(target.step.since, lang) })}</span>
              ) : null}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>{t('targets.version')}</dt>
          <dd>
            {target.approvedVersion
              ? t('targets.approvedVersion', { v: target.approvedVersion })
              : t('targets.notApprovedYet')}
          </dd>
        </div>
        {target.decomposedFrom ? (
          <div>
            <dt>{t('targets.decomposedFrom')}</dt>
            <dd>{target.decomposedFrom.org}</dd>
          </div>
        ) : null}
      </dl>
      {target.lastComment ? (
        <div className="notice notice-warning">
          <p>
            {t('targets.lastComment', { by: target.lastComment.by, at: formatDateTime(target.lastComment.at, lang) })}
          </p>
          <p>
            <q>{target.lastComment.text}</q>
          </p>
        </div>
      ) : null}
      {indicators.loading && !indicators.data ? <Loading /> : null}
      {canDraft && indicators.data ? (
        <DraftForm target={target} indicators={indicators.data} onSaved={onSaved} />
      ) : shown && indicators.data ? (
        <TargetTable draft={shown} indicators={indicators.data} caption={t('targets.values')} />
      ) : null}
      <Timeline
        year={target.year}
        org={target.org}
        kind="targets"
        fund={target.fund}
        version={target.version}
        title={t('timeline.title')}
      />
    </section>
  );
}

/** The goals and indicator values of a draft or an approved target. */
export function TargetTable({
  draft,
  indicators,
  caption,
}: {
  draft: TargetDraft;
  indicators: Indicator[];
  caption: string;
}) {
  const { t, pick } = useI18n();
  const byId = new Map(indicators.map((i) => [i.id, i]));
  return (
    <>
      <ul className="goals">
        {draft.goals.map((g) => (
          <li key={g}>{g}</li>
        ))}
      </ul>
      <div className="table-wrap">
        <table className="table" data-testid="target-values">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('score.indicator')}</th>
              <th scope="col">{t('targets.target')}</th>
              <th scope="col">{t('targets.unit')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.indicators.map((d) => (
              <tr key={d.id}>
                <th scope="row">{pick(byId.get(d.id)?.name) || d.id}</th>
                <td>{formatTarget(d.target)}</td>
                <td>{byId.get(d.id)?.unit ?? d.unit ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A value as the form edits it: text fields for value, min and max, or a grade. */
export type Editable = { value: string; min: string; max: string; grade: string };

export function editable(target: TargetValue | undefined): Editable {
  const e = { value: '', min: '', max: '', grade: '' };
  if (!target) return e;
  if ('grade' in target) return { ...e, grade: target.grade };
  if ('min' in target) return { ...e, min: target.min, max: target.max };
  return { ...e, value: target.value };
}

export function toTarget(ind: Indicator, e: Editable): TargetValue {
  if (ind.nature === 'qualitative') return { grade: e.grade as Grade };
  if (ind.direction === 'range') return { min: e.min.trim(), max: e.max.trim() };
  return { value: e.value.trim() };
}

/**
 * The drafting form (制定): goals, one per line, and a target for every indicator of the fund, prefilled from the
 * draft, else the central guidance, else the catalogue's guiding value. Saved with the version it was read at.
 */
function DraftForm({ target, indicators, onSaved }: { target: TargetView; indicators: Indicator[]; onSaved(): void }) {
  const { t, pick } = useI18n();
  const start = target.draft ?? null;
  const initialOf = (ind: Indicator) =>
    start?.indicators.find((x) => x.id === ind.id)?.target ??
    target.guidance?.find((x) => x.id === ind.id)?.target ??
    ind.defaultTarget;
  const [goals, setGoals] = useState((start?.goals ?? []).join('\n'));
  const [values, setValues] = useState<Record<string, Editable>>(() =>
    Object.fromEntries(indicators.map((i) => [i.id, editable(initialOf(i))])),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const goalsId = useId();
  const issues = issuesOf(error);
  const issueAt = (index: number) =>
    issues.filter((x) => x.path.startsWith(`indicators.${index}.`) || x.path === `indicators.${index}`);
  const { pick: p } = useI18n();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    const body: TargetDraft & { version: number } = {
      goals: goals
        .split('\n')
        .map((g) => g.trim())
        .filter(Boolean),
      indicators: indicators.map(
        (ind): TargetIndicator => ({ id: ind.id, target: toTarget(ind, values[ind.id] ?? editable(undefined)) }),
      ),
      version: target.version,
    };
    try {
      await put(`/api/cycles/${target.year}/targets/${target.org}/${target.fund}/draft`, body);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const set = (id: string, field: keyof Editable, v: string) =>
    setValues((all) => ({ ...all, [id]: { ...(all[id] ?? editable(undefined)), [field]: v } }));

  return (
    <form onSubmit={onSubmit} className="draft-form" noValidate>
      <div className="field">
        <label htmlFor={goalsId}>{t('targets.goals')}</label>
        <textarea id={goalsId} rows={3} value={goals} onChange={(e) => setGoals(e.target.value)} />
        <span className="hint">{t('targets.goalsHint')}</span>
      </div>
      <fieldset>
        <legend>{t('targets.values')}</legend>
        <div className="indicator-grid">
          {indicators.map((ind, index) => {
            const v = values[ind.id] ?? editable(undefined);
            const problems = issueAt(index);
            const name = pick(ind.name);
            const errId = `draft-${target.fund}-${ind.id}-err`;
            const invalid = problems.length > 0;
            const common = {
              'aria-invalid': invalid || undefined,
              'aria-describedby': invalid ? errId : undefined,
            };
            return (
              <div key={ind.id} className="indicator-field">
                {ind.nature === 'qualitative' ? (
                  <label>
                    <span>
                      {name} <span className="muted">({t('targets.grade')})</span>
                    </span>
                    <select value={v.grade} onChange={(e) => set(ind.id, 'grade', e.target.value)} {...common}>
                      <option value="">—</option>
                      {GRADES.map((g) => (
                        <option key={g} value={g}>
                          {g}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : ind.direction === 'range' ? (
                  <div className="range">
                    <label>
                      <span>
                        {name} · {t('targets.min')} <span className="muted">({ind.unit})</span>
                      </span>
                      <input
                        inputMode="decimal"
                        value={v.min}
                        onChange={(e) => set(ind.id, 'min', e.target.value)}
                        {...common}
                      />
                    </label>
                    <label>
                      <span>
                        {name} · {t('targets.max')} <span className="muted">({ind.unit})</span>
                      </span>
                      <input
                        inputMode="decimal"
                        value={v.max}
                        onChange={(e) => set(ind.id, 'max', e.target.value)}
                        {...common}
                      />
                    </label>
                  </div>
                ) : (
                  <label>
                    <span>
                      {name} <span className="muted">({ind.unit})</span>
                    </span>
                    <input
                      inputMode="decimal"
                      value={v.value}
                      onChange={(e) => set(ind.id, 'value', e.target.value)}
                      {...common}
                    />
                  </label>
                )}
                {invalid ? (
                  <span id={errId} className="field-error">
                    {problems.map((x) => p(x.message)).join('；')}
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
      {error ? <ErrorNotice error={error} /> : null}
      {saved ? (
        <p className="notice" role="status">
          {t('targets.saved')}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('targets.save')}
      </button>
      <p className="hint">{t('targets.submitHint')}</p>
    </form>
  );
}
