/**
 * The budget system's Excel export (基金预算表) as this system reads it: one row per fund, the fund's code and the
 * budget's detail lines in yuan. Its template, and its bounded reading: columns found by their header (row 1), each
 * value read as text with its cell, so that every refusal names its cell. What a value means (a known fund, an
 * amount, the gate of an approved target) is decided by the import (`budget-import.ts`), not here.
 */
import ExcelJS from 'exceljs';
import { bounded } from '#shared/documents/bounded';
import type { Bilingual } from '#shared/platform/errors';
import { listFunds } from '#shared/reference/funds';
import { BUDGET_INPUT_LINES, type BudgetInputLine } from '#shared/targets/records';

export const BUDGET_SHEET = '基金预算';
/** The most rows a file may hold (one per fund; a few spare). */
export const MAX_BUDGET_ROWS = 20;

const LINE_HEADERS: Record<BudgetInputLine, Bilingual> = {
  contributionIncome: { zh: '社会保险费收入', en: 'Contribution income' },
  subsidy: { zh: '财政补贴收入', en: 'Fiscal subsidies' },
  interestIncome: { zh: '利息收入', en: 'Interest income' },
  otherIncome: { zh: '其他收入', en: 'Other income' },
  benefits: { zh: '社会保险待遇支出', en: 'Benefits paid' },
  otherExpenditure: { zh: '其他支出', en: 'Other expenditure' },
  openingBalance: { zh: '上年末滚存结余', en: 'Balance brought forward' },
};

export type BudgetColumn = 'fund' | BudgetInputLine;
export const BUDGET_COLUMNS: { key: BudgetColumn | 'fundName'; zh: string; en: string }[] = [
  { key: 'fund', zh: '险种代码', en: 'Fund code' },
  { key: 'fundName', zh: '险种', en: 'Fund' },
  ...BUDGET_INPUT_LINES.map((l) => ({ key: l, zh: `${LINE_HEADERS[l].zh}（元）`, en: `${LINE_HEADERS[l].en} (yuan)` })),
];

/** A refusal of one cell (the shape the staff list, monitoring and self-evaluation templates answer with). */
export interface CellError {
  sheet: string;
  cell: string;
  field?: string;
  code: string;
  message: Bilingual;
}

export interface BudgetRow {
  row: number;
  values: Partial<Record<BudgetColumn, { cell: string; text: string }>>;
  cells: Record<BudgetColumn, string>;
}

export type BudgetSheetParse = { ok: true; sheet: string; rows: BudgetRow[] } | { ok: false; errors: CellError[] };

/** The template: the header row (Chinese, English as a note), one row per fund with its code and name. */
export async function buildBudgetTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  wb.created = new Date(0);
  const ws = wb.addWorksheet(BUDGET_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  ws.columns = BUDGET_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.key,
    width: c.key === 'fundName' ? 34 : 18,
    ...(c.key === 'fund' || c.key === 'fundName' ? {} : { style: { numFmt: '0.00' } }),
  }));
  BUDGET_COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = { bold: true };
    cell.note = c.en;
  });
  for (const f of listFunds()) ws.addRow({ fund: f.code, fundName: f.name.zh });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const refuse = (cell: string, code: string, message: Bilingual): BudgetSheetParse => ({
  ok: false,
  errors: [{ sheet: BUDGET_SHEET, cell, code, message }],
});

/** Read a budget export, in a worker under memory and time limits, after its package passed the zip limits. */
export const parseBudgetSheet = bounded(import.meta.url, 'budget-sheet', readBudgetSheet, (problem) =>
  refuse('A1', problem.code, problem.message),
);

async function readBudgetSheet(buf: Buffer, _expect: Record<string, never>): Promise<BudgetSheetParse> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return refuse('A1', 'TEMPLATE_UNREADABLE', {
      zh: '文件不是可读取的Excel工作簿',
      en: 'The file is not a readable Excel workbook',
    });
  }
  const ws = wb.getWorksheet(BUDGET_SHEET) ?? wb.worksheets.find((w) => w.state === 'visible');
  if (!ws) return refuse('A1', 'TEMPLATE_UNRECOGNISED', { zh: '工作簿中没有工作表', en: 'The workbook has no sheet' });
  const sheet = ws.name;
  const columnOf = new Map<BudgetColumn, number>();
  const header = ws.getRow(1);
  for (let c = 1; c <= Math.min(header.cellCount, 50); c++) {
    const label = cellText(header.getCell(c)).replace(/\s.*$/, '');
    const col = BUDGET_COLUMNS.find((k) => k.zh === label || k.zh.replace(/（元）$/, '') === label);
    if (col && col.key !== 'fundName' && !columnOf.has(col.key)) columnOf.set(col.key, c);
  }
  const missing = BUDGET_COLUMNS.filter((c) => c.key !== 'fundName' && !columnOf.has(c.key as BudgetColumn));
  if (missing.length) {
    return {
      ok: false,
      errors: missing.map((c) => ({
        sheet,
        cell: 'A1',
        field: c.key,
        code: 'COLUMN_MISSING',
        message: { zh: `第1行缺少“${c.zh}”列`, en: `Row 1 has no "${c.zh}" (${c.en}) column` },
      })),
    };
  }
  const letter = (c: number) => ws.getColumn(c).letter;
  const rows: BudgetRow[] = [];
  const last = ws.actualRowCount === 0 ? 1 : (ws.lastRow?.number ?? 1);
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const values: BudgetRow['values'] = {};
    const cells = {} as Record<BudgetColumn, string>;
    for (const [key, c] of columnOf) {
      const cell = `${letter(c)}${r}`;
      cells[key] = cell;
      const t = cellText(row.getCell(c));
      if (t !== '') values[key] = { cell, text: t };
    }
    // a row of the template left empty (a fund the region does not budget here) is no row
    if (BUDGET_INPUT_LINES.every((l) => values[l] === undefined)) continue;
    rows.push({ row: r, values, cells });
    if (rows.length > MAX_BUDGET_ROWS) {
      return refuse(`A${r}`, 'TOO_MANY_ROWS', {
        zh: `一个文件最多${MAX_BUDGET_ROWS}行`,
        en: `A file holds at most ${MAX_BUDGET_ROWS} rows`,
      });
    }
  }
  if (!rows.length) return refuse('A2', 'NO_ROWS', { zh: '表中没有预算数据', en: 'The sheet holds no budget' });
  return { ok: true, sheet, rows };
}

/** A cell's value as text: a number as JavaScript writes it (1e21 and up in exponent form, refused), rich text joined, a formula's result. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text: string }[] }).richText
      .map((t) => t.text)
      .join('')
      .trim();
  }
  if (typeof v === 'object' && 'result' in (v as object)) {
    const result = (v as { result: unknown }).result;
    return String(result ?? '').trim();
  }
  return String(v).trim();
}
