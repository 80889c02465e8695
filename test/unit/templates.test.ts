import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSelfEvaluationTemplate,
  FIRST_DATA_ROW,
  parseSelfEvaluationTemplate,
  SELF_EVALUATION_SHEET,
  type TemplateIndicator,
} from '#shared/evaluation/template';

const INDICATORS: TemplateIndicator[] = [
  { id: 'coverage-rate', name: '参保率', unit: '%', target: '95' },
  { id: 'fund-months', name: '累计结余可支付月数', unit: '月', target: '12' },
  { id: 'satisfaction', name: '群众满意度', unit: '等级', target: '良' },
];
const IDS = INDICATORS.map((i) => i.id);
const TEMPLATE = { year: 2025, org: '110100', orgName: '北京市', fund: 'pension', fundName: '企业职工基本养老保险' };
const EXPECT = { year: 2025, org: '110100', fund: 'pension', indicatorIds: IDS };

/** Fill a template as a region would in Excel: cell by cell, then save. */
async function fill(buf: Buffer, cells: Record<string, ExcelJS.CellValue>, edit?: (ws: ExcelJS.Worksheet) => void) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SELF_EVALUATION_SHEET) as ExcelJS.Worksheet;
  for (const [ref, value] of Object.entries(cells)) ws.getCell(ref).value = value;
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const build = (indicators = INDICATORS, identity = TEMPLATE) =>
  buildSelfEvaluationTemplate({ ...identity, indicators });

