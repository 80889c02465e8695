/**
 * What happens once an uploaded document has been inspected: the inspection is recorded (audited), then the
 * evaluation chain or monitoring takes the document (a complete self-evaluation resumes its workflow; a filled
 * monitoring template is submitted; a correction's evidence file lands on its correction).
 */
import { recordInspection, type UploadedDocument } from '#shared/documents/documents';
import { onDocumentUploaded as evaluationHook } from '#shared/evaluation/self-evaluation';
import { onCorrectionEvidence } from '#shared/monitoring/corrections';
import { onMonitoringUpload } from '#shared/monitoring/uploads';

export async function onDocumentUploaded(doc: UploadedDocument): Promise<void> {
  await recordInspection(doc);
  // each hook takes only the keys it owns (uploads/evaluations/…, uploads/monitoring/…, uploads/corrections/…)
  await evaluationHook(doc);
  await onMonitoringUpload(doc);
  await onCorrectionEvidence(doc);
}
