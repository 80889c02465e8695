import type { evaluationHistory } from '#shared/evaluation/history';
import type { viewAgainstOverall } from '#shared/targets/targets';
import { useResource } from '../data.ts';
import { formatTarget } from '../domain.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { gradeLabel } from '../labels.ts';
import { ErrorNotice, Loading } from './Notices.tsx';
import { ScrollBox } from './Overviews.tsx';

type AgainstOverall = Awaited<ReturnType<typeof viewAgainstOverall>>;
type History = Awaited<ReturnType<typeof evaluationHistory>>;

/** A deviation as people read it: a share in per cent, or a number of grades. */
function deviationText(t: ReturnType<typeof useI18n>['t'], row: AgainstOverall['rows'][number]): string {
  if ('grade' in row.overall) return t('yo.grades', { count: row.deviation });
  return `${(Number(row.deviation) * 100).toFixed(2)}%`;
}

/**
 * A provincial unit's annual target against central's overall (multi-year) target of its period (R8.1), for the
 * central reviewer: each indicator's deviation, and in words whether the annual target reaches the overall one.
 */
export function OverallComparison({ year, org, fund }: { year: number; org: string; fund: string }) {
  const { t, pick } = useI18n();
  const res = useResource<AgainstOverall>(`/api/cycles/${year}/targets/${org}/${fund}/against-overall`);
  const data = res.data;
  return (
    <section aria-labelledby="overall-comparison" data-testid="overall-comparison">
      <h3 id="overall-comparison">{t('yo.title')}</h3>
      {res.error ? <ErrorNotice error={res.error} /> : null}
      {!data && res.loading ? <Loading /> : null}
      {data && !data.overall ? <p>{t('yo.none')}</p> : null}
      {data?.overall ? (
        <>
          <p data-testid="overall-summary">
            {data.flagged === 0 ? t('yo.allFine') : t('yo.flagged', { count: data.flagged })}
          </p>
          <ScrollBox label={t('yo.title')}>
            <table className="table">
              <caption>{t('yo.caption', { from: data.overall.from, to: data.overall.to })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('score.indicator')}</th>
                  <th scope="col">{t('yo.annual')}</th>
                  <th scope="col">{t('yo.overall')}</th>
                  <th scope="col">{t('targets.unit')}</th>
                  <th scope="col">{t('yo.deviation')}</th>
                  <th scope="col">{t('yo.assessment')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.id} data-indicator={r.id} data-flagged={r.flagged || undefined}>
                    <th scope="row">{pick(r.name)}</th>
                    <td>{formatTarget(r.annual)}</td>
                    <td>{formatTarget(r.overall)}</td>
                    <td>{r.unit}</td>
                    <td>{deviationText(t, r)}</td>
                    <td>
                      {r.met ? t('yo.met') : <strong>{t('yo.short')}</strong>}
                      {r.met && r.flagged ? ` · ${t('yo.beyond')}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      ) : null}
    </section>
  );
}

/** A unit × fund's result beside the previous years' (R8.1): score, grade, key indicators, the change. */
export function EvaluationHistory({ year, org, fund }: { year: number; org: string; fund: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const res = useResource<History>(`/api/cycles/${year}/evaluations/${org}/${fund}/history`);
  const data = res.data;
  const change = (c: History['years'][number]['change']) =>
    c
      ? `${Number(c.score) > 0 ? '+' : ''}${c.score} · ${t(c.grade === 'up' ? 'yh.up' : c.grade === 'down' ? 'yh.down' : 'yh.same')}`
      : '—';
  return (
    <section aria-labelledby="evaluation-history" data-testid="evaluation-history">
      <h3 id="evaluation-history">{t('yh.title')}</h3>
      {res.error ? <ErrorNotice error={res.error} /> : null}
      {!data && res.loading ? <Loading /> : null}
      {data && data.years.filter((y) => y.year < year).length === 0 ? <p>{t('yh.none')}</p> : null}
      {data && data.years.length > 0 ? (
        <ScrollBox label={t('yh.caption')}>
          <table className="table">
            <caption>{t('yh.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('yh.year')}</th>
                <th scope="col">{t('yh.score')}</th>
                <th scope="col">{t('yh.grade')}</th>
                <th scope="col">{t('yh.change')}</th>
                {data.indicators.map((i) => (
                  <th scope="col" key={i.id}>
                    {pick(i.name)}（{i.unit}）
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.years.map((y) => (
                <tr key={y.year} data-year={y.year}>
                  <th scope="row">{t('yh.yearValue', { year: y.year })}</th>
                  <td>{y.score ?? t('yh.notScored')}</td>
                  <td>{y.grade ? gradeLabel(i18n, y.grade) : '—'}</td>
                  <td>{change(y.change)}</td>
                  {y.indicators.map((v) => (
                    <td key={v.id}>{v.actual ?? '—'}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      ) : null}
    </section>
  );
}
