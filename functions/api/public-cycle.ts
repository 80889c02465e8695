import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { readDisclosure } from '#shared/publication/publication';
import { disclosureDocument } from '#shared/reports/drafts';
import { docxHeaders } from '#shared/reports/layout';
import { disclosureWorkbook } from '#shared/reports/workbook';

const PublicFormat = z
  .enum(['json', 'xlsx', 'docx'], { error: '格式须为 json、xlsx 或 docx / format must be json, xlsx or docx' })
  .meta({ id: 'PublicFormat', description: 'json (default), xlsx or docx' });

/**
 * GET /api/public/cycles/{year}[?org=<province>][&format=xlsx|docx] — what a level published (central's unless
 * `org` names a province), for the public and the People's Congress. No sign-in.
 */
export const handler = api(
  {
    public: true,
    params: YearPath,
    query: z.strictObject({ org: OrgCode.optional(), format: PublicFormat.optional() }),
  },
  async ({ params, query }) => {
    const d = await readDisclosure(params.year, query.org);
    if (query.format === 'xlsx' || query.format === 'docx') {
      const file = query.format === 'xlsx' ? await disclosureWorkbook(d) : await disclosureDocument(d);
      const headers = docxHeaders(file.name, file.ascii);
      if (query.format === 'xlsx')
        headers['content-type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      return { status: 200, body: file.buf, headers: { ...headers, 'cache-control': 'public, max-age=300' } };
    }
    return { status: 200, body: d, headers: { 'cache-control': 'public, max-age=300' } };
  },
);
