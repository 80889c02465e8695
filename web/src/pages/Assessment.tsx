import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { DEFAULT_SCHEME, listAssessments, startCentralReview } from '#shared/evaluation/central-review';
import type { Org } from '#shared/reference/orgs';
import { type ApiError, asApiError, post } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { issueText } from '../components/IssueText.ts';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { issuesOf } from '../components/Targets.tsx';
import { useFollow, useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { outcomeLabel, statusLabel } from '../labels.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Assessments = Awaited<ReturnType<typeof listAssessments>>;
type Started = Awaited<ReturnType<typeof startCentralReview>>;
type Scheme = typeof DEFAULT_SCHEME;

/** The API's default scheme (shared/evaluation/central-review.ts DEFAULT_SCHEME), as the form starts. */
const START = {
  timeliness: '25',
  completeness: '25',
  quality: '40',
  rectification: '10',
  praiseAtLeast: '90',
  interviewBelow: '60',
  rectificationDays: '60',
};
type Field = keyof typeof START;
const WEIGHTS: Field[] = ['timeliness', 'completeness', 'quality', 'rectification'];
const PATH = (f: Field) => (WEIGHTS.includes(f) ? `scheme.weights.${f}` : `scheme.${f}`);

/**
 * 中央审核与考核 (第二十、二十二条): central sets the assessment scheme and starts the review of the provinces that
 * reported (`POST …/central-review`); each province's assessment task is mailed to central finance; this page lists
 * every assessment with its criteria, total and outcome — praise, or an interview with a rectification order and its
 * deadline — and the rectification's progress (`GET …/assessments`).
 */
export default function Assessment({ query }: PageProps) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const assessments = useResource<Assessments>(year ? `/api/cycles/${year}/assessments` : null);
  const orgs = useResource<Org[]>('/api/orgs?tier=province', { cache: true });
  const { follow } = useFollow(assessments);
  const nameOf = (code: string) => pick(orgs.data?.find((o) => o.code === code)?.name) || code;
  return (
    <section>
      <div className="page-head">
        <h1>{t('page.assessment')}</h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p>
        <Link href={`/central${year ? `?cycle=${year}` : ''}`}>{t('ct.back')}</Link>
      </p>
      {year ? (
        <StartReview
          year={year}
          names={nameOf}
          onStarted={(started) =>
            follow((data) => started.provinces.every((p) => (data ?? []).some((a) => a.org === p)))
          }
        />
      ) : null}
      <section className="card" aria-labelledby="as-list-title">
        <h2 id="as-list-title">{t('as.listTitle', { year: year ?? '' })}</h2>
        <p className="muted">{t('as.listExplain')}</p>
        {assessments.error ? <ErrorNotice error={assessments.error} /> : null}
        {assessments.loading && !assessments.data ? <Loading /> : null}
        {assessments.data && assessments.data.length === 0 ? <Empty>{t('as.none')}</Empty> : null}
        {assessments.data && assessments.data.length > 0 ? (
          <div className="table-wrap">
            <table className="table" data-testid="assessments">
              <caption>{t('as.caption', { year: year ?? '' })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('central.province')}</th>
                  <th scope="col">{t('items.status')}</th>
                  {WEIGHTS.map((w) => (
                    <th scope="col" className="num" key={w}>
                      {t(`as.${w}` as Key)}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    {t('as.total')}
                  </th>
                  <th scope="col">{t('as.outcome')}</th>
                  <th scope="col">{t('as.rectification')}</th>
                </tr>
              </thead>
              <tbody>
                {assessments.data.map((a) => (
                  <tr key={a.org} data-org={a.org} data-status={a.status}>
                    <th scope="row">{nameOf(a.org)}</th>
                    <td>{statusLabel(i18n, a.status)}</td>
                    {WEIGHTS.map((w) => (
                      <td className="num" key={w}>
                        {a.criteria?.[w] ?? '—'}
                      </td>
                    ))}
                    <td className="num">{a.total ?? '—'}</td>
                    <td data-testid="assessment-outcome">{outcomeLabel(i18n, a.outcome)}</td>
                    <td data-testid="assessment-rectification">
                      {a.rectification
                        ? t('as.rectificationText', {
                            status: t(`rect.${a.rectification.status}` as Key),
                            deadline: formatDateTime(a.rectification.deadline, lang),
                            evidence: a.rectification.evidence,
                          })
                        : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <button type="button" className="button" onClick={assessments.reload}>
          {t('as.refresh')}
        </button>
      </section>
    </section>
  );
}

/** The scheme form and the start of the central review, after a confirmation. */
function StartReview({
  year,
  names,
  onStarted,
}: {
  year: number;
  names(code: string): string;
  onStarted(started: Started): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [values, setValues] = useState(START);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [started, setStarted] = useState<Started | null>(null);
  const base = useId();
  const issues = issuesOf(error);
  const problem = (f: Field) =>
    issues
      .filter((x) => x.path === PATH(f))
      .map((x) => issueText(i18n, x.message))
      .join('；');
  const scheme = (): Scheme => ({
    weights: {
      timeliness: Number(values.timeliness),
      completeness: Number(values.completeness),
      quality: Number(values.quality),
      rectification: Number(values.rectification),
    },
    praiseAtLeast: Number(values.praiseAtLeast),
    interviewBelow: Number(values.interviewBelow),
    rectificationDays: Number(values.rectificationDays),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setOpen(true);
  };
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await post<Started>(`/api/cycles/${year}/central-review`, { scheme: scheme() });
      setStarted(res);
      setOpen(false);
      onStarted(res);
    } catch (err) {
      setError(asApiError(err));
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  const field = (f: Field) => {
    const id = `${base}-${f}`;
    const err = problem(f);
    return (
      <div className="field" key={f}>
        <label htmlFor={id}>{t(`as.${f}` as Key)}</label>
        <input
          id={id}
          inputMode="decimal"
          value={values[f]}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? `${id}-err` : undefined}
          onChange={(e) => setValues((all) => ({ ...all, [f]: e.target.value }))}
        />
        {err ? (
          <span id={`${id}-err`} className="field-error">
            {err}
          </span>
        ) : null}
      </div>
    );
  };
  return (
    <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="as-scheme-title">
      <h2 id="as-scheme-title">{t('as.schemeTitle')}</h2>
      <p className="muted">{t('as.schemeExplain')}</p>
      <fieldset>
        <legend>{t('as.weights')}</legend>
        {WEIGHTS.map(field)}
      </fieldset>
      {field('praiseAtLeast')}
      {field('interviewBelow')}
      {field('rectificationDays')}
      {error ? <ErrorNotice error={error} /> : null}
      {started ? (
        <p className="notice" role="status" data-testid="review-started">
          {t('as.started', { count: started.provinces.length, names: started.provinces.map(names).join('、') })}
        </p>
      ) : null}
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('as.start')}
      </button>
      <ConfirmDialog
        open={open}
        title={t('as.confirmTitle')}
        confirmLabel={t('as.confirm', { year })}
        busy={busy}
        onConfirm={confirm}
        onCancel={() => setOpen(false)}
      >
        <p>
          {t('as.confirmText', {
            year,
            praise: values.praiseAtLeast,
            interview: values.interviewBelow,
            days: values.rectificationDays,
          })}
        </p>
      </ConfirmDialog>
    </form>
  );
}
