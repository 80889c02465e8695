import { z } from 'zod';

/**
 * The stored items the publication wing reads, as zod schemas. Its own: the publication record
 * (`CYCLE#<year>` / `PUBLICATION`, a province's `PUBLICATION#<province>`, listed among the years that published). Of other wings' work items it reads the
 * targets (parsed by `targets/records.ts`) and, of an assessment, what the disclosure shows.
 */
const Key = z.object({ pk: z.string(), sk: z.string() });

export const PublicationRecord = Key.extend({
  year: z.int(),
  /** the province that published (absent: central) */
  org: z.string().optional(),
  /** the snapshot's object key in the bucket */
  key: z.string(),
  publishedAt: z.string(),
  counts: z.object({ targets: z.int(), results: z.int(), assessments: z.int() }),
  /** the snapshot's object version, where the bucket is versioned */
  versionId: z.string().optional(),
  version: z.int(),
  /** its place in the list of years that published */
  gsi1pk: z.string().optional(),
  gsi1sk: z.string().optional(),
});
export type PublicationRecord = z.infer<typeof PublicationRecord>;

/** An assessment work item (kept by the evaluation wing), as far as the disclosure shows it. */
export const PublishedAssessment = z.object({
  org: z.string(),
  kind: z.literal('assessment'),
  status: z.string(),
  total: z.string().nullish(),
  outcome: z.string().nullish(),
});
export type PublishedAssessment = z.infer<typeof PublishedAssessment>;
