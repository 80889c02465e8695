import ExcelJS from 'exceljs';
import type { Completeness, MonitoringCell, MonitoringOverview, RegionMatrix } from '#shared/overviews/overviews';
import { PHASE_LABELS, TIER_LABELS } from '#shared/overviews/overviews';

/**
 * The overviews as .xlsx (exceljs): one sheet each, a bold header row in Chinese, frozen, with column widths;
 * counts are numbers, dates Asia/Shanghai as `2026年12月31日`.
 */

const DAY = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
});

/** `2026年12月31日` (Asia/Shanghai). */
export function shanghaiDate(iso: string): string {
  const parts = Object.fromEntries(DAY.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}年${parts.month}月${parts.day}日`;
}

interface Column {
  header: string;
  width: number;
}

async function workbook(sheet: string, columns: Column[], rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { vertical: 'middle', wrapText: true };
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const MONITORING_FIGURES: { key: keyof MonitoringCell; zh: string }[] = [
  { key: 'units', zh: '监控单位数' },
  { key: 'due', zh: '应报期次' },
  { key: 'submitted', zh: '已报送' },
  { key: 'late', zh: '逾期报送' },
  { key: 'missing', zh: '未报送' },
  { key: 'openFindings', zh: '未销号问题' },
  { key: 'behind', zh: '执行进度滞后' },
];

/** One row per unit × fund (filterable), then each unit's total. */
export function monitoringWorkbook(o: MonitoringOverview): Promise<Buffer> {
  const columns: Column[] = [
    { header: o.scope ? '统筹地区' : '省份', width: 24 },
    { header: '代码', width: 10 },
    { header: '险种', width: 26 },
    ...MONITORING_FIGURES.map((f) => ({ header: f.zh, width: 12 })),
  ];
  const rows: (string | number)[][] = [];
  for (const r of o.rows) {
    for (const f of o.funds) {
      const c = r.cells[f.code] as MonitoringCell;
      rows.push([r.name.zh, r.org, f.name.zh, ...MONITORING_FIGURES.map((x) => c[x.key])]);
    }
    rows.push([r.name.zh, r.org, '合计', ...MONITORING_FIGURES.map((x) => r.total[x.key])]);
  }
  rows.push(['合计', '', '', ...MONITORING_FIGURES.map((x) => o.total[x.key])]);
  return workbook(o.scope ? `${o.scope.name.zh}监控概览` : '全国监控概览', columns, rows);
}

/** Rows the units, two columns per fund: the step and the date it entered it. */
export function matrixWorkbook(m: RegionMatrix): Promise<Buffer> {
  const columns: Column[] = [
    { header: '统筹地区', width: 24 },
    { header: '代码', width: 10 },
    ...m.funds.flatMap((f) => [
      { header: `${f.name.zh}·当前步骤`, width: 16 },
      { header: `${f.name.zh}·起始日期`, width: 16 },
    ]),
  ];
  const rows = m.rows.map((r) => [
    r.name.zh,
    r.org,
    ...m.funds.flatMap((f) => {
      const c = r.cells[f.code];
      if (!c?.applicable) return ['—', ''];
      return [c.step.label.zh, c.since ? shanghaiDate(c.since) : ''];
    }),
  ]);
  return workbook('统筹地区进度', columns, rows);
}

export function completenessWorkbook(c: Completeness): Promise<Buffer> {
  const columns: Column[] = [
    { header: '阶段', width: 16 },
    { header: '层级', width: 10 },
    { header: '统计内容', width: 30 },
    { header: '应完成', width: 10 },
    { header: '已完成', width: 10 },
    { header: '按时完成', width: 10 },
    { header: '逾期完成', width: 10 },
    { header: '逾期未完成', width: 12 },
    { header: '未到期', width: 10 },
  ];
  const rows = c.rows.map((r) => [
    PHASE_LABELS[r.phase].zh,
    TIER_LABELS[r.tier].zh,
    r.what.zh,
    r.due,
    r.done,
    r.onTime,
    r.late,
    r.missing,
    r.pending,
  ]);
  return workbook(c.scope ? `${c.scope.name.zh}完成情况` : '完成情况', columns, rows);
}

/** The download's headers: the file's name in Chinese (RFC 5987), an ASCII fallback. */
export function xlsxHeaders(nameZh: string, ascii: string): Record<string, string> {
  return {
    'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nameZh)}`,
    'cache-control': 'no-store',
  };
}
