/**
 * Which wing owns which recorded documents, and so decides who may open them (`GET /api/documents`): the owner
 * authorises as for the record the document belongs to. Like `document-hooks.ts`, it imports wings, so it sits at
 * the edge.
 */
import type { DocumentOwner } from '#shared/documents/documents';
import { evaluationDocuments } from '#shared/evaluation/documents';

export const DOCUMENT_OWNERS: DocumentOwner[] = [evaluationDocuments];
