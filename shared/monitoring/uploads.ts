import { activePrincipal } from '#shared/directory/directory';
import { createUploadSlot, type UploadedDocument } from '#shared/documents/documents';
import { toYuan } from '#shared/monitoring/compare';
import type { UploadError } from '#shared/monitoring/records';
import {
  createUpload,
  periodUploads,
  readArrangedBudget,
  readTarget,
  readUpload,
  settleUpload,
} from '#shared/monitoring/store';
import { MonitoringSubmission, submitMonitoring } from '#shared/monitoring/submissions';
import { buildMonitoringTemplate, parseMonitoringTemplate } from '#shared/monitoring/template';
import { now } from '#shared/platform/clock';
import { forbidden, isAppError, notFound } from '#shared/platform/errors';
import { readObject } from '#shared/platform/objects';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { getIndicator } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';
import { catalogueFor } from '#shared/rules/rules';

/**
 * The Excel route of a monitoring submission (绩效监控表): download the period's template, fill it in, upload it
 * through a presigned POST; the upload event parses it and submits it as the uploader, exactly as the JSON API
 * would. The outcome — accepted, or refused cell by cell — is kept for the uploader to see.
 */
const ASOF = /^\d{4}-\d{2}-\d{2}$/;

function assertSubmitter(principal: Principal, org: string, fund: string) {
  authorize(principal, 'monitoring.submit', org, fund);
  if (principal.orgCode !== org) {
    throw forbidden(
      { zh: '只能报送本地区的绩效监控数据', en: 'You may submit monitoring data only for your own region' },
      { org },
    );
  }
}

/** The period's 绩效监控表, pre-filled with the region's approved indicators and targets. */
export async function monitoringTemplate(principal: Principal, year: number, org: string, fund: string, asOf: string) {
  assertSubmitter(principal, org, fund);
  const target = await readTarget(year, org, fund);
  if (!target?.approved)
    throw notFound({ zh: '该地区该险种尚无已下达的绩效目标', en: 'No issued target for this region and fund' });
  const arranged = await readArrangedBudget(year, org, fund);
  const catalogue = await catalogueFor(year, org);
  const indicators = target.approved.draft.indicators.map((t) => {
    const ind = getIndicator(t.id, catalogue);
    const value =
      'value' in t.target ? t.target.value : 'grade' in t.target ? t.target.grade : `${t.target.min}–${t.target.max}`;
    return { id: t.id, name: ind.name.zh, unit: ind.unit, target: value };
  });
  return buildMonitoringTemplate({
    year,
    org,
    orgName: getOrg(org).name.zh,
    fund,
    fundName: getFund(fund).name.zh,
    asOf,
    indicators,
    budget: arranged ? Object.fromEntries(Object.entries(arranged.lines).map(([k, v]) => [k, toYuan(v)])) : undefined,
  });
}

/** A presigned POST for a filled template; the key is fixed by the server and remembered with its uploader. */
export async function monitoringUploadSlot(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  asOf: string,
) {
  getFund(fund);
  assertSubmitter(principal, org, fund);
  const id = crypto.randomUUID();
  const key = `uploads/monitoring/${year}/${org}/${fund}/${asOf}/${id}.xlsx`;
  const slot = await createUploadSlot({ key, types: ['xlsx'], maxBytes: 5 * 1024 * 1024 });
  await createUpload(
    { year, org, fund, asOf, id },
    { key, uploader: principal.userId, createdAt: now().toISOString() },
    { id: principal.userId, orgCode: principal.orgCode },
  );
  return slot;
}

const KEY = /^uploads\/monitoring\/(\d{4})\/(\d{6})\/([A-Z0-9]+)\/(\d{4}-\d{2}-\d{2})\/([0-9a-f-]{36})\.xlsx$/;

/** The upload event: parse the template and submit it as its uploader; keep the outcome. */
export async function onMonitoringUpload(doc: UploadedDocument) {
  const m = KEY.exec(doc.key);
  if (!m) return { ignored: true };
  const [year, org, fund, asOf, id] = [Number(m[1]), m[2] as string, m[3] as string, m[4] as string, m[5] as string];
  const record = await readUpload({ year, org, fund, asOf, id });
  if (record?.status !== 'waiting') return { ignored: true };
  if (!doc.inspection.ok) {
    await settleUpload(record, { status: 'refused', errors: doc.inspection.errors });
    return { ok: false };
  }
  const buf = await readObject(doc.key);
  const parsed = await parseMonitoringTemplate(buf, { year, org, fund, asOf });
  if (!parsed.ok) {
    await settleUpload(record, { status: 'refused', errors: parsed.errors });
    return { ok: false };
  }
  // the uploader acts as they are now in the directory: one deactivated meanwhile submits nothing
  const principal = await activePrincipal(record.uploader);
  if (!principal) {
    await settleUpload(record, {
      status: 'refused',
      errors: [
        {
          sheet: '',
          cell: '',
          code: 'UPLOADER_INACTIVE',
          message: { zh: '上传人已不在人员名录中或已停用', en: 'The uploader is no longer active in the directory' },
        },
      ],
    });
    return { ok: false };
  }
  try {
    const body = MonitoringSubmission.parse(parsed.body);
    await submitMonitoring(principal, year, org, fund, asOf, body);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const issues: UploadError[] = (
      (e.details as { issues?: { path: string; code: string; message: { zh: string; en: string } }[] })?.issues ?? []
    ).map((i) => ({
      sheet: '绩效监控表',
      cell: parsed.layout.cells[i.path] ?? '',
      code: i.code,
      message: i.message,
    }));
    await settleUpload(record, {
      status: 'refused',
      errors: issues.length ? issues : [{ sheet: '', cell: '', code: e.code, message: e.bilingual }],
    });
    return { ok: false };
  }
  await settleUpload(record, { status: 'accepted', errors: [] });
  return { ok: true };
}

/** The outcomes of a period's template uploads, newest last. */
export async function listMonitoringUploads(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  asOf: string,
) {
  authorize(principal, 'reference.read', org);
  if (!ASOF.test(asOf)) throw notFound({ zh: '监控期有误', en: 'Invalid period' });
  const items = await periodUploads(year, org, fund, asOf);
  return items.map(({ pk: _p, sk: _s, ...u }) => u).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
