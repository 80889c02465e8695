import type { z } from 'zod';
import { Cycle, type CyclePhase, NoticeRecord, TrailEntry, WorkItem } from '#shared/cycle/records';
import {
  type Actor,
  auditTrail,
  createRecord,
  createRecords,
  getRecord,
  queryAll,
  updateRecord,
} from '#shared/platform/records';
import { indexKeys, type Key, keys, patterns } from '#shared/platform/table';

/**
 * The cycle wing's store: the cycle record, the work items of a cycle, the notices sent at kickoff and a work
 * item's audit trail. Every read is parsed by its schema in `records.ts`.
 */

/** One item by its key, parsed by its schema; undefined when absent. */
async function read<S extends z.ZodType>(schema: S, key: Key): Promise<z.infer<S> | undefined> {
  const item = await getRecord(key);
  return item === undefined ? undefined : schema.parse(item);
}

export const cycleKey = (year: number): Key => keys.cycle(year);

/** Create the cycle (listed among all cycles); false when it already exists. */
export async function createCycle(cycle: Cycle, actor: Actor): Promise<boolean> {
  return createRecord({ ...cycle, ...indexKeys.cycle(cycle.year) }, { actor, action: 'cycle.kickoff' });
}

export async function readCycleRecord(year: number): Promise<Cycle | undefined> {
  return read(Cycle, keys.cycle(year));
}

/** All cycles, newest first. */
export async function queryCycles(): Promise<Cycle[]> {
  return (await queryAll(patterns.cycles())).map((item) => Cycle.parse(item));
}

/** Move the cycle to another phase, at the version read. */
export async function setPhase(cycle: Cycle, phase: CyclePhase, actor: Actor): Promise<Cycle> {
  return updateRecord(cycle, { phase }, { actor, action: 'cycle.phase' });
}

/** A cycle's work items: one organisation's (an index query), or the whole cycle's (a partition query). */
export async function queryWorkItems(year: number, org?: string): Promise<WorkItem[]> {
  const items = org ? await queryAll(patterns.orgItems(org, year)) : await queryAll(patterns.cycleItems(year));
  return items.map((item) => WorkItem.parse(item));
}

/** Create a unit's work items (one per fund) together; those that exist already are left as they are. */
export async function createWorkItems(
  items: { year: number; org: string; kind: string; fund: string; status: string; stepSince: string; due: string }[],
  actor: Actor,
): Promise<number> {
  return createRecords(
    items.map((item) => {
      const { year, org, kind, fund } = item;
      return { ...keys.workItem(year, org, kind, fund), ...indexKeys.workItem(year, org, kind, fund), ...item };
    }),
    { actor, action: 'work-item.create' },
  );
}

/** Whether a notice of this kind was already sent to the organisation this year. */
export async function noticeSent(year: number, kind: string, org: string): Promise<boolean> {
  return (await read(NoticeRecord, keys.notice(year, kind, org))) !== undefined;
}

/** Record a notice as sent. */
export async function recordNotice(
  year: number,
  kind: string,
  org: string,
  to: string,
  sentAt: string,
  actor: Actor,
): Promise<void> {
  await createRecord({ ...keys.notice(year, kind, org), kind, org, to, sentAt }, { actor, action: 'notice.sent' });
}

/** A work item's audit trail, as its timeline reads it. */
export async function workItemTrail(year: number, org: string, kind: string, fund: string): Promise<TrailEntry[]> {
  return (await auditTrail(keys.workItem(year, org, kind, fund))).map((entry) => TrailEntry.parse(entry));
}
