/**
 * Structured templates (DESIGN §5: "structured tables parsed where the file is a template"). The self-evaluation
 * template (绩效自评表) of one pooling region × fund × year: one row per indicator of its approved target, with the
 * columns the region fills in — 实际值 (actual), 偏离原因 (cause of deviation), 改进措施 (improvement measure).
 *
 * The template carries its identity (year, region, fund) and each row's kind (number or grade) in a very hidden
 * sheet, so a filled file can be checked against the work item it is uploaded for. Every refusal names its cell.
 */
import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import { bounded } from '#shared/documents/bounded';
import type { Bilingual } from '#shared/platform/errors';
import { Grade } from '#shared/reference/scoring';

export const SELF_EVALUATION_SHEET = '绩效自评表';
const META_SHEET = 'sifpm';
const TEMPLATE_KIND = 'self-evaluation';
const TEMPLATE_VERSION = 1;
/** First indicator row: title, English title, identity, instructions, Chinese headers, English headers above it. */
export const FIRST_DATA_ROW = 7;
/** Where the meta sheet lists the indicator rows (id, kind). */
const META_FIRST_INDICATOR_ROW = 10;
const MAX_TEXT = 2000;

export const COLUMNS = {
  id: 'A',
  name: 'B',
  unit: 'C',
  target: 'D',
  actual: 'E',
  cause: 'F',
  measure: 'G',
  explanation: 'H',
} as const;

const HEADERS: [zh: string, en: string, width: number][] = [
  ['指标编号', 'Indicator id', 30],
  ['指标名称', 'Indicator', 36],
  ['计量单位', 'Unit', 10],
  ['目标值', 'Target', 14],
  ['实际值', 'Actual', 14],
  ['偏离原因', 'Cause of deviation', 40],
  ['改进措施', 'Improvement measure', 40],
  ['差异说明', 'Explanation of a difference', 40],
];

export interface TemplateIndicator {
  id: string;
  name: string;
  unit: string;
  target: string;
}

type Kind = 'grade' | 'number';
const GRADES = Grade.options;
const kindOf = (ind: TemplateIndicator): Kind =>
  ind.unit === '等级' || Grade.safeParse(ind.target.trim()).success ? 'grade' : 'number';

