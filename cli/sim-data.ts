/**
 * Seeded data for `sifpm simulate`: a small PRNG, the people and the figures a cycle needs, and the documents the
 * regions upload (PDF, Word, the Excel self-evaluation template). Reproducible: every draw is keyed by the seed and
 * the entity it is about, so the order in which concurrent workers ask does not change the data.
 */
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { buildSelfEvaluationTemplate, COLUMNS, FIRST_DATA_ROW } from '#shared/evaluation/template';
import { getFund } from '#shared/reference/funds';
import { type Indicator, listIndicators } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';

/** mulberry32: 32-bit state, good enough for simulated behaviour, and tiny. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a of a string: the per-entity seed. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export interface Rng {
  next(): number;
  chance(p: number): boolean;
  between(lo: number, hi: number): number;
  pick<T>(list: readonly T[]): T;
}

/** A generator for one entity (`key`), independent of every other entity's draws. */
export function rngFor(seed: number, key: string): Rng {
  const next = mulberry32(fnv1a(`${seed}:${key}`));
  return {
    next,
    chance: (p) => next() < p,
    between: (lo, hi) => lo + (hi - lo) * next(),
    pick: (list) => list[Math.floor(next() * list.length)] as never,
  };
}

// --- people ------------------------------------------------------------------------------------------------------

export const CENTRAL_FINANCE = 'finance.100000';
const line = (fund: string) => (getFund(fund).line === 'medsec' ? 'medsec' : 'hrss');
export const agencyOf = (org: string, fund: string) => `${line(fund)}-agency.${org}`;
export const adminOf = (org: string, fund: string) => `${line(fund)}-admin.${org}`;
export const financeOf = (org: string) => `finance.${org}`;

// --- targets and actual values ----------------------------------------------------------------------------------

type Target = { value?: string; min?: string; max?: string; grade?: string };
const fmt = (n: number, precision: number) => Math.max(0, n).toFixed(Math.min(precision, 2));

/** The catalogue's guiding values as a province's draft: every indicator of the fund that has one. */
export function guidingIndicators(fund: string) {
  return listIndicators({ fund })
    .filter((i) => i.defaultTarget)
    .map((i) => ({ id: i.id, target: i.defaultTarget as Target }));
}

/** A region's value of an indicator: on target, or (miss) off it in the indicator's wrong direction. */
export function actualValue(ind: Indicator, miss: boolean, rng: Rng): string {
  const t = (ind.defaultTarget ?? { value: '0' }) as Target;
  if (t.grade) return miss ? '中' : rng.pick(['优', '良']);
  const p = ind.precision;
  if (t.min !== undefined && t.max !== undefined) {
    const [lo, hi] = [Number(t.min), Number(t.max)];
    return miss ? fmt(hi * 1.15 + 1, p) : fmt(lo + (hi - lo) * rng.between(0.4, 0.6), p);
  }
  // on target means close to it: the deviation check (shared/reference/deviation.ts) asks for a cause either way
  const v = Number(t.value ?? '0');
  switch (ind.direction) {
    case 'lower-better':
      return miss ? fmt(v * 1.6 + 1, p) : fmt(v * rng.between(0.97, 1), p);
    case 'equal':
      return miss && v > 1 ? fmt(v - 2, p) : fmt(v, p);
    default:
      if (miss && v > 2) return fmt(v * 0.85, p);
      return fmt(v * rng.between(1, v >= 100 ? 1 : 1.02), p);
  }
}

export interface SimActual {
  id: string;
  actual: string;
  cause?: string;
  measure?: string;
  explanation?: string;
}

/** The figures with a 差异说明 for each of `ids` (R18.3: it differs from the final accounts or year-end monitoring). */
export function explainDifferences(actuals: SimActual[], ids: string[]): SimActual[] {
  return actuals.map((a) =>
    ids.includes(a.id)
      ? { ...a, explanation: '年末数据经对账调整，以本表为准 / the year-end figure was adjusted on reconciliation' }
      : a,
  );
}

const CAUSE = '受经济下行和参保结构变化影响 / economic slowdown and a changing insured population';
const MEASURE = '加强征缴稽核，按月调度 / stronger collection audits, monthly follow-up';

/** The same figures with a cause and a measure for each indicator the system asked about. */
export function explain(actuals: SimActual[], ids: string[]): SimActual[] {
  return actuals.map((a) => (ids.includes(a.id) ? { ...a, cause: CAUSE, measure: MEASURE } : a));
}

/** Every indicator of the fund; `misses` of them off target, explained or not. */
export function selfEvaluationActuals(fund: string, rng: Rng, misses: number, explained: boolean): SimActual[] {
  const inds = listIndicators({ fund });
  const missable = inds.filter(
    (i) => i.defaultTarget && !('value' in i.defaultTarget && Number(i.defaultTarget.value) <= 2),
  );
  const missed = new Set<string>();
  while (missed.size < Math.min(misses, missable.length)) missed.add(rng.pick(missable).id);
  return inds.map((i) => {
    const miss = missed.has(i.id);
    return {
      id: i.id,
      actual: actualValue(i, miss, rng),
      ...(miss && explained ? { cause: CAUSE, measure: MEASURE } : {}),
    };
  });
}

