import { z } from 'zod';
import { api } from '#functions/commons/http';
import { DownloadFormat, OrgCode, YearPath } from '#functions/commons/params';
import { completeness } from '#shared/overviews/overviews';
import { completenessWorkbook, xlsxHeaders } from '#shared/overviews/workbook';

/**
 * GET /api/cycles/{year}/overviews/completeness[?org=<province>][&format=xlsx] — 完成情况: per phase and tier, how
 * many are due, done, on time, late, missing (nationally for central; a province its own).
 */
export const handler = api(
  { params: YearPath, query: z.strictObject({ org: OrgCode.optional(), format: DownloadFormat.optional() }) },
  async ({ principal, params, query }) => {
    const figures = await completeness(principal, params.year, query.org);
    if (query.format !== 'xlsx') return { status: 200, body: figures };
    const name = figures.scope ? `${figures.scope.name.zh}完成情况` : '全国完成情况';
    return {
      status: 200,
      body: await completenessWorkbook(figures),
      headers: xlsxHeaders(`${params.year}年度${name}.xlsx`, `completeness-${params.year}.xlsx`),
    };
  },
);
