import { useId } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { executionLabel, machineStateLabel, phaseLabel } from '../labels.ts';
import { navigate, useLocation } from '../router.tsx';

/** The budget year shown: `?cycle=` if given and known, else the newest cycle. */
export function selectedYear(cycles: Cycle[] | undefined, query: URLSearchParams): number | undefined {
  const asked = Number(query.get('cycle'));
  if (cycles?.some((c) => c.year === asked)) return asked;
  return cycles?.[0]?.year;
}

/** Choose the budget year; the choice lives in the URL (`?cycle=`) so it survives a reload and can be linked. */
export function CyclePicker({ cycles, year }: { cycles: Cycle[]; year: number | undefined }) {
  const { t } = useI18n();
  const { path, query } = useLocation();
  const id = useId();
  if (cycles.length === 0) return null;
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{t('cycle.year')}</label>
      <select
        id={id}
        value={year ?? ''}
        onChange={(e) => {
          const q = new URLSearchParams(query);
          q.set('cycle', e.target.value);
          navigate(`${path}?${q}`, { replace: true });
        }}
      >
        {cycles.map((c) => (
          <option key={c.year} value={c.year}>
            {t('cycle.yearOption', { year: c.year })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A cycle's phase and its deadlines (Asia/Shanghai). */
export function CycleSummary({ cycle }: { cycle: Cycle }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  return (
    <section className="card" aria-labelledby={`cycle-${cycle.year}`}>
      <h2 id={`cycle-${cycle.year}`}>{t('cycle.title', { year: cycle.year })}</h2>
      <dl className="facts">
        <div>
          <dt>{t('cycle.phase')}</dt>
          <dd>
            <span className={`badge badge-phase-${cycle.phase}`} data-testid="cycle-phase">
              {phaseLabel(i18n, cycle.phase)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('cycle.deadline.targets')}</dt>
          <dd>
            <time dateTime={cycle.deadlines.targets}>{formatDateTime(cycle.deadlines.targets, lang)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('cycle.deadline.selfEvaluation')}</dt>
          <dd>
            <time dateTime={cycle.deadlines.selfEvaluation}>
              {formatDateTime(cycle.deadlines.selfEvaluation, lang)}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t('cycle.deadline.provincialEvaluation')}</dt>
          <dd>
            <time dateTime={cycle.deadlines.provincialEvaluation}>
              {formatDateTime(cycle.deadlines.provincialEvaluation, lang)}
            </time>
          </dd>
        </div>
        <div>
          <dt>{t('cycle.createdAt')}</dt>
          <dd>
            <time dateTime={cycle.createdAt}>{formatDateTime(cycle.createdAt, lang)}</time>{' '}
            <span className="muted">{cycle.createdBy}</span>
          </dd>
        </div>
        {cycle.execution ? (
          <div>
            <dt>{t('cycle.execution')}</dt>
            <dd>
              {executionLabel(i18n, cycle.execution.status)}
              {cycle.execution.status === 'RUNNING' && machineStateLabel(i18n, cycle.execution.state) ? (
                <span className="muted">
                  {t('cycle.executionAt', { state: machineStateLabel(i18n, cycle.execution.state) ?? '' })}
                </span>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