// --- monitoring figures ------------------------------------------------------------------------------------------

export interface MonitoringBehaviour {
  /** yuan, the region's annual fund income budget */
  size: number;
  /** execution pace around the calendar: 0.97–1.03 */
  pace: number;
  /** the accumulated balance at the start of the year, in months of the year's budgeted expenditure */
  reserve: number;
  /** planted (issue 18): a fund spending more than it takes in on a thin reserve — it runs out within the year */
  atRisk: boolean;
  /** planted (issue 18): the tax department's collection differs from the agency's record */
  taxOff: boolean;
}

const yuan = (n: number) => Math.round(n).toFixed(2);

/** One period's submission body: budget, year-to-date figures, indicator values, notes. */
export function monitoringSubmission(
  fund: string,
  indicators: { id: string }[],
  b: MonitoringBehaviour,
  month: number,
  offTarget: boolean,
  rng: Rng,
) {
  const s = b.size;
  const share = (month / 12) * b.pace;
  const budget = {
    contributionIncome: yuan(s * 0.8),
    subsidy: yuan(s * 0.15),
    benefits: yuan(s * 0.9),
    income: yuan(s),
    expenditure: yuan(s * 0.95),
  };
  const income = s * share;
  // off target: expenditure lagging well behind the year (执行进度滞后) and the subsidy not yet arrived; at risk:
  // spending a fifth more than it takes in
  const expenditure = s * (b.atRisk ? 1.2 : 0.95) * share * (offTarget ? 0.55 : 1);
  const actual = {
    contributionIncome: yuan(s * 0.8 * share),
    subsidy: yuan(s * 0.15 * (offTarget ? Math.max(0, share - 0.25) : share)),
    benefits: yuan(expenditure * 0.92),
    income: yuan(income),
    expenditure: yuan(expenditure),
    balance: yuan(((s * 0.95) / 12) * b.reserve + income - expenditure),
  };
  const catalogue = new Map(listIndicators({ fund }).map((i) => [i.id, i]));
  const values = indicators.map(({ id }) => {
    const ind = catalogue.get(id) as Indicator;
    const v = actualValue(ind, offTarget && rng.chance(0.3), rng);
    return ind.nature === 'qualitative' ? { id, grade: v } : { id, value: v };
  });
  return {
    budget,
    actual,
    indicators: values,
    notes: {
      riskControl: '基金运行平稳，未发现挤占挪用 / fund stable, no misuse found',
      financialManagement: '按月对账，账实相符 / monthly reconciliation, accounts match',
    },
  };
}

// --- documents ---------------------------------------------------------------------------------------------------

const escapePdf = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);

/** A small, valid PDF (ASCII text; the Chinese title is in the document info). */
export function pdfReport(title: string, lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 11 Tf 60 ${760 - i * 16} Td (${escapePdf(l.replace(/[^\x20-\x7e]/g, '?'))}) Tj ET`)
    .join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Title <FEFF${Buffer.from(title, 'utf16le').swap16().toString('hex')}> /Producer (sifpm simulate) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out);
}

/** A zip of stored (uncompressed) entries — enough for a minimal Word document. */
function storedZip(entries: [name: string, data: string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text, 'utf8');
    const fileName = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const xmlEscape = (s: string) => s.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] as string);

/** A minimal .docx: one paragraph per line. */
export function docxReport(lines: string[]): Buffer {
  const body = lines.map((l) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(l)}</w:t></w:r></w:p>`).join('');
  return storedZip([
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ],
    [
      'word/document.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ],
  ]);
}

const targetText = (t: Target) => t.grade ?? t.value ?? (t.min !== undefined ? `${t.min}-${t.max}` : '');

/** The 绩效自评表 of `shared/evaluation/template.ts`, filled in as a region would. */
export async function filledTemplate(year: number, org: string, fund: string, actuals: SimActual[]): Promise<Buffer> {
  const inds = listIndicators({ fund });
  const blank = await buildSelfEvaluationTemplate({
    year,
    org,
    orgName: getOrg(org).name.zh,
    fund,
    fundName: getFund(fund).name.zh,
    indicators: inds.map((i) => ({
      id: i.id,
      name: i.name.zh,
      unit: i.unit,
      target: targetText((i.defaultTarget ?? {}) as Target),
    })),
  });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(blank as unknown as ArrayBuffer);
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  inds.forEach((ind, i) => {
    const a = actuals.find((x) => x.id === ind.id);
    if (!a) return;
    const r = FIRST_DATA_ROW + i;
    ws.getCell(`${COLUMNS.actual}${r}`).value = a.actual;
    if (a.cause) ws.getCell(`${COLUMNS.cause}${r}`).value = a.cause;
    if (a.measure) ws.getCell(`${COLUMNS.measure}${r}`).value = a.measure;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
