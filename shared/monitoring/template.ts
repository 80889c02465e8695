/**
 * The monitoring template (绩效监控表) of one region × fund × period: the year-to-date figures 第十二条 names with the
 * year's budget, the current value of each monitored indicator, and the qualitative notes on risk control and
 * financial management. It maps onto the same `MonitoringSubmission` the API takes as JSON; every refusal names its
 * cell. Identity and layout live in a very hidden sheet, so a file of another region, fund or period is refused.
 */
import ExcelJS from 'exceljs';
import { bounded } from '#shared/documents/bounded';
import type { TemplateError, TemplateIndicator } from '#shared/evaluation/template';
import { BUDGET_LINES, FIGURES, type Figure } from '#shared/monitoring/compare';
import type { Bilingual } from '#shared/platform/errors';
import { Grade } from '#shared/reference/scoring';

export const MONITORING_SHEET = '绩效监控表';
const META_SHEET = 'sifpm';
const KIND = 'monitoring';
const FIGURE_ROW = 7; // first figure row (rows 5–6: headers)
const FIGURE_KEYS = Object.keys(FIGURES) as Figure[];
const INDICATOR_HEADER_ROW = FIGURE_ROW + FIGURE_KEYS.length + 1;
const INDICATOR_ROW = INDICATOR_HEADER_ROW + 2;
const MAX_TEXT = 2000;

export interface MonitoringTemplateInput {
  year: number;
  org: string;
  orgName: string;
  fund: string;
  fundName: string;
  asOf: string;
  indicators: TemplateIndicator[];
  /** the arranged budget's lines in force, yuan: pre-filled in column B (R4.2) */
  budget?: Partial<Record<(typeof BUDGET_LINES)[number], string>> | undefined;
}

const isGrade = (ind: TemplateIndicator) => ind.unit === '等级' || Grade.safeParse(ind.target.trim()).success;

