import { z } from 'zod';

/**
 * The stored items of the documents wing, as zod schemas: what the store reads is parsed, not cast. An inspection is
 * `DOC#<object key>` / `DOC` (keys in `platform/table.ts`), written once per object.
 */
const Bilingual = z.object({ zh: z.string(), en: z.string() });

export const DocumentType = z.enum(['docx', 'pdf', 'xlsx']);
export type DocumentType = z.infer<typeof DocumentType>;

/** Why an object was refused. */
export const InspectionError = z.object({ code: z.string(), message: Bilingual });
export type InspectionError = z.infer<typeof InspectionError>;

/** What inspecting an uploaded object found. */
export const DocumentRecord = z.object({
  pk: z.string(),
  sk: z.string(),
  key: z.string(),
  ok: z.boolean(),
  size: z.number(),
  sha256: z.string().optional(),
  type: DocumentType.optional(),
  versionId: z.string().optional(),
  errors: z.array(InspectionError),
  inspectedAt: z.string(),
  version: z.number(),
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;
