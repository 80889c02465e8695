import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, Year } from '#functions/commons/params';
import { provincialDraft } from '#shared/reports/drafts';
import { docxHeaders } from '#shared/reports/layout';

/** GET /api/cycles/{year}/provincial-evaluations/{org}/draft — the 省级绩效评价报告 drafted from the records (.docx). */
export const handler = api({ params: z.object({ year: Year, org: OrgCode }) }, async ({ principal, params }) => {
  const d = await provincialDraft(principal, params.year, params.org);
  return { status: 200, body: d.buf, headers: docxHeaders(d.name, d.ascii) };
});
