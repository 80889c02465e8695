/**
 * Year over year (R8.1, issue 17 point 6): a region × fund's self-evaluation result beside the previous years' —
 * score, grade and the fund's key indicators (its 个性指标, the ones not common to every fund) — and how each year
 * moved from the one before. `yearOverYear` is pure; `evaluationHistory` reads the years and shapes the view.
 */
import Decimal from 'decimal.js';
import type { SelfEvaluation } from '#shared/evaluation/records';
import { findEvaluation } from '#shared/evaluation/store';
import type { Bilingual } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { listIndicators } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';
import type { Grade } from '#shared/reference/scoring';

/** How many previous budget years the history shows. */
export const HISTORY_YEARS = 4;

const GRADE_RANK: Record<Grade, number> = { 优: 4, 良: 3, 中: 2, 差: 1 };

export interface HistoryYear {
  year: number;
  status: SelfEvaluation['status'];
  /** the total of the score card, 2 places; null before it is scored */
  score: string | null;
  grade: Grade | null;
  /** each key indicator's actual and score that year (null where not reported) */
  indicators: { id: string; actual: string | null; score: string | null }[];
  /** against the previous year shown that has a score: points gained or lost, and the grade's move */
  change: { from: number; score: string; grade: 'up' | 'down' | 'same' } | null;
}

/** The years in ascending order, each with its change from the previous scored year. Pure. */
export function yearOverYear(items: readonly SelfEvaluation[], keyIds: readonly string[]): HistoryYear[] {
  const sorted = [...items].sort((a, b) => a.year - b.year);
  let previous: { year: number; score: Decimal; grade: Grade } | undefined;
  return sorted.map((e) => {
    const card = e.score;
    const score = card ? new Decimal(card.total) : undefined;
    const change =
      card && score && previous
        ? {
            from: previous.year,
            score: score.minus(previous.score).toFixed(2),
            grade:
              GRADE_RANK[card.grade] > GRADE_RANK[previous.grade]
                ? ('up' as const)
                : GRADE_RANK[card.grade] < GRADE_RANK[previous.grade]
                  ? ('down' as const)
                  : ('same' as const),
          }
        : null;
    if (card && score) previous = { year: e.year, score, grade: card.grade };
    return {
      year: e.year,
      status: e.status,
      score: card ? score!.toFixed(2) : null,
      grade: card?.grade ?? null,
      indicators: keyIds.map((id) => ({
        id,
        actual: e.actuals?.find((a) => a.id === id)?.actual ?? null,
        score: card?.indicators.find((s) => s.id === id)?.score ?? null,
      })),
      change,
    };
  });
}

/**
 * `GET /api/cycles/{year}/evaluations/{org}/{fund}/history` — this year's result and the `HISTORY_YEARS` before it
 * for the same unit × fund, with the key indicators named once.
 */
export async function evaluationHistory(principal: Principal, year: number, org: string, fund: string) {
  authorize(principal, 'reference.read', org);
  getOrg(org);
  getFund(fund);
  const keys: { id: string; name: Bilingual; unit: string }[] = listIndicators({ fund })
    .filter((i) => i.funds !== 'all')
    .map((i) => ({ id: i.id, name: i.name, unit: i.unit }));
  const years = Array.from({ length: HISTORY_YEARS + 1 }, (_, i) => year - HISTORY_YEARS + i);
  const found = (await Promise.all(years.map((y) => findEvaluation(y, org, fund)))).filter(
    (e): e is SelfEvaluation => e !== undefined,
  );
  return {
    year,
    org,
    fund,
    indicators: keys,
    years: yearOverYear(
      found,
      keys.map((k) => k.id),
    ),
  };
}
