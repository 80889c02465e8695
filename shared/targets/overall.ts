/**
 * A provincial unit's annual target against central's overall (multi-year) target of its period (R8.1, issue 17
 * point 6): per indicator both have a value for, whether the annual value reaches the overall one in the indicator's
 * direction and by how much it deviates — by the one 目标比较法 of `reference/deviation.ts`, the annual value in the
 * place of an actual. Pure; the central reviewer sees it beside the target under review.
 */
import type { Bilingual } from '#shared/platform/errors';
import { compareWithTargets } from '#shared/reference/deviation';
import { listIndicators, type TargetValue } from '#shared/reference/indicators';
import type { StoredIndicator } from '#shared/targets/records';

export interface OverallComparison {
  id: string;
  name: Bilingual;
  unit: string;
  /** the province's annual target */
  annual: TargetValue;
  /** central's overall target of the period */
  overall: TargetValue;
  /** the annual target reaches the overall one in the indicator's direction */
  met: boolean;
  side: 'below' | 'on' | 'above';
  /** |annual − overall| ÷ |overall| (grades: grades below), 4 places */
  deviation: string;
  /** met = false, or beyond the deviation threshold (10 %): the reviewer's attention */
  flagged: boolean;
}

/**
 * The comparison of each annual indicator with central's overall target of the same indicator. An indicator central
 * set no overall value for, and an annual range (no single value to compare), are left out.
 */
export function againstOverall(
  fund: string,
  annual: readonly StoredIndicator[],
  overall: readonly StoredIndicator[],
): OverallComparison[] {
  const catalogue = new Map(listIndicators({ fund }).map((i) => [i.id, i]));
  const central = new Map(overall.map((i) => [i.id, i.target]));
  const out: OverallComparison[] = [];
  for (const a of annual) {
    const indicator = catalogue.get(a.id);
    const target = central.get(a.id);
    if (!indicator || !target || 'min' in a.target) continue;
    if ('grade' in a.target !== 'grade' in target) continue;
    const [c] = compareWithTargets([
      { indicator, target, actual: 'grade' in a.target ? { grade: a.target.grade } : a.target.value },
    ]);
    if (!c) continue;
    out.push({
      id: a.id,
      name: indicator.name,
      unit: indicator.unit,
      annual: a.target,
      overall: target,
      met: c.met,
      side: c.side,
      deviation: c.deviation.toDecimalPlaces(4).toString(),
      flagged: c.explanationRequired,
    });
  }
  return out;
}
