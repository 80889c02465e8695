import { getRecord, queryAll } from '#shared/platform/records';
import { keys, monitoringItemKind, patterns } from '#shared/platform/table';
import { DraftedTarget, MonitoredFigures } from '#shared/reports/records';

/**
 * The reports wing's store: it writes nothing. It reads a unit's target and its monitoring submissions, each parsed
 * by the wing's own narrow schema (the evaluation items it reads through the evaluation wing's store).
 */

/** A unit's target of a fund, or `undefined`. */
export async function draftedTarget(year: number, org: string, fund: string): Promise<DraftedTarget | undefined> {
  const item = await getRecord(keys.workItem(year, org, 'targets', fund));
  return item === undefined ? undefined : DraftedTarget.parse(item);
}

/** A region's monitoring submissions of a fund, by period (one Query of its monitoring partition). */
export async function monitoredFigures(year: number, org: string, fund: string): Promise<MonitoredFigures[]> {
  const items = await queryAll(patterns.monitoring(year, org, fund));
  return items
    .filter((i) => monitoringItemKind(String(i.sk)) === 'submission')
    .map((i) => MonitoredFigures.parse(i))
    .sort((a, b) => a.asOf.localeCompare(b.asOf));
}
