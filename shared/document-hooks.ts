/**
 * TEMPORARY: what happens once an uploaded document has been inspected, until `shared/evaluations.ts` takes over
 * (it will resume the waiting workflow). For now the inspection is recorded (audited) and nothing else.
 */
import { recordInspection, type UploadedDocument } from '#shared/documents';

export async function onDocumentUploaded(doc: UploadedDocument): Promise<void> {
  await recordInspection(doc);
}
