import { type FormEvent, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { setMonitoringConfig } from '#shared/monitoring/submissions';
import { type ApiError, asApiError, put } from '../api.ts';
import { CyclePicker, selectedYear } from '../components/Cycle.tsx';
import { issueText } from '../components/IssueText.ts';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { issuesOf } from '../components/Targets.tsx';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

type Saved = Awaited<ReturnType<typeof setMonitoringConfig>>;
type Field =
  | 'frequency'
  | 'extraPoints'
  | 'dueDays'
  | 'progressMinor'
  | 'progressMajor'
  | 'indicatorMinor'
  | 'indicatorMajor'
  | 'correctFrom'
  | 'correctionDays'
  | 'missingSeverity';

/** The API's defaults (shared/monitoring/compare.ts DEFAULT_CONFIG), as the form starts. */
const START: Record<Field, string> = {
  frequency: 'monthly',
  extraPoints: '',
  dueDays: '10',
  progressMinor: '0.05',
  progressMajor: '0.10',
  indicatorMinor: '0.05',
  indicatorMajor: '0.10',
  correctFrom: 'major',
  correctionDays: '30',
  missingSeverity: 'major',
};

/** Where each field's refusals come back (`details.issues[].path`). */
const PATH: Record<Field, string> = {
  frequency: 'frequency',
  extraPoints: 'extraPoints',
  dueDays: 'dueDays',
  progressMinor: 'thresholds.progressMinor',
  progressMajor: 'thresholds.progressMajor',
  indicatorMinor: 'thresholds.indicatorMinor',
  indicatorMajor: 'thresholds.indicatorMajor',
  correctFrom: 'correctFrom',
  correctionDays: 'correctionDays',
  missingSeverity: 'missingSeverity',
};

/**
 * 绩效运行监控配置 (第三章): how often the units report, when a period is due, the thresholds of a finding and which
 * findings open a correction — `PUT /api/cycles/{year}/monitoring/config`; the answer lists the year's as-of dates.
 */
export default function MonitoringConfig({ query }: PageProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const cycles = useResource<Cycle[]>('/api/cycles');
  const year = selectedYear(cycles.data, query);
  const [values, setValues] = useState(START);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<Saved | null>(null);
  const base = useId();
  const issues = issuesOf(error);
  const problem = (f: Field) =>
    issues
      .filter((x) => x.path === PATH[f] || x.path.startsWith(`${PATH[f]}.`))
      .map((x) => issueText(i18n, x.message))
      .join('；');
  const set = (f: Field, v: string) => setValues((all) => ({ ...all, [f]: v }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!year) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    const n = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s));
    try {
      setSaved(
        await put<Saved>(`/api/cycles/${year}/monitoring/config`, {
          frequency: values.frequency,
          extraPoints: values.extraPoints
            .split(/[\s,，]+/)
            .map((p) => p.trim())
            .filter(Boolean),
          dueDays: n(values.dueDays),
          thresholds: {
            progressMinor: values.progressMinor.trim(),
            progressMajor: values.progressMajor.trim(),
            indicatorMinor: values.indicatorMinor.trim(),
            indicatorMajor: values.indicatorMajor.trim(),
          },
          correctFrom: values.correctFrom,
          correctionDays: n(values.correctionDays),
          missingSeverity: values.missingSeverity,
        }),
      );
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (f: Field, control: 'text' | 'number' | { options: string[]; prefix: string }) => {
    const id = `${base}-${f}`;
    const err = problem(f);
    const described = [`${id}-hint`, err ? `${id}-err` : ''].filter(Boolean).join(' ');
    const common = { id, 'aria-invalid': err ? true : undefined, 'aria-describedby': described };
    return (
      <div className="field">
        <label htmlFor={id}>{t(`mc.${f}` as Key)}</label>
        {typeof control === 'object' ? (
          <select {...common} value={values[f]} onChange={(e) => set(f, e.target.value)}>
            {control.options.map((o) => (
              <option key={o} value={o}>
                {t(`${control.prefix}.${o}` as Key)}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            inputMode={control === 'number' ? 'numeric' : 'decimal'}
            value={values[f]}
            onChange={(e) => set(f, e.target.value)}
          />
        )}
        <span id={`${id}-hint`} className="hint">
          {t(`mc.${f}Hint` as Key)}
        </span>
        {err ? (
          <span id={`${id}-err`} className="field-error">
            {err}
          </span>
        ) : null}
      </div>
    );
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('page.monitoringConfig')}</h1>
        <div className="page-tools">{cycles.data ? <CyclePicker cycles={cycles.data} year={year} /> : null}</div>
      </div>
      <p>
        <Link href={`/central${year ? `?cycle=${year}` : ''}`}>{t('ct.back')}</Link>
      </p>
      {!year ? <Loading /> : null}
      {year ? (
        <form className="card" onSubmit={onSubmit} noValidate aria-labelledby="mc-title">
          <h2 id="mc-title">{t('mc.formTitle', { year })}</h2>
          <p className="muted">{t('mc.explain')}</p>
          {field('frequency', { options: ['monthly', 'quarterly'], prefix: 'mc.frequency' })}
          {field('extraPoints', 'text')}
          {field('dueDays', 'number')}
          {field('progressMinor', 'text')}
          {field('progressMajor', 'text')}
          {field('indicatorMinor', 'text')}
          {field('indicatorMajor', 'text')}
          {field('correctFrom', { options: ['minor', 'major'], prefix: 'severity' })}
          {field('correctionDays', 'number')}
          {field('missingSeverity', { options: ['info', 'minor', 'major'], prefix: 'severity' })}
          {error && issues.length === 0 ? <ErrorNotice error={error} /> : null}
          {error && issues.length > 0 ? (
            <p className="field-error" role="alert">
              {t('mc.fixFields')}
            </p>
          ) : null}
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('mc.save')}
          </button>
        </form>
      ) : null}
      {saved ? (
        <section className="card" aria-labelledby="mc-saved-title" data-testid="monitoring-config-saved">
          <h2 id="mc-saved-title">{t('mc.savedTitle')}</h2>
          <p role="status">{t('mc.saved', { year: saved.year, count: saved.points.length })}</p>
          <ul className="goals" data-testid="monitoring-points">
            {saved.points.map((p) => (
              <li key={p}>{t('mc.point', { month: Number(p.slice(5, 7)), day: Number(p.slice(8, 10)) })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