export async function buildMonitoringTemplate(input: MonitoringTemplateInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sifpm';
  wb.created = new Date(0); // deterministic bytes for the same input
  const ws = wb.addWorksheet(MONITORING_SHEET);
  ws.columns = [{ width: 34 }, { width: 36 }, { width: 18 }, { width: 14 }, { width: 18 }];
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = `${input.year}年度 ${input.orgName} ${input.fundName} 绩效监控表（截至 ${input.asOf}）`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.mergeCells('A2:E2');
  ws.getCell('A2').value = `Performance monitoring ${input.year} — ${input.org} — ${input.fund} — as of ${input.asOf}`;
  ws.getRow(3).values = ['截至 As of', input.asOf, '地区 Region', `${input.org} ${input.orgName}`, `${input.fund}`];
  ws.getRow(5).values = ['项目', '年度预算数（元）', '累计执行数（元）'];
  ws.getRow(6).values = ['Figure', 'Budget for the year (yuan)', 'Year to date (yuan)'];
  FIGURE_KEYS.forEach((f, i) => {
    const r = FIGURE_ROW + i;
    ws.getCell(`A${r}`).value = `${FIGURES[f].zh} / ${FIGURES[f].en}`;
    if (!(BUDGET_LINES as readonly string[]).includes(f)) ws.getCell(`B${r}`).value = '—';
    else if (input.budget?.[f as (typeof BUDGET_LINES)[number]] !== undefined)
      ws.getCell(`B${r}`).value = Number(input.budget[f as (typeof BUDGET_LINES)[number]]);
  });
  ws.getRow(INDICATOR_HEADER_ROW).values = ['指标编号', '指标名称', '计量单位', '目标值', '当前值'];
  ws.getRow(INDICATOR_HEADER_ROW + 1).values = ['Indicator id', 'Indicator', 'Unit', 'Target', 'Current value'];
  input.indicators.forEach((ind, i) => {
    const r = INDICATOR_ROW + i;
    ws.getRow(r).values = [ind.id, ind.name, ind.unit, ind.target];
    if (isGrade(ind))
      ws.getCell(`E${r}`).dataValidation = { type: 'list', allowBlank: true, formulae: ['"优,良,中,差"'] };
  });
  const notesRow = INDICATOR_ROW + input.indicators.length + 1;
  ws.getCell(`A${notesRow}`).value = '风险防控情况 / Risk control';
  ws.getCell(`A${notesRow + 1}`).value = '财务管理与核算情况 / Financial management and accounting';
  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRows([
    ['template', KIND],
    ['year', input.year],
    ['org', input.org],
    ['fund', input.fund],
    ['asOf', input.asOf],
    ['indicators', input.indicators.length],
    ['notesRow', notesRow],
  ]);
  input.indicators.forEach((ind, i) => {
    meta.getRow(10 + i).values = [ind.id, isGrade(ind) ? 'grade' : 'number'];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface MonitoringSubmissionBody {
  budget?: Record<string, string>;
  actual: Record<string, string>;
  indicators: { id: string; value?: string; grade?: string }[];
  notes: { riskControl: string; financialManagement: string };
}

/** Where each field of a submission sits in the template, to turn a path-level refusal into a cell. */
/** Where each field of the submission was read from (`budget.income` → `C7`): plain data, as it crosses a worker. */
export interface TemplateLayout {
  cells: Record<string, string>;
}

type MonitoringParse =
  | { ok: true; body: MonitoringSubmissionBody; layout: TemplateLayout }
  | { ok: false; errors: TemplateError[] };

const refuse = (cell: string, code: string, message: Bilingual): MonitoringParse => ({
  ok: false as const,
  errors: [{ sheet: MONITORING_SHEET, cell, code, message }],
});

/** Read a filled 绩效监控表, in a worker under memory and time limits, after its package passed the zip limits. */
export const parseMonitoringTemplate = bounded(
  import.meta.url,
  'monitoring-template',
  readMonitoringTemplate,
  (problem) => refuse('A1', problem.code, problem.message),
);

async function readMonitoringTemplate(
  buf: Buffer,
  expect: { year: number; org: string; fund: string; asOf: string },
): Promise<MonitoringParse> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    return refuse('A1', 'TEMPLATE_UNREADABLE', {
      zh: '文件不是可读取的 Excel 工作簿',
      en: 'The file is not a readable Excel workbook',
    });
  }
  const meta = wb.getWorksheet(META_SHEET);
  const ws = wb.getWorksheet(MONITORING_SHEET);
  if (!meta || !ws || text(meta.getCell('B1')) !== KIND) {
    return refuse('A1', 'TEMPLATE_UNRECOGNISED', {
      zh: '文件不是本系统下发的绩效监控表模板',
      en: 'The file is not a monitoring template issued by this system',
    });
  }
  const identity: [string, string, string][] = [
    ['B2', String(expect.year), 'year'],
    ['B3', expect.org, 'region'],
    ['B4', expect.fund, 'fund'],
    ['B5', expect.asOf, 'period'],
  ];
  for (const [cell, want, what] of identity) {
    const got = text(meta.getCell(cell));
    if (got !== want) {
      return refuse('B3', 'TEMPLATE_MISMATCH', {
        zh: `模板的${{ year: '年度', region: '地区', fund: '险种', period: '监控期' }[what]}为 ${got}，应为 ${want}`,
        en: `The template's ${what} is ${got}; ${want} is expected`,
      });
    }
  }
  const errors: TemplateError[] = [];
  const at = (cell: string, code: string, message: Bilingual) =>
    errors.push({ sheet: MONITORING_SHEET, cell, code, message });
  const money = (cell: string, label: Bilingual): string | undefined => {
    const v = ws.getCell(cell).value;
    const s = typeof v === 'number' ? String(v) : text(ws.getCell(cell)).replace(/[,\s]/g, '');
    if (s === '') {
      at(cell, 'VALUE_MISSING', { zh: `${cell}：缺少${label.zh}`, en: `${cell}: ${label.en} is missing` });
      return undefined;
    }
    if (!/^-?\d+(\.\d+)?$/.test(s)) {
      at(cell, 'NOT_A_NUMBER', {
        zh: `${cell}：${label.zh}须为数字（元），而不是“${s}”`,
        en: `${cell}: ${label.en} must be a number (yuan), not "${s}"`,
      });
      return undefined;
    }
    return s;
  };
  const budget: Record<string, string> = {};
  const actual: Record<string, string> = {};
  const cells = new Map<string, string>();
  FIGURE_KEYS.forEach((f, i) => {
    const r = FIGURE_ROW + i;
    if ((BUDGET_LINES as readonly string[]).includes(f)) {
      cells.set(`budget.${f}`, `B${r}`);
      const b = money(`B${r}`, { zh: `${FIGURES[f].zh}年度预算数`, en: `the budget of ${FIGURES[f].en}` });
      if (b !== undefined) budget[f] = b;
    }
    cells.set(`actual.${f}`, `C${r}`);
    const a = money(`C${r}`, { zh: `${FIGURES[f].zh}累计执行数`, en: `the year-to-date ${FIGURES[f].en}` });
    if (a !== undefined) actual[f] = a;
  });
  const count = Number(text(meta.getCell('B6')));
  const indicators: MonitoringSubmissionBody['indicators'] = [];
  for (let i = 0; i < count; i++) {
    const r = INDICATOR_ROW + i;
    const id = text(meta.getCell(`A${10 + i}`));
    const kind = text(meta.getCell(`B${10 + i}`));
    const cell = `E${r}`;
    cells.set(`indicators.${i}.value`, cell);
    cells.set(`indicators.${i}.grade`, cell);
    cells.set(`indicators.${i}.id`, `A${r}`);
    if (text(ws.getCell(`A${r}`)) !== id) {
      at(`A${r}`, 'ROW_CHANGED', {
        zh: `${`A${r}`}：指标编号被改动，应为 ${id}`,
        en: `A${r}: the indicator id was changed; it must be ${id}`,
      });
      continue;
    }
    const v = ws.getCell(cell).value;
    const s = typeof v === 'number' ? String(v) : text(ws.getCell(cell)).normalize('NFKC');
    if (s === '') {
      at(cell, 'VALUE_MISSING', {
        zh: `${cell}：缺少指标“${id}”的当前值`,
        en: `${cell}: the current value of "${id}" is missing`,
      });
    } else if (kind === 'grade') {
      if (Grade.safeParse(s).success) indicators.push({ id, grade: s });
      else
        at(cell, 'NOT_A_GRADE', {
          zh: `${cell}：指标“${id}”应为等级 优/良/中/差`,
          en: `${cell}: "${id}" must be a grade 优/良/中/差`,
        });
    } else if (/^-?\d+(\.\d+)?%?$/.test(s.replace(/[,\s]/g, ''))) {
      indicators.push({ id, value: s.replace(/[,\s%]/g, '') });
    } else {
      at(cell, 'NOT_A_NUMBER', {
        zh: `${cell}：指标“${id}”应为数值，而不是“${s}”`,
        en: `${cell}: "${id}" must be a number, not "${s}"`,
      });
    }
  }
  const notesRow = Number(text(meta.getCell('B7')));
  const note = (r: number, label: Bilingual, key: string) => {
    const cell = `B${r}`;
    cells.set(`notes.${key}`, cell);
    const s = text(ws.getCell(cell));
    if (!s) at(cell, 'NOTE_MISSING', { zh: `${cell}：请填写${label.zh}`, en: `${cell}: fill in ${label.en}` });
    else if (s.length > MAX_TEXT)
      at(cell, 'TEXT_TOO_LONG', {
        zh: `${cell}：超过 ${MAX_TEXT} 字`,
        en: `${cell}: longer than ${MAX_TEXT} characters`,
      });
    return s;
  };
  const notes = {
    riskControl: note(notesRow, { zh: '风险防控情况', en: 'the risk-control notes' }, 'riskControl'),
    financialManagement: note(
      notesRow + 1,
      { zh: '财务管理与核算情况', en: 'the financial-management notes' },
      'financialManagement',
    ),
  };
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    // no budget column filled: the period takes the arranged budget's lines (submissions.ts)
    body: { ...(Object.keys(budget).length ? { budget } : {}), actual, indicators, notes },
    layout: { cells: Object.fromEntries(cells) },
  };
}

function text(cell: ExcelJS.Cell): string {
  const v = cell.value as unknown;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && v && Array.isArray((v as { richText?: unknown }).richText)) {
    return (v as { richText: { text: string }[] }).richText
      .map((t) => t.text)
      .join('')
      .trim();
  }
  if (typeof v === 'object' && v && 'result' in (v as object))
    return String((v as { result: unknown }).result ?? '').trim();
  return String(v).trim();
}
