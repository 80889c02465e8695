/**
 * What happens once an uploaded document has been inspected: the inspection is recorded (audited), then the
 * evaluation chain takes the document (a complete self-evaluation resumes its workflow).
 */
import { recordInspection, type UploadedDocument } from '#shared/documents';
import { onDocumentUploaded as evaluationHook } from '#shared/evaluations';

export async function onDocumentUploaded(doc: UploadedDocument): Promise<void> {
  await recordInspection(doc);
  await evaluationHook(doc);
}
