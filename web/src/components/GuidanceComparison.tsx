import type { Indicator, TargetValue } from '#shared/reference/indicators';
import { formatTarget } from '../domain.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A province's proposed values beside central's guiding values (第十条), indicator by indicator, for the central
 * review (中央审核): where they differ the row says so in words, not by colour alone.
 */
export function GuidanceComparison({
  proposed,
  guidance,
  indicators,
}: {
  proposed: { id: string; target: TargetValue }[];
  guidance: { id: string; target: TargetValue }[];
  indicators: Indicator[];
}) {
  const { t, pick } = useI18n();
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const ids = [...new Set([...proposed.map((p) => p.id), ...guidance.map((g) => g.id)])];
  const differing = ids.filter(
    (id) =>
      formatTarget(proposed.find((p) => p.id === id)?.target) !==
      formatTarget(guidance.find((g) => g.id === id)?.target),
  ).length;
  return (
    <>
      <p data-testid="guidance-summary">
        {differing === 0 ? t('gc.allSame') : t('gc.differing', { count: differing })}
      </p>
      <div className="table-wrap">
        <table className="table" data-testid="guidance-comparison">
          <caption>{t('gc.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('score.indicator')}</th>
              <th scope="col">{t('gc.proposed')}</th>
              <th scope="col">{t('gc.guiding')}</th>
              <th scope="col">{t('targets.unit')}</th>
              <th scope="col">{t('gc.compare')}</th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => {
              const p = formatTarget(proposed.find((x) => x.id === id)?.target);
              const g = formatTarget(guidance.find((x) => x.id === id)?.target);
              return (
                <tr key={id} data-indicator={id} data-differs={p !== g || undefined}>
                  <th scope="row">{pick(byId.get(id)?.name) || id}</th>
                  <td>{p}</td>
                  <td>{g}</td>
                  <td>{byId.get(id)?.unit ?? ''}</td>
                  <td>{p === g ? t('gc.same') : <strong>{t('gc.differs')}</strong>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
