import type { Indicator } from '#shared/reference/indicators';
import { useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { gradeLabel } from '../labels.ts';
import type { Evaluation } from './Evaluations.tsx';

/** The score card of a self-evaluation as the API shows it. */
export type ScoreCard = NonNullable<Evaluation['scoreCard']>;

/** A self-evaluation's score card: each indicator's weight, score and whether it met its target; total and grade. */
export function ScoreCardTable({ fund, card, caption }: { fund: string; card: ScoreCard; caption: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const indicators = useResource<Indicator[]>(`/api/indicators?fund=${fund}`, { cache: true });
  const name = (id: string) => pick(indicators.data?.find((i) => i.id === id)?.name) || id;
  const met = new Map((card.comparisons ?? []).map((c) => [c.id, c]));
  return (
    <div className="table-wrap">
      <table className="table" data-testid="score-card">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('score.indicator')}</th>
            <th scope="col" className="num">
              {t('score.weight')}
            </th>
            <th scope="col" className="num">
              {t('score.score')}
            </th>
            <th scope="col">{t('score.met')}</th>
          </tr>
        </thead>
        <tbody>
          {card.indicators.map((s) => {
            const c = met.get(s.id);
            return (
              <tr key={s.id}>
                <th scope="row">{name(s.id)}</th>
                <td className="num">{s.weight}</td>
                <td className="num">{s.score}</td>
                <td>
                  {c ? (
                    <span className={c.met ? 'ok' : 'warn'}>
                      {t(c.met ? 'score.metYes' : 'score.metNo')}
                      {c.explanationRequired ? ` · ${t('score.explained')}` : ''}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          {Object.entries(card.subtotals).map(([category, subtotal]) => (
            <tr key={category}>
              <th scope="row">{t(`category.${category}` as Key)}</th>
              <td />
              <td className="num">{subtotal}</td>
              <td />
            </tr>
          ))}
          <tr className="total">
            <th scope="row">{t('score.total')}</th>
            <td />
            <td className="num" data-testid="score-total">
              {card.total}
            </td>
            <td>{gradeLabel(i18n, card.grade)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
