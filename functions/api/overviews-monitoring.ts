import { z } from 'zod';
import { api } from '#functions/commons/http';
import { DownloadFormat, OrgCode, YearPath } from '#functions/commons/params';
import { monitoringOverview } from '#shared/overviews/overviews';
import { monitoringWorkbook, xlsxHeaders } from '#shared/overviews/workbook';

/**
 * GET /api/cycles/{year}/overviews/monitoring[?org=<province>][&format=xlsx] — 全国监控概览: the provincial units ×
 * funds (central), or one province's monitored units × funds.
 */
export const handler = api(
  { params: YearPath, query: z.strictObject({ org: OrgCode.optional(), format: DownloadFormat.optional() }) },
  async ({ principal, params, query }) => {
    const overview = await monitoringOverview(principal, params.year, query.org);
    if (query.format !== 'xlsx') return { status: 200, body: overview };
    const name = overview.scope ? `${overview.scope.name.zh}监控概览` : '全国监控概览';
    return {
      status: 200,
      body: await monitoringWorkbook(overview),
      headers: xlsxHeaders(`${params.year}年度${name}.xlsx`, `monitoring-${params.year}.xlsx`),
    };
  },
);
