import type { Cycle } from '#shared/cycle/records';
import { type Actor, createRecord, getRecord, queryAll, updateRecord } from '#shared/platform/records';
import { indexKeys, keys, patterns } from '#shared/platform/table';
import { PublicationRecord, PublishedAssessment } from '#shared/publication/records';
import { TargetRecord } from '#shared/targets/records';

/**
 * The publication wing's store: the publication record of a year, the list of years that published, and the
 * cycle's targets and assessments the snapshot is made of. Every read is parsed by its schema.
 */

interface Audit {
  actor: Actor;
  action: string;
}

/** A cycle's targets and assessments (its other work items are not disclosed from here). */
export async function disclosedItems(
  year: number,
): Promise<{ targets: TargetRecord[]; assessments: PublishedAssessment[] }> {
  const items = await queryAll(patterns.cycleItems(year));
  return {
    targets: items.filter((i) => i.kind === 'targets').map((i) => TargetRecord.parse(i)),
    assessments: items.filter((i) => i.kind === 'assessment').map((i) => PublishedAssessment.parse(i)),
  };
}

/**
 * Record a year's publication, central's or (`province`) a province's (listed among the years that published):
 * created, or updated at the version read.
 */
export async function savePublication(
  year: number,
  province: string | undefined,
  fields: Omit<PublicationRecord, 'pk' | 'sk' | 'version' | 'gsi1pk' | 'gsi1sk'>,
  audit: Audit,
): Promise<void> {
  const key = province ? keys.provincePublication(year, province) : keys.publication(year);
  const item = await getRecord(key);
  const existing = item === undefined ? undefined : PublicationRecord.parse(item);
  const listed = province ? indexKeys.provincePublication(year, province) : indexKeys.publication(year);
  if (existing) await updateRecord(existing, { ...fields, ...listed }, audit);
  else await createRecord({ ...key, ...listed, ...fields }, audit);
}

/** Close the cycle once its results are published. */
export async function closeCycle(cycle: Cycle, audit: Audit): Promise<void> {
  await updateRecord(cycle, { phase: 'closed' }, audit);
}

/** The publications of every year and level, newest year first. */
export async function queryPublications(): Promise<PublicationRecord[]> {
  return (await queryAll(patterns.publications())).map((i) => PublicationRecord.parse(i));
}
