import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode } from '#functions/commons/params';
import { assertMayImport, importStaff } from '#shared/directory/import';
import { AppError, badRequest } from '#shared/platform/errors';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest staff list accepted (500 rows are far less). */
export const MAX_STAFF_LIST_BYTES = 1024 * 1024;

/**
 * POST /api/directory/import?org= — import an Excel staff list (the .xlsx as the raw body). 201 with the count; 422
 * `IMPORT_REFUSED` with one error per cell and nothing written when any row is refused. Importing the same file again
 * completes an import that stopped part-way and adds nobody twice.
 */
export const handler = api({ query: z.strictObject({ org: OrgCode }) }, async ({ principal, query, event }) => {
  // who may import is answered before what was sent: a caller who may not gets 403 whatever the body
  assertMayImport(principal, query.org);
  const headers = event.headers ?? {};
  const type = (headers['content-type'] ?? headers['Content-Type'] ?? '').split(';')[0]?.trim();
  if (type !== XLSX_TYPE) {
    throw new AppError(415, 'XLSX_REQUIRED', {
      zh: '请上传 Excel 工作簿（.xlsx）',
      en: 'The request must be an Excel workbook (.xlsx)',
    });
  }
  const raw = event.body ?? '';
  const file = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'latin1');
  if (file.length > MAX_STAFF_LIST_BYTES) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', {
      zh: `文件过大（上限 ${MAX_STAFF_LIST_BYTES / 1024 / 1024} MB）`,
      en: `The file is too large (limit ${MAX_STAFF_LIST_BYTES / 1024 / 1024} MB)`,
    });
  }
  if (!file.length) throw badRequest('BODY_REQUIRED', { zh: '缺少文件', en: 'The file is missing' });
  const result = await importStaff(principal, query.org, file);
  return { status: result.created ? 201 : 200, body: result };
});
