import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { nationalReport } from '#shared/reports/drafts';
import { docxHeaders } from '#shared/reports/layout';

/** GET /api/cycles/{year}/national-report — central's report to the People's Congress, drafted (.docx). */
export const handler = api({ params: YearPath }, async ({ principal, params }) => {
  const d = await nationalReport(principal, params.year);
  return { status: 200, body: d.buf, headers: docxHeaders(d.name, d.ascii) };
});
