import type { z } from 'zod';
import { CycleDeadlines, FindingSeen, ItemStep, MonitorSeen, PeriodSeen } from '#shared/overviews/records';
import { getRecord, queryAll } from '#shared/platform/records';
import { keys, patterns, provinceMonitoringItemKind } from '#shared/platform/table';

/**
 * The overviews' reads, parsed by the narrow schemas of `records.ts`: whole partitions or index ranges in one Query
 * (paged), never an item per row — the cycle's work items (all, or one province's range of organisation codes) and
 * one province's monitoring (monitors, periods, findings on gsi1).
 */

const parseAll = <S extends z.ZodType>(schema: S, items: Record<string, unknown>[]): z.infer<S>[] =>
  items.map((item) => schema.parse(item));

export async function readCycleDeadlines(year: number): Promise<CycleDeadlines | undefined> {
  const item = await getRecord(keys.cycle(year));
  return item === undefined ? undefined : CycleDeadlines.parse(item);
}

/**
 * The cycle's work items: all of them, or those whose organisation code starts with `orgPrefix` (a province's two
 * GB/T 2260 digits cover the province and its regions: one range of the cycle's partition).
 */
export async function readCycleItems(year: number, orgPrefix = ''): Promise<ItemStep[]> {
  return parseAll(ItemStep, await queryAll(patterns.cycleItems(year, orgPrefix)));
}

/** One provincial unit's monitoring: its monitors, periods and findings (one index Query). */
export async function readMonitoring(year: number, province: string) {
  const items = await queryAll(patterns.provinceMonitoring(year, province));
  const of = (kind: ReturnType<typeof provinceMonitoringItemKind>) =>
    items.filter((item) => provinceMonitoringItemKind(String(item.gsi1sk)) === kind);
  return {
    monitors: parseAll(MonitorSeen, of('monitor')),
    periods: parseAll(PeriodSeen, of('period')),
    findings: parseAll(FindingSeen, of('finding')),
  };
}
