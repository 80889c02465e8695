import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { AppError, badRequest } from '#shared/platform/errors';
import { assertMayImportBudget, importBudgets } from '#shared/targets/budget-import';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The largest budget export accepted (a sheet of a few funds is far less). */
const MAX_BUDGET_FILE_BYTES = 1024 * 1024;

/**
 * POST /api/budgets/import?year=&org=&kind= — import the budget system's Excel export (the .xlsx as the raw body):
 * `kind=budget` arranges each row's budget, `kind=final-accounts` records its final accounts. 201 when anything was
 * written, 200 when everything was already so; 422 `IMPORT_REFUSED` with one error per cell and nothing written when
 * any row is refused.
 */
export const handler = api(
  {
    query: z.strictObject({
      year: Year,
      org: OrgCode,
      kind: z.enum(['budget', 'final-accounts'], { error: '类别须为 budget 或 final-accounts / kind' }),
    }),
  },
  async ({ principal, query, event }) => {
    // who may import is answered before what was sent
    assertMayImportBudget(principal, query.org);
    const headers = event.headers ?? {};
    const type = (headers['content-type'] ?? headers['Content-Type'] ?? '').split(';')[0]?.trim();
    if (type !== XLSX_TYPE) {
      throw new AppError(415, 'XLSX_REQUIRED', {
        zh: '请上传Excel工作簿（.xlsx）',
        en: 'The request must be an Excel workbook (.xlsx)',
      });
    }
    const raw = event.body ?? '';
    const file = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'latin1');
    if (file.length > MAX_BUDGET_FILE_BYTES) {
      throw new AppError(413, 'PAYLOAD_TOO_LARGE', {
        zh: `文件过大（上限${MAX_BUDGET_FILE_BYTES / 1024 / 1024}MB）`,
        en: `The file is too large (limit ${MAX_BUDGET_FILE_BYTES / 1024 / 1024} MB)`,
      });
    }
    if (!file.length) throw badRequest('BODY_REQUIRED', { zh: '缺少文件', en: 'The file is missing' });
    const result = await importBudgets(principal, query.year, query.org, query.kind, file);
    return { status: result.written.length ? 201 : 200, body: result };
  },
);
