import { useEffect, useId, useRef, useState } from 'react';
import type { listAssessments } from '#shared/evaluation/central-review';
import type { viewProvincialEvaluation } from '#shared/evaluation/provincial';
import type { Fund } from '#shared/reference/funds';
import type { Indicator } from '#shared/reference/indicators';
import type { Org } from '#shared/reference/orgs';
import type { TaskView } from '#shared/tasks/tasks';
import { type ApiError, post } from '../api.ts';
import { CorrectionItem } from '../components/Correction.tsx';
import { DecisionForm } from '../components/DecisionForm.tsx';
import { DocumentLink } from '../components/DocumentLink.tsx';
import type { Evaluation } from '../components/Evaluations.tsx';
import { ReviewResult } from '../components/Evaluations.tsx';
import { GuidanceComparison } from '../components/GuidanceComparison.tsx';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { ScoreCardTable } from '../components/ScoreCardTable.tsx';
import type { TargetView } from '../components/Targets.tsx';
import { TargetCard, TargetTable } from '../components/Targets.tsx';
import { Timeline } from '../components/Timeline.tsx';
import { Upload } from '../components/Upload.tsx';
import { EvaluationHistory, OverallComparison } from '../components/YearOverYear.tsx';
import { useFollow, useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { decisionLabel, departmentLabel, gradeLabel, label, statusLabel, stepLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';
import { usePageTitle } from '../title.tsx';

/**
 * Where an email's task link lands (`/tasks/<actionId>`). Opening it changes nothing (mail scanners prefetch
 * links): the page reads the task (`GET /api/tasks/{actionId}`) and the assignee decides with a POST
 * (`POST /api/tasks/{actionId}/decision`).
 */
export type TaskState =
  | 'loading'
  | 'ready'
  | 'done'
  | 'not-found'
  | 'expired'
  | 'used'
  | 'superseded'
  | 'not-yours'
  | 'error';

const ACTION_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Decisions that need a reason (the API answers COMMENT_REQUIRED otherwise). */
const NEEDS_COMMENT: ReadonlySet<string> = new Set(['return']);
/** A correction response (整改反馈) describes the correction and its evidence. */
const CORRECTION_NEEDS_COMMENT: ReadonlySet<string> = new Set(['return', 'submit']);

/** How the task API's answer reads. */
export function taskState(status: number | undefined, code: string | undefined, task?: TaskView): TaskState {
  if (status === undefined) return 'loading';
  if (status === 200 && task) {
    if (task.status === 'used') return 'used';
    if (task.status === 'superseded') return 'superseded';
    return task.expired ? 'expired' : 'ready';
  }
  if (status === 404) return 'not-found';
  if (status === 410 || code === 'TASK_EXPIRED') return 'expired';
  if (code === 'TASK_SUPERSEDED') return 'superseded';
  if (status === 409 || code === 'TASK_USED') return 'used';
  if (status === 403) return 'not-yours';
  return 'error';
}

export default function Task({ params, me }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const actionId = params.actionId ?? '';
  const valid = ACTION_ID.test(actionId);
  const task = useResource<TaskView>(valid ? `/api/tasks/${encodeURIComponent(actionId)}` : null);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const [decided, setDecided] = useState<{ decision: string } | null>(null);

  const state: TaskState = decided
    ? 'done'
    : !valid
      ? 'not-found'
      : task.loading && !task.data
        ? 'loading'
        : taskState(task.data ? 200 : task.error?.status, task.error?.code, task.data);
  const view = task.data;
  const fund = funds.data?.find((f) => f.code === view?.subject.fund);
  const org = useResource<Org[]>(view ? '/api/orgs' : null, { cache: true });
  const [review, setReview] = useState({ score: '', recommendations: '' });
  const [quality, setQuality] = useState('');
  const kind = view?.subject.kind ?? '';
  const scoreValid =
    review.score.trim() === '' || (/^\d{1,3}(\.\d{1,2})?$/.test(review.score.trim()) && Number(review.score) <= 100);
  const qualityValid = quality.trim() !== '' && Number(quality) >= 0 && Number(quality) <= 100;
  const dataOf = (decision: string): Record<string, unknown> | undefined => {
    if (decision !== 'confirm') return undefined;
    if (kind === 'provincial-review')
      return {
        ...(review.score.trim() ? { score: review.score.trim() } : {}),
        recommendations: review.recommendations
          .split('\n')
          .map((r) => r.trim())
          .filter(Boolean),
      };
    if (kind === 'assessment') return { quality: Number(quality) };
    return undefined;
  };
  const orgName = pick(org.data?.find((o) => o.code === view?.subject.org)?.name) || view?.subject.org;

  const heading = view && state !== 'not-found' ? pick(view.subject.title) : t('page.task');
  usePageTitle(view && state !== 'not-found' ? `${t('page.task')} · ${heading}` : null);

  return (
    <section>
      <h1>{heading}</h1>
      <div data-testid="task-state" data-state={state}>
        {state === 'loading' ? <Loading /> : null}
        {state === 'error' && task.error ? <ErrorNotice error={task.error} /> : null}
        {state !== 'loading' && state !== 'error' ? (
          <div className={`notice ${state === 'ready' || state === 'done' ? '' : 'notice-warning'}`} role="status">
            <h2>{t(`task.state.${state}` as Key)}</h2>
            <p>
              {state === 'done' && decided
                ? t('task.done', { decision: decisionLabel(i18n, decided.decision) })
                : t(`task.text.${state}` as Key)}
            </p>
            {state === 'not-yours' ? <NotYoursGroup error={task.error ?? null} /> : null}
          </div>
        ) : null}
        {view && state !== 'not-found' ? (
          <section className="card" aria-labelledby="task-facts">
            <h2 id="task-facts">{t('task.about')}</h2>
            <dl className="facts">
              <div>
                <dt>{t('task.step')}</dt>
                <dd>{kind === 'correction' ? t(`correction.step.${view.step}` as Key) : stepLabel(i18n, view.step)}</dd>
              </div>
              <div>
                <dt>{t('cycle.year')}</dt>
                <dd>{view.subject.year}</dd>
              </div>
              <div>
                <dt>{t('task.org')}</dt>
                <dd>{orgName}</dd>
              </div>
              {view.subject.fund ? (
                <div>
                  <dt>{t('items.fund')}</dt>
                  <dd>{fund ? pick(fund.name) : view.subject.fund}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('task.assignee')}</dt>
                <dd>
                  {view.assignedTo
                    ? view.assignedTo.name
                    : t('task.group', {
                        department: departmentLabel(i18n, view.group.department),
                        function: t(`function.${view.group.function}` as Key),
                      })}
                </dd>
              </div>
              {view.decidedBy ? (
                <div>
                  <dt>{t('task.decidedBy')}</dt>
                  <dd data-testid="task-decided-by">{view.decidedBy.name}</dd>
                </div>
              ) : null}
              {view.due ? (
                <div>
                  <dt>{t('items.due')}</dt>
                  <dd>
                    <time dateTime={view.due}>{formatDateTime(view.due, lang)}</time>
                  </dd>
                </div>
              ) : null}
              <div>
                <dt>{t('task.expiresAt')}</dt>
                <dd>
                  <time dateTime={view.expiresAt}>{formatDateTime(view.expiresAt, lang)}</time>
                </dd>
              </div>
            </dl>
            {view.due && state === 'ready' && Date.parse(view.expiresAt) < Date.parse(view.due) ? (
              <p className="hint" data-testid="task-link-before-due">
                {t('task.linkBeforeDue', {
                  expires: formatDateTime(view.expiresAt, lang),
                  due: formatDateTime(view.due, lang),
                })}
              </p>
            ) : null}
          </section>
        ) : null}
        {view && state !== 'not-found' ? (
          <TaskItem
            view={view}
            version={decided ? 1 : 0}
            me={me}
            drafting={state === 'ready' && view.step === 'draft'}
            open={state === 'ready'}
          />
        ) : null}
        {state === 'ready' && view ? (
          <DecisionForm
            decisions={view.decisions}
            needsComment={kind === 'correction' ? CORRECTION_NEEDS_COMMENT : NEEDS_COMMENT}
            extra={(decision) =>
              decision !== 'confirm' ? null : kind === 'provincial-review' ? (
                <ReviewFields value={review} valid={scoreValid} onChange={setReview} />
              ) : kind === 'assessment' ? (
                <QualityField value={quality} valid={qualityValid} onChange={setQuality} />
              ) : null
            }
            blocked={(decision) =>
              decision === 'confirm' &&
              ((kind === 'provincial-review' && !scoreValid) || (kind === 'assessment' && !qualityValid))
            }
            submit={async (body) => {
              const data = dataOf(body.decision);
              await post<{ decision: string; step: string }>(`/api/tasks/${encodeURIComponent(actionId)}/decision`, {
                ...body,
                ...(data ? { data } : {}),
              });
              setDecided({ decision: body.decision });
            }}
          />
        ) : null}
      </div>
      <p className="muted">
        {t('task.reference')} <code>{actionId.slice(0, 8)}…</code>
      </p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}

/** The work item a task decides about, as the decider needs to see it, with its timeline. */
function TaskItem({
  view,
  version,
  me,
  drafting,
  open,
}: {
  view: TaskView;
  version: number;
  me: PageProps['me'];
  /** an open 制定 task: the drafter fills the form here, then submits below */
  drafting: boolean;
  /** the task is still open (a correction's response can be written) */
  open: boolean;
}) {
  const { t } = useI18n();
  const { kind, year, org, fund } = view.subject;
  const timeline =
    kind === 'target'
      ? { kind: 'targets', fund: fund ?? '' }
      : kind === 'self-evaluation' || kind === 'provincial-review'
        ? { kind: 'self-evaluation', fund: fund ?? '' }
        : kind === 'provincial-approval'
          ? { kind: 'provincial-evaluation', fund: 'ALL' }
          : kind === 'assessment'
            ? { kind: 'assessment', fund: 'ALL' }
            : null;
  return (
    <>
      {kind === 'target' && fund && drafting ? (
        <DraftingItem year={year} org={org} fund={fund} version={version} me={me} />
      ) : kind === 'target' && fund ? (
        <TargetItem year={year} org={org} fund={fund} version={version} me={me} />
      ) : null}
      {(kind === 'self-evaluation' || kind === 'provincial-review') && fund ? (
        <EvaluationItem year={year} org={org} fund={fund} version={version} />
      ) : null}
      {kind === 'provincial-approval' ? <ProvincialReportItem year={year} org={org} /> : null}
      {kind === 'correction' ? <CorrectionItem view={view} open={open} version={version} /> : null}
      {kind === 'rectification' ? (
        <RectificationItem year={year} org={org} upload={open && view.step === 'rectify'} version={version} />
      ) : null}
      {timeline ? (
        <Timeline
          year={year}
          org={org}
          kind={timeline.kind}
          fund={timeline.fund}
          version={version}
          title={t('timeline.title')}
        />
      ) : null}
    </>
  );
}

function TargetItem({
  year,
  org,
  fund,
  version,
  me,
}: {
  year: number;
  org: string;
  fund: string;
  version: number;
  me: PageProps['me'];
}) {
  const { t } = useI18n();
  const targets = useResource<TargetView[]>(`/api/cycles/${year}/targets?org=${org}`);
  useReloadOn(version, targets.reload);
  const indicators = useResource<Indicator[]>(`/api/indicators?fund=${fund}`, { cache: true });
  const target = targets.data?.find((x) => x.fund === fund);
  const draft = target?.draft ?? target?.approved?.draft;
  return (
    <section className="card" aria-labelledby="task-item">
      <h2 id="task-item">{t('task.item.target')}</h2>
      {targets.error ? <ErrorNotice error={targets.error} /> : null}
      {!target && targets.loading ? <Loading /> : null}
      {target && !draft ? <p>{t('task.item.noDraft')}</p> : null}
      {draft && indicators.data ? (
        <TargetTable draft={draft} indicators={indicators.data} caption={t('targets.values')} />
      ) : null}
      {draft && target?.guidance && indicators.data ? (
        <GuidanceComparison proposed={draft.indicators} guidance={target.guidance} indicators={indicators.data} />
      ) : null}
      {draft && me?.tier === 'central' ? <OverallComparison year={year} org={org} fund={fund} /> : null}
      {target?.lastComment ? (
        <p className="muted">
          {t('targets.lastCommentShort')} <q>{target.lastComment.text}</q>
        </p>
      ) : null}
    </section>
  );
}

/**
 * The 制定 task: the target's drafting form itself (prefilled from the draft, the guidance or the catalogue's guiding
 * values), saved here, so the drafter submits with the decision form below; the same form is in the unit's workspace.
 */
function DraftingItem({
  year,
  org,
  fund,
  version,
  me,
}: {
  year: number;
  org: string;
  fund: string;
  version: number;
  me: PageProps['me'];
}) {
  const { t } = useI18n();
  const targets = useResource<TargetView[]>(`/api/cycles/${year}/targets?org=${org}`);
  useReloadOn(version, targets.reload);
  const funds = useResource<Fund[]>('/api/funds', { cache: true });
  const target = targets.data?.find((x) => x.fund === fund);
  const own = me?.tier === 'province' && me.orgCode === org ? `/province/own?cycle=${year}` : `/region?cycle=${year}`;
  return (
    <section aria-labelledby="task-item" data-testid="task-draft">
      <h2 id="task-item">{t('task.item.target')}</h2>
      <p className="hint">{t('jprovince.task.draftHint')}</p>
      {targets.error ? <ErrorNotice error={targets.error} /> : null}
      {!target && targets.loading ? <Loading /> : null}
      {target ? (
        <TargetCard target={target} fund={funds.data?.find((f) => f.code === fund)} me={me} onSaved={targets.reload} />
      ) : null}
      <p>
        <Link href={own}>{t('jprovince.task.openWorkspace')}</Link>
      </p>
    </section>
  );
}

function EvaluationItem({ year, org, fund, version }: { year: number; org: string; fund: string; version: number }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const evaluations = useResource<Evaluation[]>(`/api/cycles/${year}/evaluations?org=${org}`);
  useReloadOn(version, evaluations.reload);
  const e = evaluations.data?.find((x) => x.org === org && x.fund === fund);
  return (
    <section className="card" aria-labelledby="task-item" data-testid="task-item">
      <h2 id="task-item">{t('task.item.evaluation')}</h2>
      {evaluations.error ? <ErrorNotice error={evaluations.error} /> : null}
      {!e && evaluations.loading ? <Loading /> : null}
      {e ? (
        <>
          <dl className="facts facts-compact">
            <div>
              <dt>{t('items.status')}</dt>
              <dd data-testid="task-item-status">{statusLabel(i18n, e.status)}</dd>
            </div>
            <div>
              <dt>{t('evaluation.score')}</dt>
              <dd>{e.score ? `${e.score} · ${gradeLabel(i18n, e.grade)}` : '—'}</dd>
            </div>
            <div>
              <dt>{t('evaluation.report')}</dt>
              <dd>
                {e.report ? <DocumentLink doc={e.report} label={t('evaluation.report')} /> : t('evaluation.noReport')}
              </dd>
            </div>
            {e.template ? (
              <div>
                <dt>{t('document.template')}</dt>
                <dd>
                  <DocumentLink doc={e.template} label={t('document.template')} />
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t('items.due')}</dt>
              <dd>
                {formatDateTime(e.due, lang)}
                {e.late ? ` · ${t('common.late')}` : ''}
              </dd>
            </div>
          </dl>
          {e.scoreCard ? (
            <ScoreCardTable fund={fund} card={e.scoreCard} caption={t('evaluation.scoreCardCaption')} />
          ) : null}
          {e.review ? <ReviewResult review={e.review} /> : null}
          <EvaluationHistory year={year} org={org} fund={fund} />
        </>
      ) : null}
    </section>
  );
}

/** The provincial report a provincial approval task is about, to open before approving it. */
function ProvincialReportItem({ year, org }: { year: number; org: string }) {
  const { t } = useI18n();
  const provincial = useResource<Awaited<ReturnType<typeof viewProvincialEvaluation>>>(
    `/api/cycles/${year}/provincial-evaluations/${org}`,
  );
  const report = provincial.data?.report;
  return (
    <section className="card" aria-labelledby="task-documents" data-testid="task-item">
      <h2 id="task-documents">{t('task.documents')}</h2>
      {provincial.error ? <ErrorNotice error={provincial.error} /> : null}
      {!provincial.data && provincial.loading ? <Loading /> : null}
      {provincial.data ? (
        report ? (
          <DocumentLink doc={report} label={t('document.provincialReport')} />
        ) : (
          <p>{t('task.noDocuments')}</p>
        )
      ) : null}
    </section>
  );
}

type AssessmentRow = Awaited<ReturnType<typeof listAssessments>>[number];

/**
 * A rectification order (整改, after a 约谈): its deadline and the evidence recorded so far, each to open; on the
 * province's 整改报送 task the evidence is uploaded here, one file at a time, before the submission below (the
 * decision is refused without evidence). Central's 整改验收 task shows the same, to open before it decides.
 */
function RectificationItem({
  year,
  org,
  upload,
  version,
}: {
  year: number;
  org: string;
  upload: boolean;
  version: number;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const rows = useResource<AssessmentRow[]>(`/api/cycles/${year}/assessments`);
  useReloadOn(version, rows.reload);
  const { follow, following } = useFollow(rows);
  const r = rows.data?.find((a) => a.org === org)?.rectification;
  const documents = r?.documents ?? [];
  return (
    <section className="card" aria-labelledby="task-rectification" data-testid="task-item">
      <h2 id="task-rectification">{t('task.item.rectification')}</h2>
      {rows.error ? <ErrorNotice error={rows.error} /> : null}
      {!rows.data && rows.loading ? <Loading /> : null}
      {r ? (
        <>
          <dl className="facts facts-compact">
            <div>
              <dt>{t('items.status')}</dt>
              <dd data-testid="rectification-status">{t(`rect.${r.status}` as Key)}</dd>
            </div>
            <div>
              <dt>{t('items.due')}</dt>
              <dd>
                <time dateTime={r.deadline}>{formatDateTime(r.deadline, lang)}</time>
              </dd>
            </div>
          </dl>
          <h3>{t('task.item.rectificationEvidence')}</h3>
          {documents.length === 0 ? (
            <p data-testid="rectification-none">{t('task.noDocuments')}</p>
          ) : (
            <ol data-testid="rectification-evidence">
              {documents.map((d, n) => (
                <li key={d.key}>
                  <DocumentLink doc={d} label={t('task.item.evidenceN', { n: n + 1 })} /> ·{' '}
                  <time dateTime={d.at}>{formatDateTime(d.at, lang)}</time>
                </li>
              ))}
            </ol>
          )}
          {upload ? (
            <Upload
              slotPath={`/api/cycles/${year}/evaluations/${org}/ALL/uploads`}
              kind="rectification"
              types={['pdf', 'docx', 'xlsx']}
              label={t('task.item.rectificationUpload')}
              hint={t('task.item.rectificationHint')}
              checking={following}
              onUploaded={() => {
                const before = documents.length;
                follow((rs) => (rs?.find((a) => a.org === org)?.rectification?.documents.length ?? 0) > before);
              }}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** Reload when `value` changes after the first render: after the decision, the item shows where it went. */
function useReloadOn(value: unknown, reload: () => void) {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `value` is the trigger
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload();
  }, [value]);
}

/** A provincial review's data: an optional adjusted score and recommendations, one per line. */
function ReviewFields({
  value,
  valid,
  onChange,
}: {
  value: { score: string; recommendations: string };
  valid: boolean;
  onChange(v: { score: string; recommendations: string }): void;
}) {
  const { t } = useI18n();
  const ids = { score: useId(), hint: useId(), recs: useId() };
  return (
    <div className="step-fields">
      <div className="field">
        <label htmlFor={ids.score}>{t('task.review.score')}</label>
        <input
          id={ids.score}
          inputMode="decimal"
          value={value.score}
          aria-invalid={!valid || undefined}
          aria-describedby={ids.hint}
          onChange={(e) => onChange({ ...value, score: e.target.value })}
        />
        <span id={ids.hint} className={valid ? 'hint' : 'field-error'}>
          {t('task.review.scoreHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.recs}>{t('task.review.recommendations')}</label>
        <textarea
          id={ids.recs}
          rows={3}
          value={value.recommendations}
          onChange={(e) => onChange({ ...value, recommendations: e.target.value })}
        />
        <span className="hint">{t('task.review.recommendationsHint')}</span>
      </div>
    </div>
  );
}

/** An assessment's quality score (0–100), required. */
function QualityField({ value, valid, onChange }: { value: string; valid: boolean; onChange(v: string): void }) {
  const { t } = useI18n();
  const id = useId();
  const hint = useId();
  return (
    <div className="field step-fields">
      <label htmlFor={id}>
        {t('task.assessment.quality')} ({t('common.required')})
      </label>
      <input
        id={id}
        type="number"
        min={0}
        max={100}
        step="0.01"
        value={value}
        required
        aria-invalid={(value !== '' && !valid) || undefined}
        aria-describedby={hint}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={hint} className="hint">
        {t('task.assessment.qualityHint')}
      </span>
    </div>
  );
}

/** Whom a task is for, when it is not the signed-in person's: the group the API's refusal names (TASK_NOT_YOURS). */
function NotYoursGroup({ error }: { error: ApiError | null }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const orgs = useResource<Org[]>('/api/orgs', { cache: true });
  const group = (error?.details as { group?: { org: string; department: string; function: string } } | undefined)
    ?.group;
  if (!group) return null;
  const org = pick(orgs.data?.find((o) => o.code === group.org)?.name) || group.org;
  return (
    <p data-testid="task-for-group">
      {t('task.forGroup', {
        org,
        department: departmentLabel(i18n, group.department),
        function: label(i18n, 'function', group.function),
      })}
    </p>
  );
}
