import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS, FIRST_DATA_ROW, SELF_EVALUATION_SHEET } from '#shared/evaluation/template';
import { nowMs } from '#shared/platform/clock';
import { writeObject } from '#shared/platform/objects';
import { auditTrail } from '#shared/platform/records';
import { keys } from '#shared/platform/table';
import { listIndicators } from '#shared/reference/indicators';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { issueToRegions } from '../helpers/targets.ts';
import { taskLink } from '../helpers/tasks.ts';

/**
 * Issue 16, point 2: a reviewer opens the document they sign off, through a short-lived presigned GET the API issues
 * after the record's own authorisation; a person out of scope is refused; both are audited on the document's chain.
 */
const YEAR = 2025;
const [GD, GZ, SZ, JS] = ['440000', '440100', '440300', '320000'];
const y = `/api/cycles/${YEAR}`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(sys: TestSystem, as: string, kind: string, bytes: Buffer, type: string) {
  const slot = await sys.call('POST', `${y}/evaluations/${GZ}/EBMI/uploads`, { as, body: { kind, type } });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([bytes]), `file.${type}`);
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await sys.settled();
  return slot.body.key as string;
}

/** The region's 绩效自评表, downloaded and filled with every indicator's guiding value. */
async function filledTemplate(sys: TestSystem, as: string): Promise<Buffer> {
  const res = await fetch(`${sys.url}${y}/evaluations/${GZ}/EBMI/template`, {
    headers: { authorization: `Bearer ${await sys.token(as)}` },
  });
  expect(res.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.getWorksheet(SELF_EVALUATION_SHEET);
  const byId = new Map(listIndicators({ fund: 'EBMI' }).map((i) => [i.id, i]));
  for (let r = FIRST_DATA_ROW; r <= (ws?.rowCount ?? 0); r++) {
    const id = String(ws?.getCell(`${COLUMNS.id}${r}`).value ?? '');
    const t = byId.get(id)?.defaultTarget as { value?: string; min?: string; grade?: string } | undefined;
    if (t) (ws as ExcelJS.Worksheet).getCell(`${COLUMNS.actual}${r}`).value = t.grade ?? t.value ?? t.min ?? '0';
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const open = (sys: TestSystem, as: string, key: string) =>
  sys.call('GET', `/api/documents?key=${encodeURIComponent(key)}`, { as });

describe('documents open in the browser (issue 16)', () => {
  let sys: TestSystem;
  let restore: (() => void) | undefined;
  let report: string;
  let template: string;
  let templateBytes: Buffer;

  beforeAll(async () => {
    restore = runningClock(IN_TIME_FOR_2025); // the kickoff refuses deadlines already past
    sys = await startSystem();
    const body = { year: YEAR, targetsDue: '2026-05-30' };
    expect((await sys.call('POST', '/api/cycles', { as: 'finance.100000', body })).status).toBe(202);
    await sys.settled();
    await issueToRegions(sys, YEAR, GD, 'EBMI', [GZ, SZ]);
    restore();
    restore = runningClock('2026-01-05T02:00:00Z');
    expect((await sys.call('POST', `${y}/evaluations/open`, { as: 'finance.100000' })).status).toBe(202);
    await sys.settled();
    const agency = `medsec-agency.${GZ}`;
    templateBytes = await filledTemplate(sys, agency);
    template = await upload(sys, agency, 'template', templateBytes, 'xlsx');
    report = await upload(sys, agency, 'self-evaluation', PDF, 'pdf');
    // the figures and the report are in: the region's finance is asked to sign it off
    await taskLink(sys, `finance.${GZ}`, /财政审定/);
  });
  afterAll(async () => {
    restore?.();
    await sys?.close();
  });

  it('gives the reviewer a link that opens the exact PDF inline, at its recorded version', async () => {
    const res = await open(sys, `finance.${GZ}`, report);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      type: 'pdf',
      disposition: 'inline',
      sha256: sha(PDF),
      name: expect.stringMatching(/绩效自评报告\.pdf$/),
    });
    // five minutes from now, on the one clock
    const left = Date.parse(res.body.expiresAt) - nowMs();
    expect(left).toBeGreaterThan(240_000);
    expect(left).toBeLessThanOrEqual(300_000);
    const url = new URL(res.body.url);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('versionId')).toBeTruthy();
    const file = await fetch(res.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toMatch(/^inline; filename="document\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(file.headers.get('content-disposition')?.split("''")[1] ?? '')).toMatch(
      /^广州市.*绩效自评报告\.pdf$/,
    );
    expect(sha(Buffer.from(await file.arrayBuffer()))).toBe(sha(PDF));
  });

  it('gives an Office file as a download (attachment), to the uploader too', async () => {
    const res = await open(sys, `medsec-agency.${GZ}`, template);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ type: 'xlsx', disposition: 'attachment' });
    const file = await fetch(res.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(sha(Buffer.from(await file.arrayBuffer()))).toBe(sha(templateBytes));
  });

  it('lets every reviewer in scope open it: the province of the fund line, central', async () => {
    for (const who of [
      `finance.${GD}`,
      `medsec-admin.${GD}`,
      `medsec-agency.${GD}`,
      'finance.100000',
      'medsec-admin.100000',
    ]) {
      expect((await open(sys, who, report)).status, who).toBe(200);
    }
  });

  it('refuses a person out of scope with a coded bilingual 403: another province, another region, the other fund line', async () => {
    for (const who of [
      `finance.${JS}`,
      `medsec-agency.${SZ}`,
      `finance.${SZ}`,
      `hrss-agency.${GZ}`,
      `hrss-admin.${GD}`,
      'third-party.440000',
    ]) {
      const res = await open(sys, who, report);
      expect(res.status, who).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'FORBIDDEN',
        message: { zh: expect.any(String), en: expect.any(String) },
      });
      expect(res.body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(res.body).not.toHaveProperty('url');
    }
  });

  it('audits every open and every refusal on the document, and a refusal changes nothing else', async () => {
    const before = await sys.call('GET', `${y}/evaluations?org=${GZ}`, { as: `finance.${GZ}` });
    expect((await open(sys, `finance.${JS}`, report)).status).toBe(403);
    expect((await open(sys, `finance.${GZ}`, report)).status).toBe(200);
    const trail = await auditTrail(keys.document(report));
    expect(trail[0]?.action).toBe('document.accepted');
    const refused = trail.filter((e) => e.action === 'document.open-refused');
    const granted = trail.filter((e) => e.action === 'document.open');
    expect(refused.map((e) => e.actor.id)).toContain(`finance.${JS}`);
    expect(refused.find((e) => e.actor.id === `finance.${JS}`)?.after).toMatchObject({
      outcome: 'refused',
      code: 'FORBIDDEN',
    });
    expect(granted.map((e) => e.actor.id)).toEqual(expect.arrayContaining([`finance.${GZ}`, 'finance.100000']));
    expect(granted.at(-1)).toMatchObject({
      actor: { id: `finance.${GZ}`, orgCode: GZ },
      after: { outcome: 'granted', sha256: sha(PDF) },
    });
    expect(Date.parse(granted.at(-1)?.at ?? '')).toBeGreaterThan(Date.parse('2026-01-05T00:00:00Z'));
    const after = await sys.call('GET', `${y}/evaluations?org=${GZ}`, { as: `finance.${GZ}` });
    expect(after.body).toEqual(before.body);
    // the chain still verifies with the access entries in it
    const verify = await sys.call('GET', `/api/audit/verify?year=${YEAR}`, { as: 'finance.100000' });
    expect(verify.body).toMatchObject({ ok: true });
  });

  it('audits opens made at the same moment, each once: none is lost or refused for racing the others', async () => {
    const count = async () =>
      (await auditTrail(keys.document(report))).filter((e) => e.action.startsWith('document.open')).length;
    const before = await count();
    const who = [
      `finance.${GZ}`,
      `finance.${GD}`,
      'finance.100000',
      `medsec-admin.${GD}`,
      `finance.${JS}`,
      `finance.${SZ}`,
    ];
    const answers = await Promise.all(who.map((w) => open(sys, w, report)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 403, 403]);
    expect(await count()).toBe(before + who.length);
  });

  it('refuses an expired link (the clock moved past its five minutes)', async () => {
    const res = await open(sys, `finance.${GZ}`, report);
    expect((await fetch(res.body.url)).status).toBe(200);
    const back = runningClock(new Date(Date.parse(res.body.expiresAt) + 1000).toISOString());
    try {
      const late = await fetch(res.body.url);
      expect(late.status).toBe(403);
      expect(await late.text()).toMatch(/Request has expired/);
    } finally {
      back();
    }
  });

  it('opens the recorded version: a later object written at the same key does not change what opens', async () => {
    const res = await open(sys, `finance.${GZ}`, report);
    await writeObject(report, '%PDF-1.4 replaced', 'application/pdf');
    const file = await fetch(res.body.url);
    // a versioned bucket keeps the recorded version; the local emulator keeps only the newest, so it refuses the pin
    expect(file.status).toBe(404);
    expect(await file.text()).toMatch(/NoSuchVersion/);
    // and a fresh link still pins the recorded version, never the newer object
    const again = await open(sys, `finance.${GZ}`, report);
    expect(new URL(again.body.url).searchParams.get('versionId')).toBe(
      new URL(res.body.url).searchParams.get('versionId'),
    );
    expect(again.body.sha256).toBe(sha(PDF));
  });

  it('answers 404 for a key that is no recorded document, and 400 for one that is no key', async () => {
    const unknown = `uploads/evaluations/${YEAR}/${GZ}/EBMI/self-evaluation/00000000-0000-4000-8000-000000000000.pdf`;
    expect((await open(sys, `finance.${GZ}`, unknown)).status).toBe(404);
    const bad = await open(sys, `finance.${GZ}`, '../etc/passwd');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });
});
