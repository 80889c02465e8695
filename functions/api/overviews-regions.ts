import { z } from 'zod';
import { api } from '#functions/commons/http';
import { DownloadFormat, OrgCode, YearPath } from '#functions/commons/params';
import { regionMatrix } from '#shared/overviews/overviews';
import { matrixWorkbook, xlsxHeaders } from '#shared/overviews/workbook';

/**
 * GET /api/cycles/{year}/overviews/regions?org=<province>[&format=xlsx] — 统筹地区进度: the province's units × funds,
 * each cell the item's workflow step and since when (a province's own by default; central names one).
 */
export const handler = api(
  { params: YearPath, query: z.strictObject({ org: OrgCode.optional(), format: DownloadFormat.optional() }) },
  async ({ principal, params, query }) => {
    const matrix = await regionMatrix(principal, params.year, query.org);
    if (query.format !== 'xlsx') return { status: 200, body: matrix };
    return {
      status: 200,
      body: await matrixWorkbook(matrix),
      headers: xlsxHeaders(
        `${params.year}年度${matrix.province.name.zh}统筹地区进度.xlsx`,
        `regions-${matrix.province.org}-${params.year}.xlsx`,
      ),
    };
  },
);
