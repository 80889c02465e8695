import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '#shared/platform/clock';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { issueEbmiToRegions } from '../helpers/monitoring.ts';

const YEAR = 2026;
const GD = '440000';
const GZ = '440100';
const AS_OF = '2026-01-31';
let clock = Date.parse('2025-12-01T10:00:00+08:00');
const agency = `medsec-agency.${GZ}`;
const base = `/api/cycles/${YEAR}/monitoring/${GZ}/EBMI/periods/${AS_OF}`;

async function template(sys: TestSystem): Promise<ExcelJS.Workbook> {
  const res = await fetch(`${sys.url}${base}/template`, {
    headers: { authorization: `Bearer ${await sys.token(agency)}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  return wb;
}

/** Fill the sheet as a person would: budget and year-to-date figures, indicator values, the two notes. */
function fill(wb: ExcelJS.Workbook, override: Record<string, string | number> = {}) {
  const ws = wb.getWorksheet('绩效监控表') as ExcelJS.Worksheet;
  const values: Record<string, string | number> = {
    B7: 1200000000,
    C7: 102000000, // contribution income
    B8: 240000000,
    C8: 20400000, // subsidy
    B9: 1000000000,
    C9: 85000000, // benefits
    B10: 1500000000,
    C10: 127500000, // income
    B11: 2000000000,
    C11: 150000000, // expenditure
    C12: 900000000, // balance
    ...override,
  };
  for (const [cell, v] of Object.entries(values)) ws.getCell(cell).value = v;
  for (let r = 16; r <= ws.rowCount; r++) {
    const id = String(ws.getCell(`A${r}`).value ?? '');
    if (id === 'risk-control') ws.getCell(`E${r}`).value = override[`E${r}`] ?? '良';
    else if (id) ws.getCell(`E${r}`).value = override[`E${r}`] ?? '98.2';
    if (String(ws.getCell(`A${r}`).value ?? '').startsWith('风险防控')) ws.getCell(`B${r}`).value = '平稳 / stable';
    if (String(ws.getCell(`A${r}`).value ?? '').startsWith('财务管理'))
      ws.getCell(`B${r}`).value = '账实相符 / reconciled';
  }
}

async function upload(sys: TestSystem, wb: ExcelJS.Workbook) {
  const slot = await sys.call('POST', `${base}/uploads`, { as: agency });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'monitoring.xlsx');
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  expect(res.status).toBeLessThan(300);
  await sys.settled();
  const outcomes = (await sys.call('GET', `${base}/uploads`, { as: agency })).body;
  return outcomes.find((o: { key: string }) => o.key === slot.body.key);
}

/** The period as the monitoring view shows it: its submission, if any. */
const submitted = async (sys: TestSystem) =>
  (await sys.call('GET', `/api/cycles/${YEAR}/monitoring?org=${GZ}&fund=EBMI`, { as: `finance.${GZ}` })).body.funds[0]
    .periods[0].submission;

describe('monitoring template (绩效监控表): download, fill, upload, refused cell by cell or submitted', () => {
  let sys: TestSystem;
  let restore: () => void;
  beforeAll(async () => {
    restore = setClock(() => clock);
    sys = await startSystem();
    await sys.call('POST', '/api/cycles', { as: 'finance.100000', body: { year: YEAR, targetsDue: '2025-12-20' } });
    await sys.settled();
    await issueEbmiToRegions(sys, YEAR, GD, [GZ]);
    clock = Date.parse('2026-02-01T09:00:00+08:00');
    await sys.local.scheduler.check();
    await sys.settled();
  }, 300_000); // a national kickoff and a target's whole review chain: a minute alone, more on a loaded machine
  afterAll(async () => {
    await sys.close();
    restore();
  });

  it('refuses text in a number cell and a missing value, naming the cells, and submits nothing', async () => {
    const wb = await template(sys);
    fill(wb, { C10: '一亿', E16: '' });
    const outcome = await upload(sys, wb);
    expect(outcome.status).toBe('refused');
    expect(outcome.errors.map((e: { cell: string; code: string }) => [e.cell, e.code])).toEqual([
      ['C10', 'NOT_A_NUMBER'],
      ['E16', 'VALUE_MISSING'],
    ]);
    expect(outcome.errors[0].message.zh).toContain('C10');
    expect(await submitted(sys)).toBeNull();
  });

  it('maps the domain’s refusals (a negative income) back to their cells', async () => {
    const wb = await template(sys);
    fill(wb, { C10: -5 });
    const outcome = await upload(sys, wb);
    expect(outcome.status).toBe('refused');
    expect(outcome.errors.some((e: { cell: string }) => e.cell === 'C10')).toBe(true);
    expect(await submitted(sys)).toBeNull();
  });

  it('submits a well-filled template exactly as the JSON API would', async () => {
    const wb = await template(sys);
    fill(wb);
    const outcome = await upload(sys, wb);
    expect(outcome.status, JSON.stringify(outcome.errors)).toBe('accepted');
    expect(await submitted(sys)).not.toBeNull();
  });

  it('refuses another region’s download (403)', async () => {
    const res = await sys.call('GET', `/api/cycles/${YEAR}/monitoring/440300/EBMI/periods/${AS_OF}/template`, {
      as: agency,
    });
    expect(res.status).toBe(403);
  });
});