describe('the self-evaluation template (绩效自评表)', () => {
  it('lists each indicator of the target with Chinese headers above English ones', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await build()) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(SELF_EVALUATION_SHEET) as ExcelJS.Worksheet;
    expect(ws.getRow(FIRST_DATA_ROW - 2).values).toEqual([
      undefined,
      '指标编号',
      '指标名称',
      '计量单位',
      '目标值',
      '实际值',
      '偏离原因',
      '改进措施',
      '差异说明',
    ]);
    expect(ws.getCell(`E${FIRST_DATA_ROW - 1}`).value).toBe('Actual');
    expect(ws.getCell(`A${FIRST_DATA_ROW}`).value).toBe('coverage-rate');
    expect(ws.getCell(`D${FIRST_DATA_ROW + 2}`).value).toBe('良');
    expect(ws.getCell(`E${FIRST_DATA_ROW}`).protection?.locked).toBe(false);
  });

  it('reads back what a region filled in: numbers, numeric text, a percentage cell, a grade and an explanation', async () => {
    const filled = await fill(await build(), {
      E7: '96.5%',
      F7: '  扩面工作推进较快 ',
      E8: 11.25,
      F8: '待遇支出增长',
      G8: '加强征缴',
      E9: '优',
      H9: '年末测评口径调整',
    });
    expect(await parseSelfEvaluationTemplate(filled, EXPECT)).toEqual({
      ok: true,
      actuals: [
        { id: 'coverage-rate', actual: '96.5', cause: '扩面工作推进较快' },
        { id: 'fund-months', actual: '11.25', cause: '待遇支出增长', measure: '加强征缴' },
        { id: 'satisfaction', actual: '优', explanation: '年末测评口径调整' },
      ],
      rows: { 'coverage-rate': 7, 'fund-months': 8, satisfaction: 9 },
    });
    // Excel stores "95%" typed into a cell as 0.95 with a percent format: percentage points, as the unit says.
    const percent = await fill(await build(), { E7: 0.95, E8: 12, E9: '良' }, (ws) => {
      ws.getCell('E7').numFmt = '0.0%';
    });
    const parsed = await parseSelfEvaluationTemplate(percent, EXPECT);
    expect(parsed.ok && parsed.actuals[0]?.actual).toBe('95');
  });

  it('names the cell of text in a number cell', async () => {
    const filled = await fill(await build(), { E7: '约九成', E8: 12, E9: '良' });
    const parsed = await parseSelfEvaluationTemplate(filled, EXPECT);
    expect(parsed).toMatchObject({
      ok: false,
      errors: [{ sheet: SELF_EVALUATION_SHEET, cell: 'E7', code: 'ACTUAL_NOT_A_NUMBER' }],
    });
    if (!parsed.ok) {
      expect(parsed.errors[0]?.message.zh).toContain('约九成');
      expect(parsed.errors[0]?.message.en).toContain('must be a number');
    }
  });

  it('names the cells of missing actuals and of a value that is not a grade', async () => {
    const filled = await fill(await build(), { E7: 96, E9: 'good-ish' });
    const parsed = await parseSelfEvaluationTemplate(filled, EXPECT);
    expect(parsed.ok ? [] : parsed.errors.map((e) => [e.cell, e.code])).toEqual([
      ['E8', 'ACTUAL_MISSING'],
      ['E9', 'ACTUAL_NOT_A_GRADE'],
    ]);
  });

  it('refuses indicator ids that are not in the approved target, repeated, or left out', async () => {
    const filled = await fill(await build(), {
      E7: 96,
      A8: 'made-up-indicator',
      E8: 1,
      E9: '良',
      A10: 'coverage-rate',
      E10: 97,
    });
    const parsed = await parseSelfEvaluationTemplate(filled, EXPECT);
    expect(parsed.ok ? [] : parsed.errors.map((e) => [e.cell, e.code])).toEqual([
      ['A8', 'INDICATOR_UNKNOWN'],
      ['A10', 'INDICATOR_DUPLICATE'],
      ['A11', 'INDICATOR_MISSING'],
    ]);
  });

  it.each([
    ['year', { ...EXPECT, year: 2026 }, 'B3', 'TEMPLATE_WRONG_YEAR'],
    ['region', { ...EXPECT, org: '110101' }, 'D3', 'TEMPLATE_WRONG_REGION'],
    ['fund', { ...EXPECT, fund: 'unemployment' }, 'F3', 'TEMPLATE_WRONG_FUND'],
  ])('refuses the template of another %s', async (_what, expect_, cell, code) => {
    const filled = await fill(await build(), { E7: 96, E8: 12, E9: '良' });
    expect(await parseSelfEvaluationTemplate(filled, expect_)).toMatchObject({ ok: false, errors: [{ cell, code }] });
  });

  it('refuses a file that is not a template of this system', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet(SELF_EVALUATION_SHEET).getCell('A7').value = 'coverage-rate';
    const other = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await parseSelfEvaluationTemplate(other, EXPECT)).toMatchObject({
      ok: false,
      errors: [{ code: 'TEMPLATE_UNRECOGNISED' }],
    });
    expect(await parseSelfEvaluationTemplate(Buffer.from('not a zip'), EXPECT)).toMatchObject({
      ok: false,
      errors: [{ code: 'TEMPLATE_UNREADABLE' }],
    });
  });

  it('parses any well-formed filled template back to the values written', async () => {
    const decimal = fc
      .tuple(fc.integer({ min: -999_999, max: 9_999_999 }), fc.integer({ min: 0, max: 9999 }), fc.nat({ max: 4 }))
      .map(([whole, frac, places]) =>
        places ? `${whole}.${String(frac).padStart(4, '0').slice(0, places)}` : `${whole}`,
      );
    const words = fc
      .string({ minLength: 1, maxLength: 40 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const row = fc.oneof(
      fc.record({ kind: fc.constant('number' as const), value: decimal, asText: fc.boolean() }),
      fc.record({
        kind: fc.constant('grade' as const),
        value: fc.constantFrom('优', '良', '中', '差'),
        asText: fc.constant(true),
      }),
    );
    const rows = fc.array(
      fc.record({ row, cause: fc.option(words, { nil: undefined }), measure: fc.option(words, { nil: undefined }) }),
      { minLength: 1, maxLength: 6 },
    );
    await fc.assert(
      fc.asyncProperty(rows, async (written) => {
        const indicators = written.map((w, i) => ({
          id: `indicator-${i}`,
          name: `指标${i}`,
          unit: w.row.kind === 'grade' ? '等级' : '%',
          target: w.row.kind === 'grade' ? '良' : '90',
        }));
        const cells: Record<string, ExcelJS.CellValue> = {};
        written.forEach((w, i) => {
          const r = FIRST_DATA_ROW + i;
          cells[`E${r}`] = w.row.asText ? w.row.value : Number(w.row.value);
          if (w.cause) cells[`F${r}`] = w.cause;
          if (w.measure) cells[`G${r}`] = w.measure;
        });
        const filled = await fill(await build(indicators), cells);
        const parsed = await parseSelfEvaluationTemplate(filled, {
          ...EXPECT,
          indicatorIds: indicators.map((i) => i.id),
        });
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        expect(parsed.actuals.map((a) => a.id)).toEqual(indicators.map((i) => i.id));
        parsed.actuals.forEach((a, i) => {
          const w = written[i] as (typeof written)[number];
          if (w.row.kind === 'grade') expect(a.actual).toBe(w.row.value);
          else {
            expect(a.actual).toMatch(/^-?\d+(\.\d+)?$/);
            expect(new Decimal(a.actual).eq(w.row.value)).toBe(true);
          }
          expect(a.cause).toBe(w.cause);
          expect(a.measure).toBe(w.measure);
        });
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
