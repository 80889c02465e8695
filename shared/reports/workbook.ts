import ExcelJS from 'exceljs';
import type { Disclosure } from '#shared/publication/publication';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';
import { chineseDate, OUTCOME_ZH, targetText } from '#shared/reports/drafts';

/**
 * A published disclosure as .xlsx (exceljs, like `overviews/workbook.ts`): one sheet each for the key targets (one
 * row per indicator), the results and the assessments; a bold Chinese header row, frozen; scores as numbers.
 */
export async function disclosureWorkbook(d: Disclosure) {
  const org = d.org ?? CENTRAL_ORG_CODE;
  const who = org === CENTRAL_ORG_CODE ? '全国' : getOrg(org).name.zh;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  const sheet = (name: string, columns: [string, number][], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
  };
  const num = (s: string | null) => (s === null ? '' : Number(s));
  sheet(
    '绩效目标',
    [
      ['单位', 20],
      ['险种', 30],
      ['绩效指标', 36],
      ['目标值', 14],
      ['权重', 8],
    ],
    d.targets.flatMap((t) =>
      t.indicators.map((i) => [
        t.orgName.zh,
        t.fundName.zh,
        i.name?.zh ?? i.id,
        targetText(i.target, i.unit ?? ''),
        i.weight ?? '',
      ]),
    ),
  );
  sheet(
    '评价结果',
    [
      ['统筹地区', 20],
      ['省份', 16],
      ['险种', 30],
      ['得分', 10],
      ['等级', 8],
      ['按时报送', 10],
    ],
    d.results.map((r) => [
      r.orgName.zh,
      r.provinceName.zh,
      r.fundName.zh,
      num(r.score),
      r.grade ?? '',
      r.late ? '逾期' : '按时',
    ]),
  );
  sheet(
    '考核结果',
    [
      ['省份', 16],
      ['考核得分', 10],
      ['考核结果', 10],
    ],
    d.assessments.map((a) => [a.orgName.zh, num(a.total), OUTCOME_ZH[a.outcome ?? ''] ?? '']),
  );
  const name = `${who}${d.year}年度绩效信息公开（${chineseDate(d.publishedAt)}）.xlsx`;
  return { name, ascii: `disclosure-${d.year}-${org}.xlsx`, buf: Buffer.from(await wb.xlsx.writeBuffer()) };
}
