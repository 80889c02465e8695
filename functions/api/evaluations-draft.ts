import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { selfEvaluationDraft } from '#shared/reports/drafts';
import { docxHeaders } from '#shared/reports/layout';

/** GET /api/cycles/{year}/evaluations/{org}/{fund}/draft — the region's 绩效自评报告 drafted from the records (.docx). */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => {
    const d = await selfEvaluationDraft(principal, params.year, params.org, params.fund);
    return { status: 200, body: d.buf, headers: docxHeaders(d.name, d.ascii) };
  },
);
