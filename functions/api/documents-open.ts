import { z } from 'zod';
import { DOCUMENT_OWNERS } from '#functions/commons/document-owners';
import { api } from '#functions/commons/http';
import { openDocument } from '#shared/documents/documents';

/**
 * GET /api/documents?key=<object key> — a short-lived link (5 minutes) that opens one recorded document at its
 * recorded version: a PDF inline, an Office file as a download. Authorised as the record it belongs to; audited
 * whether granted or refused. Changes no record.
 */
export const handler = api(
  {
    query: z.strictObject({
      key: z
        .string()
        .max(1024)
        .regex(/^uploads\/([A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*\.(pdf|docx|xlsx)$/, {
          error: '文件标识无效 / not a document key',
        })
        .meta({
          description: 'the object key, as the record shows it (`report.key`, `template.key`, `evidence[].key`)',
        }),
    }),
  },
  async ({ principal, query }) => ({
    status: 200,
    body: await openDocument(principal, query.key, DOCUMENT_OWNERS),
  }),
);