/** The 绩效自评表 for one region × fund × year, as an .xlsx file. */
export async function buildSelfEvaluationTemplate(input: {
  year: number;
  org: string;
  orgName: string;
  fund: string;
  fundName: string;
  indicators: TemplateIndicator[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  wb.created = new Date(0); // deterministic bytes for the same input; the year is in the sheet
  const ws = wb.addWorksheet(SELF_EVALUATION_SHEET, { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }] });
  ws.columns = HEADERS.map(([, , width]) => ({ width }));

  ws.mergeCells('A1:H1');
  ws.getCell('A1').value = `${input.year}年度 ${input.orgName} ${input.fundName} 绩效自评表`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A2:H2');
  ws.getCell('A2').value = `Performance self-evaluation ${input.year} — ${input.org} — ${input.fund}`;
  ws.getCell('A2').font = { italic: true };
  ws.getRow(3).values = [
    '年度 Year',
    input.year,
    '地区 Region',
    `${input.org} ${input.orgName}`,
    '险种 Fund',
    `${input.fund} ${input.fundName}`,
  ];
  ws.mergeCells('A4:H4');
  ws.getCell('A4').value =
    '请在“实际值”列填写数值（或等级 优/良/中/差），未达目标的说明偏离原因和改进措施；实际值与决算或12月31日监控数不一致的，填写差异说明。' +
    ' Fill in the Actual column (a number, or a grade 优/良/中/差); where a target is missed, give the cause and the measure; where a figure differs from the final accounts or the 31 December monitoring figure, explain the difference.';
  ws.getCell('A4').alignment = { wrapText: true };
  ws.getRow(4).height = 32;
  ws.getRow(5).values = HEADERS.map(([zh]) => zh);
  ws.getRow(6).values = HEADERS.map(([, en]) => en);
  for (const r of [5, 6]) {
    ws.getRow(r).font = { bold: r === 5, italic: r === 6 };
    ws.getRow(r).eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
    });
  }

  input.indicators.forEach((ind, i) => {
    const r = FIRST_DATA_ROW + i;
    ws.getRow(r).values = [ind.id, ind.name, ind.unit, ind.target];
    for (const col of [COLUMNS.actual, COLUMNS.cause, COLUMNS.measure, COLUMNS.explanation]) {
      ws.getCell(`${col}${r}`).protection = { locked: false };
    }
    if (kindOf(ind) === 'grade') {
      ws.getCell(`${COLUMNS.actual}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${GRADES.join(',')}"`],
      };
    }
  });
  // Locked ids, names and targets keep the rows what the approved target says; only the answers are editable.
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true });

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRows([
    ['template', TEMPLATE_KIND],
    ['version', TEMPLATE_VERSION],
    ['year', input.year],
    ['org', input.org],
    ['fund', input.fund],
  ]);
  input.indicators.forEach((ind, i) => {
    meta.getRow(META_FIRST_INDICATOR_ROW + i).values = [ind.id, kindOf(ind)];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface TemplateError {
  sheet: string;
  /** A1-style reference, e.g. `E7` */
  cell: string;
  code: string;
  message: Bilingual;
}

export interface SelfEvaluationActual {
  id: string;
  /** a decimal string, or a grade 优/良/中/差 */
  actual: string;
  cause?: string;
  measure?: string;
  /** why it differs from the final accounts or the year-end monitoring figure (R18.3) */
  explanation?: string;
}

export type SelfEvaluationParse =
  /** `rows`: the sheet row of each indicator, where a later check points its finding */
  { ok: true; actuals: SelfEvaluationActual[]; rows: Record<string, number> } | { ok: false; errors: TemplateError[] };

/**
 * Read a filled 绩效自评表. Refuses, cell by cell: a template of another year, region or fund; unknown or repeated
 * indicator ids; missing actuals; text where a number belongs; a value that is not a grade where a grade belongs;
 * indicators of the target left out.
 */
export const parseSelfEvaluationTemplate = bounded(
  import.meta.url,
  'self-evaluation-template',
  readSelfEvaluationTemplate,
  (problem) => refuse('', 'A1', problem.code, problem.message),
);

async function readSelfEvaluationTemplate(
  buf: Buffer,
  expect: { year: number; org: string; fund: string; indicatorIds: string[] },
): Promise<SelfEvaluationParse> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return refuse('', 'A1', 'TEMPLATE_UNREADABLE', {
      zh: '文件不是可读取的 Excel 工作簿',
      en: 'The file is not a readable Excel workbook',
    });
  }
  const meta = wb.getWorksheet(META_SHEET);
  const ws = wb.getWorksheet(SELF_EVALUATION_SHEET);
  if (!meta || !ws || text(meta.getCell('B1')) !== TEMPLATE_KIND) {
    return refuse(ws ? SELF_EVALUATION_SHEET : '', 'A1', 'TEMPLATE_UNRECOGNISED', {
      zh: '文件不是本系统下发的绩效自评表模板',
      en: 'The file is not a self-evaluation template issued by this system',
    });
  }

  const errors: TemplateError[] = [];
  const at = (cell: string, code: string, message: Bilingual) =>
    errors.push({ sheet: SELF_EVALUATION_SHEET, cell, code, message });
  const year = text(meta.getCell('B3'));
  const org = text(meta.getCell('B4'));
  const fund = text(meta.getCell('B5'));
  if (year !== String(expect.year)) {
    at('B3', 'TEMPLATE_WRONG_YEAR', {
      zh: `这是 ${year} 年度的模板，应提交 ${expect.year} 年度的模板`,
      en: `This is the template of ${year}; the template of ${expect.year} is expected`,
    });
  }
  if (org !== expect.org) {
    at('D3', 'TEMPLATE_WRONG_REGION', {
      zh: `这是地区 ${org} 的模板，应提交地区 ${expect.org} 的模板`,
      en: `This is the template of region ${org}; the template of region ${expect.org} is expected`,
    });
  }
  if (fund !== expect.fund) {
    at('F3', 'TEMPLATE_WRONG_FUND', {
      zh: `这是险种 ${fund} 的模板，应提交险种 ${expect.fund} 的模板`,
      en: `This is the template of fund ${fund}; the template of fund ${expect.fund} is expected`,
    });
  }
  // Rows of another region's or year's template say nothing about this one.
  if (errors.length) return { ok: false, errors };

  const kinds = new Map<string, Kind>();
  for (let r = META_FIRST_INDICATOR_ROW; r <= meta.rowCount; r++) {
    const id = text(meta.getCell(`A${r}`));
    const kind = text(meta.getCell(`B${r}`));
    if (id && (kind === 'grade' || kind === 'number')) kinds.set(id, kind);
  }

  const expected = new Set(expect.indicatorIds);
  const seen = new Set<string>();
  const actuals: SelfEvaluationActual[] = [];
  const rows: Record<string, number> = {};
  let lastRow = FIRST_DATA_ROW - 1;
  for (let r = FIRST_DATA_ROW; r <= ws.rowCount; r++) {
    const cell = (col: string) => ws.getCell(`${col}${r}`);
    const id = text(cell(COLUMNS.id));
    const actualCell = cell(COLUMNS.actual);
    const cause = text(cell(COLUMNS.cause));
    const measure = text(cell(COLUMNS.measure));
    const explanation = text(cell(COLUMNS.explanation));
    const actualRaw = value(actualCell);
    if (!id && isBlank(actualRaw) && !cause && !measure && !explanation) continue;
    lastRow = r;
    if (!id) {
      at(`${COLUMNS.id}${r}`, 'INDICATOR_ID_MISSING', {
        zh: `第 ${r} 行没有指标编号`,
        en: `Row ${r} has no indicator id`,
      });
      continue;
    }
    if (!expected.has(id)) {
      at(`${COLUMNS.id}${r}`, 'INDICATOR_UNKNOWN', {
        zh: `指标“${id}”不在批复的绩效目标中`,
        en: `Indicator "${id}" is not in the approved target`,
      });
      continue;
    }
    if (seen.has(id)) {
      at(`${COLUMNS.id}${r}`, 'INDICATOR_DUPLICATE', {
        zh: `指标“${id}”重复出现`,
        en: `Indicator "${id}" appears more than once`,
      });
      continue;
    }
    seen.add(id);
    const ref = `${COLUMNS.actual}${r}`;
    const actual = readActual(actualCell, actualRaw, kinds.get(id));
    if (!actual.ok) {
      at(ref, actual.code, actual.message(id, ref));
    }
    for (const [col, value, label] of [
      [COLUMNS.cause, cause, { zh: '偏离原因', en: 'cause' }],
      [COLUMNS.measure, measure, { zh: '改进措施', en: 'measure' }],
      [COLUMNS.explanation, explanation, { zh: '差异说明', en: 'explanation' }],
    ] as const) {
      if (value.length > MAX_TEXT) {
        at(`${col}${r}`, 'TEXT_TOO_LONG', {
          zh: `${label.zh}超过 ${MAX_TEXT} 字`,
          en: `The ${label.en} is longer than ${MAX_TEXT} characters`,
        });
      }
    }
    if (actual.ok) {
      rows[id] = r;
      actuals.push({
        id,
        actual: actual.value,
        ...(cause ? { cause } : {}),
        ...(measure ? { measure } : {}),
        ...(explanation ? { explanation } : {}),
      });
    }
  }
  for (const id of expect.indicatorIds) {
    if (!seen.has(id)) {
      at(`${COLUMNS.id}${lastRow + 1}`, 'INDICATOR_MISSING', {
        zh: `缺少指标“${id}”的行`,
        en: `The row of indicator "${id}" is missing`,
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, actuals, rows };
}

const refuse = (sheet: string, cell: string, code: string, message: Bilingual): SelfEvaluationParse => ({
  ok: false,
  errors: [{ sheet, cell, code, message }],
});

type Plain = string | number | boolean | Date | { error: string } | undefined;

/** A cell's value without formulas, rich text or hyperlinks around it. */
function value(cell: ExcelJS.Cell): Plain {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return o.result as Plain;
    if ('formula' in o || 'sharedFormula' in o) return undefined;
    if (typeof o.text === 'string') return o.text;
    if (typeof o.error === 'string') return { error: o.error };
  }
  return String(v);
}

const isBlank = (v: Plain) => v === undefined || (typeof v === 'string' && v.trim() === '');

function text(cell: ExcelJS.Cell): string {
  const v = value(cell);
  if (v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return '';
  return String(v).trim();
}

const GRADE_WORDS: Record<string, Grade> = { excellent: '优', good: '良', fair: '中', poor: '差' };
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

type Reading =
  | { ok: true; value: string }
  | { ok: false; code: string; message: (id: string, ref: string) => Bilingual };

function readActual(cell: ExcelJS.Cell, v: Plain, kind: Kind | undefined): Reading {
  if (isBlank(v)) {
    return {
      ok: false,
      code: 'ACTUAL_MISSING',
      message: (id, ref) => ({ zh: `${ref}：缺少指标“${id}”的实际值`, en: `${ref}: the actual of "${id}" is missing` }),
    };
  }
  const raw = typeof v === 'string' ? v.normalize('NFKC').trim() : v;
  if (typeof raw === 'string' && kind !== 'number') {
    const grade = Grade.safeParse(raw).success ? (raw as Grade) : GRADE_WORDS[raw.toLowerCase()];
    if (grade) return { ok: true, value: grade };
  }
  if (kind === 'grade') {
    return {
      ok: false,
      code: 'ACTUAL_NOT_A_GRADE',
      message: (id, ref) => ({
        zh: `${ref}：指标“${id}”的实际值应为等级 优/良/中/差`,
        en: `${ref}: the actual of "${id}" must be a grade 优/良/中/差`,
      }),
    };
  }
  let decimal: Decimal | undefined;
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // A number shown as a percentage (Excel stores 95% as 0.95) means percentage points, as the unit says.
    decimal = new Decimal(raw);
    if ((cell.numFmt ?? '').includes('%')) decimal = decimal.times(100);
  } else if (typeof raw === 'string') {
    const s = raw.replace(/[,\s]/g, '').replace(/%$/, '');
    if (NUMBER_TEXT.test(s)) decimal = new Decimal(s);
  }
  if (!decimal) {
    return {
      ok: false,
      code: 'ACTUAL_NOT_A_NUMBER',
      message: (id, ref) => ({
        zh: `${ref}：指标“${id}”的实际值应为数值，而不是“${describe(v)}”`,
        en: `${ref}: the actual of "${id}" must be a number, not "${describe(v)}"`,
      }),
    };
  }
  return { ok: true, value: decimal.isZero() ? '0' : decimal.toFixed() };
}

function describe(v: Plain): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && v) return v.error;
  return String(v);
}
