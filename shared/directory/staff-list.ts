/**
 * The Excel staff list (人员名单) of the directory: the template an administrator fills, and its bounded reading.
 * The columns are found by their header (row 1), so a list whose columns were moved still reads; each value is
 * read as text with the cell it came from, so every refusal of a row names its cell. What a value means (a
 * department's label, a function's label, a date) is decided by the import (`import.ts`), not here.
 */
import ExcelJS from 'exceljs';
import { bounded } from '#shared/documents/bounded';
import type { Bilingual } from '#shared/platform/errors';
import { DEPARTMENT_LABELS, STAFF_FUNCTION_LABELS } from '#shared/reference/roles';

export const STAFF_SHEET = '人员名单';
const LISTS_SHEET = '选项';
/** The most rows one file may hold (a province's staff fits; a larger list is split). */
export const MAX_STAFF_ROWS = 200;

export const STAFF_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true },
  { key: 'email', zh: '电子邮箱', en: 'E-mail', required: true },
  { key: 'mobile', zh: '手机号码', en: 'Mobile', required: false },
  { key: 'orgCode', zh: '单位代码', en: 'Organisation code', required: true },
  { key: 'department', zh: '部门', en: 'Department', required: true },
  { key: 'lines', zh: '险种条线', en: 'Fund lines', required: false },
  { key: 'functions', zh: '岗位职能', en: 'Functions', required: true },
  { key: 'activeFrom', zh: '生效日期', en: 'Active from', required: false },
  { key: 'activeUntil', zh: '失效日期', en: 'Active until', required: false },
] as const;
export type StaffColumn = (typeof STAFF_COLUMNS)[number]['key'];

/** A sample row's name starts so; the reading skips such rows (the template carries one). */
export const SAMPLE_MARK = '（示例）';

/** The fund lines as the list writes them. */
export const LINE_LABELS = { hrss: '人社', medsec: '医保' } as const;

/** A refusal of one cell (the shape the monitoring and self-evaluation templates answer with). */
export interface CellError {
  sheet: string;
  /** A1-style reference, e.g. `B7` */
  cell: string;
  code: string;
  message: Bilingual;
}

/** One row of the list as read: each column's text and the cell it came from. */
export interface StaffRow {
  row: number;
  values: Partial<Record<StaffColumn, { cell: string; text: string }>>;
  /** cells of the columns the file has, for values left empty */
  cells: Record<StaffColumn, string>;
}

export type StaffListParse = { ok: true; sheet: string; rows: StaffRow[] } | { ok: false; errors: CellError[] };

/** The template: the header row (Chinese, with English beneath as a note), one sample row, drop-down lists. */
export async function buildStaffTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  wb.created = new Date(0);
  const ws = wb.addWorksheet(STAFF_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = STAFF_COLUMNS.map((c) => ({ header: c.zh, key: c.key, width: c.key === 'department' ? 30 : 18 }));
  STAFF_COLUMNS.forEach((c, i) => {
    const cell = ws.getRow(1).getCell(i + 1);
    cell.font = { bold: true };
    cell.note = `${c.en}${c.required ? ' (required / 必填)' : ' (optional / 选填)'}`;
  });
  ws.addRow({
    name: `${SAMPLE_MARK}张三`,
    email: 'zhangsan@example.cn',
    mobile: '13800138000',
    orgCode: '440100',
    department: DEPARTMENT_LABELS['hrss-agency'].zh,
    lines: LINE_LABELS.hrss,
    functions: `${STAFF_FUNCTION_LABELS.drafter.zh}、${STAFF_FUNCTION_LABELS.reviewer.zh}`,
    activeFrom: '2026-01-01',
    activeUntil: '',
  }).font = { italic: true, color: { argb: 'FF808080' } };
  // the choices on a hidden sheet: a list literal is limited to 255 characters
  const lists = wb.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  const departments = Object.values(DEPARTMENT_LABELS).map((l) => l.zh);
  const functions = Object.values(STAFF_FUNCTION_LABELS).map((l) => l.zh);
  departments.forEach((d, i) => {
    lists.getCell(`A${i + 1}`).value = d;
  });
  functions.forEach((f, i) => {
    lists.getCell(`B${i + 1}`).value = f;
  });
  Object.values(LINE_LABELS).forEach((l, i) => {
    lists.getCell(`C${i + 1}`).value = l;
  });
  const col = (key: StaffColumn) => String.fromCharCode(65 + STAFF_COLUMNS.findIndex((c) => c.key === key));
  for (let r = 2; r <= MAX_STAFF_ROWS + 1; r++) {
    ws.getCell(`${col('department')}${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`'${LISTS_SHEET}'!$A$1:$A$${departments.length}`],
      showErrorMessage: true,
      errorTitle: '部门',
      error: '请从列表中选择部门',
    };
    // several functions are written 填报、审核: the list offers one, typing more is allowed
    ws.getCell(`${col('functions')}${r}`).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`'${LISTS_SHEET}'!$B$1:$B$${functions.length}`],
      showErrorMessage: false,
      showInputMessage: true,
      promptTitle: '岗位职能',
      prompt: '可填多项，用“、”或逗号分隔',
    };
    ws.getCell(`${col('lines')}${r}`).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`'${LISTS_SHEET}'!$C$1:$C$2`],
      showErrorMessage: false,
    };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const refuse = (cell: string, code: string, message: Bilingual): StaffListParse => ({
  ok: false,
  errors: [{ sheet: STAFF_SHEET, cell, code, message }],
});

/** Read a staff list, in a worker under memory and time limits, after its package passed the zip limits. */
export const parseStaffList = bounded(import.meta.url, 'staff-list', readStaffList, (problem) =>
  refuse('A1', problem.code, problem.message),
);

async function readStaffList(buf: Buffer, _expect: Record<string, never>): Promise<StaffListParse> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return refuse('A1', 'TEMPLATE_UNREADABLE', {
      zh: '文件不是可读取的 Excel 工作簿',
      en: 'The file is not a readable Excel workbook',
    });
  }
  const ws = wb.getWorksheet(STAFF_SHEET) ?? wb.worksheets.find((w) => w.state === 'visible');
  if (!ws) return refuse('A1', 'TEMPLATE_UNRECOGNISED', { zh: '工作簿中没有工作表', en: 'The workbook has no sheet' });
  const sheet = ws.name;
  // the header row: each column by its Chinese label (a header may carry the English after it)
  const columnOf = new Map<StaffColumn, number>();
  const header = ws.getRow(1);
  for (let c = 1; c <= Math.min(header.cellCount, 50); c++) {
    const label = text(header.getCell(c)).replace(/\s.*$/, '');
    const col = STAFF_COLUMNS.find((k) => k.zh === label);
    if (col && !columnOf.has(col.key)) columnOf.set(col.key, c);
  }
  const missing = STAFF_COLUMNS.filter((c) => c.required && !columnOf.has(c.key));
  if (missing.length) {
    return {
      ok: false,
      errors: missing.map((c) => ({
        sheet,
        cell: 'A1',
        code: 'COLUMN_MISSING',
        message: { zh: `第 1 行缺少“${c.zh}”列`, en: `Row 1 has no "${c.zh}" (${c.en}) column` },
      })),
    };
  }
  const letter = (c: number) => ws.getColumn(c).letter;
  const rows: StaffRow[] = [];
  const last = ws.actualRowCount === 0 ? 1 : (ws.lastRow?.number ?? 1);
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const values: StaffRow['values'] = {};
    const cells = {} as Record<StaffColumn, string>;
    for (const [key, c] of columnOf) {
      const cell = `${letter(c)}${r}`;
      cells[key] = cell;
      const t = text(row.getCell(c));
      if (t !== '') values[key] = { cell, text: t };
    }
    if (Object.keys(values).length === 0) continue;
    if (values.name?.text.startsWith(SAMPLE_MARK)) continue;
    rows.push({ row: r, values, cells });
    if (rows.length > MAX_STAFF_ROWS) {
      return refuse(`A${r}`, 'TOO_MANY_ROWS', {
        zh: `一个文件最多 ${MAX_STAFF_ROWS} 人，请分成多个文件导入`,
        en: `A file holds at most ${MAX_STAFF_ROWS} people; split the list`,
      });
    }
  }
  if (!rows.length) {
    return refuse('A2', 'NO_ROWS', { zh: '名单中没有人员', en: 'The list names nobody' });
  }
  return { ok: true, sheet, rows };
}

/** A cell's value as text: a date as its day (YYYY-MM-DD), a number as written, rich text joined, a formula's result. */
function text(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'object' && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text: string }[] }).richText
      .map((t) => t.text)
      .join('')
      .trim();
  }
  if (typeof v === 'object' && 'text' in (v as object) && 'hyperlink' in (v as object)) {
    return String((v as { text: unknown }).text ?? '').trim();
  }
  if (typeof v === 'object' && 'result' in (v as object)) {
    const result = (v as { result: unknown }).result;
    return result instanceof Date ? result.toISOString().slice(0, 10) : String(result ?? '').trim();
  }
  return String(v).trim();
}
