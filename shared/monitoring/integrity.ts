/**
 * What a submission is checked against beyond itself (issue 18): its own series of the year, the contributions the
 * tax department collected (第五条), the fund's projected reserve (第二条, 第十二条) and the other regions of its
 * province (第十八条 数据真实). The checks are pure (`truthfulness.ts`, `risk.ts`); this file reads what they need,
 * and tells whom each finding concerns.
 */
import { z } from 'zod';
import { mailDepartment } from '#shared/directory/directory';
import {
  atLeast,
  BUDGET_LINES,
  correctionDue,
  DEFAULT_CONFIG,
  FIGURES,
  type FindingDraft,
  type MonitoringConfig,
  toFen,
} from '#shared/monitoring/compare';
import { startCorrections } from '#shared/monitoring/corrections';
import { outlierNotice, reserveRiskNotice, taxMismatchNotice } from '#shared/monitoring/notices';
import type { FindingRecord, SubmissionRecord } from '#shared/monitoring/records';
import { type MonthFigures, projectReserve } from '#shared/monitoring/risk';
import {
  findingKey,
  periodSubmissionsIn,
  raiseNewFindings,
  readFinding,
  readMonitor,
  readMonitoringConfig,
  readPeriod,
  readProvinceMonitoring,
  readSubmission,
  readTaxCollection,
  saveTaxCollection,
  yearSubmissions,
} from '#shared/monitoring/store';
import { outlierFinding, outliers, seriesJump, taxMismatch } from '#shared/monitoring/truthfulness';
import { now } from '#shared/platform/clock';
import { config as appConfig } from '#shared/platform/config';
import { conflict, forbidden } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { CENTRAL_ORG_CODE, getOrg, provinceOf, provincialUnits } from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';

/** The submitting agency of the fund's line (人社 or 医保经办机构). */
export function submitterOf(fund: string): Department {
  return getFund(fund).line === 'medsec' ? 'medsec-agency' : 'hrss-agency';
}

/** How many previous years the projection learns the season and its own error from. */
const HISTORY_YEARS = 3;

interface Submitted {
  year: number;
  org: string;
  fund: string;
  asOf: string;
  cfg: MonitoringConfig;
  budget: SubmissionRecord['budget'];
  actual: SubmissionRecord['actual'];
  /** the region × fund's submissions of the year before this period, oldest first */
  earlier: SubmissionRecord[];
}

/** The month an as-of date closes (its last day), or undefined for a mid-month point. */
function monthClosed(asOf: string): number | undefined {
  const [y, m, d] = asOf.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d === last ? m : undefined;
}

const monthFigures = (s: Pick<SubmissionRecord, 'asOf' | 'actual'>): MonthFigures | undefined => {
  const month = monthClosed(s.asOf);
  return month === undefined
    ? undefined
    : { month, income: s.actual.income, expenditure: s.actual.expenditure, balance: s.actual.balance };
};

/** The findings of a submission's context, beside what `compareSubmission` raises of the figures alone. */
export async function furtherFindings(s: Submitted): Promise<FindingDraft[]> {
  const findings: FindingDraft[] = [];
  const { earlier } = s;
  for (const line of BUDGET_LINES) {
    const jump = seriesJump({
      asOf: s.asOf,
      figure: line,
      label: FIGURES[line],
      earlier: earlier.map((e) => e.actual[line]),
      current: s.actual[line],
    });
    if (jump) findings.push(jump);
  }
  const tax = await readTaxCollection(s.year, s.org, s.fund, s.asOf);
  if (tax) {
    const mismatch = taxMismatch({
      asOf: s.asOf,
      agency: s.actual.contributionIncome,
      tax: tax.contributions,
      tolerance: Number(s.cfg.thresholds.taxTolerance),
    });
    if (mismatch) findings.push(mismatch);
  }
  const risk = await reserveFinding(s);
  if (risk) findings.push(risk);
  return findings;
}

/** The projected reserve of the region × fund, from this year's figures and the previous years' (`risk.ts`). */
async function reserveFinding(s: Submitted): Promise<FindingDraft | undefined> {
  const current = monthFigures(s);
  if (!current) return undefined;
  const previous = [];
  for (let y = s.year - 1; y >= s.year - HISTORY_YEARS; y--) {
    const months = (await yearSubmissions(y, s.org, s.fund)).flatMap((e) => monthFigures(e) ?? []);
    if (months.length) previous.push({ year: y, months });
  }
  const p = projectReserve({
    fund: s.fund,
    current,
    budget: { income: s.budget.income, expenditure: s.budget.expenditure },
    previous,
  });
  if (p.level === 'none') return undefined;
  const months = p.monthsPayable === null ? '—' : String(p.monthsPayable);
  return {
    code: 'reserve-risk',
    dimension: 'risk',
    severity: p.level,
    message:
      p.runsOutIn !== null
        ? {
            zh: `预计基金累计结余于${p.runsOutIn}月用尽（年末可支付月数${months}，预警线${p.thresholds.minor}个月）`,
            en: `The accumulated balance is projected to run out in month ${p.runsOutIn} (months payable at year end ${months}; warning line ${p.thresholds.minor})`,
          }
        : {
            zh: `预计年末累计结余可支付月数${months}，低于预警线${p.thresholds.minor}个月`,
            en: `Months payable projected at year end: ${months}, below the warning line of ${p.thresholds.minor}`,
          },
    details: {
      method: p.method,
      basis: p.basis,
      monthsPayable: p.monthsPayable,
      runsOutIn: p.runsOutIn,
      range: p.range,
      yearEnd: p.yearEnd,
      thresholds: p.thresholds,
      note: p.note,
    },
  };
}

const consoleLink = (year: number, org: string, fund: string, asOf: string) =>
  `${appConfig().SIFPM_CONSOLE_URL}/?cycle=${year}&org=${org}&fund=${fund}&monitoring=${asOf}`;

/** Mail whom each new finding of this context concerns: tax mismatches both departments, reserve risks the province and central. */
export async function tellOfFindings(fresh: FindingRecord[]): Promise<void> {
  for (const f of fresh) {
    const org = getOrg(f.org).name;
    const fund = getFund(f.fund).name;
    const link = consoleLink(f.year, f.org, f.fund, f.asOf);
    if (f.code === 'tax-mismatch') {
      const d = f.details as { agency: string; tax: string; share: string };
      const mail = taxMismatchNotice({ org, fund, asOf: f.asOf, ...d, console: link });
      await mailDepartment(f.org, submitterOf(f.fund), mail, f.fund);
      await mailDepartment(f.org, 'tax', mail, f.fund);
    }
    if (f.code === 'reserve-risk') {
      const d = f.details as { monthsPayable: number | null; runsOutIn: number | null };
      const mail = reserveRiskNotice({
        org,
        fund,
        asOf: f.asOf,
        ...d,
        severity: f.severity,
        console: `${appConfig().SIFPM_CONSOLE_URL}/risk?cycle=${f.year}`,
      });
      if (f.province !== f.org) await mailDepartment(f.province, 'finance', mail, f.fund);
      await mailDepartment(CENTRAL_ORG_CODE, 'finance', mail, f.fund);
    }
    if (f.code.startsWith('outlier-')) {
      const mail = outlierNotice({ org, fund, asOf: f.asOf, finding: f.message, console: link });
      await mailDepartment(f.province, 'finance', mail, f.fund);
    }
  }
}

/** The measures on which a province's regions are compared for one fund and period (execution rates). */
const MEASURES = [
  { code: 'expenditure-rate', line: 'expenditure', label: { zh: '基金支出执行率', en: 'Expenditure execution rate' } },
  {
    code: 'contribution-rate',
    line: 'contributionIncome',
    label: { zh: '社会保险费收入执行率', en: 'Contribution income execution rate' },
  },
  { code: 'subsidy-rate', line: 'subsidy', label: { zh: '财政补助到位率', en: 'Subsidy arrival rate' } },
] as const;

/**
 * After a submission: the province's regions that have submitted this fund's period, compared on each measure; a
 * region far from the others gets an `info` finding to be verified by the province (raised once).
 */
export async function flagOutliers(
  where: { year: number; province: string; fund: string; asOf: string },
  item: (draft: FindingDraft, org: string) => FindingRecord,
): Promise<FindingRecord[]> {
  const submissions = await periodSubmissionsIn(where.year, where.province, where.fund, where.asOf);
  const found = MEASURES.flatMap((measure) => {
    const values = submissions.flatMap((s) => {
      const budget = Number(s.budget[measure.line]);
      return budget > 0 ? [{ org: s.org, value: Number(s.actual[measure.line]) / budget }] : [];
    });
    return outliers(values).map((o) => item(outlierFinding(where.asOf, measure, o), o.org));
  });
  const raised = await raiseNewFindings(found);
  await startCorrections(raised);
  return raised;
}

/** A finding of a period as stored: a correction item when severe enough (`correctFrom`), never for a reserve warning. */
export function findingItem(
  where: { year: number; org: string; fund: string; province: string; asOf: string },
  draft: FindingDraft,
  cfg: MonitoringConfig,
  at: string,
): FindingRecord {
  const key = findingKey(where.year, where.org, where.fund, where.asOf, draft.code);
  // a reserve warning goes to the province and central (a notice), not to the region as a correction item
  const corrects = draft.dimension !== 'risk' && atLeast(draft.severity, cfg.correctFrom);
  const due = correctionDue(at, cfg.correctionDays);
  return {
    ...key,
    year: where.year,
    org: where.org,
    fund: where.fund,
    province: where.province,
    asOf: where.asOf,
    ...draft,
    status: corrects ? 'correcting' : 'noted',
    raisedAt: at,
    ...(corrects ? { correction: { due } } : {}),
    version: 1,
  };
}

// --- the tax department's collection (第五条 税务部门) -------------------------------------------------------------

/** Body of `PUT …/monitoring/{org}/{fund}/tax/{asOf}`: the contributions collected by the as-of date, yuan. */
export const TaxCollection = z.strictObject({
  contributions: z.string().regex(/^\d{1,15}(\.\d{1,2})?$/, {
    error: '征收数须以元计、非负、最多两位小数 / contributions: non-negative yuan with at most 2 decimal places',
  }),
  /** the report's version when correcting an earlier one */
  version: z.int().positive().optional(),
});
export type TaxCollection = z.infer<typeof TaxCollection>;

/**
 * The region's tax department reports what it collected for the fund by the period's as-of date; when the agency
 * has submitted, the two are compared there and then (and again on each later submission or report).
 */
export async function reportTaxCollection(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  asOf: string,
  body: TaxCollection,
) {
  authorize(principal, 'monitoring.tax-report', org, fund);
  if (principal.orgCode !== org) {
    throw forbidden(
      { zh: '只能报送本地区的税务征收数据', en: 'You may report tax collection only for your own region' },
      { org },
    );
  }
  const monitor = await readMonitor(year, org, fund);
  if (!monitor) {
    throw conflict('NOT_MONITORED', {
      zh: '该地区该险种尚无已下达的绩效目标或监控尚未开始',
      en: 'No issued target for this region and fund, or monitoring has not started',
    });
  }
  const period = await readPeriod(year, org, fund, asOf);
  if (!period) {
    throw conflict('PERIOD_NOT_OPEN', { zh: `${asOf}期尚未开始报送`, en: `The period ending ${asOf} is not open yet` });
  }
  const cfg = (await readMonitoringConfig(year)) ?? DEFAULT_CONFIG;
  const contributions = toFen(body.contributions);
  const submission = await readSubmission(year, org, fund, asOf);
  const mismatch = submission
    ? taxMismatch({
        asOf,
        agency: submission.actual.contributionIncome,
        tax: contributions,
        tolerance: Number(cfg.thresholds.taxTolerance),
      })
    : undefined;
  const raised = await readFinding({ year, org, fund, asOf, code: 'tax-mismatch' });
  const at = now().toISOString();
  const fresh =
    mismatch && !raised ? [findingItem({ year, org, fund, province: monitor.province, asOf }, mismatch, cfg, at)] : [];
  const stale = !mismatch && raised?.status === 'noted' ? [raised] : [];
  const record = {
    year,
    org,
    fund,
    asOf,
    contributions,
    reportedBy: principal.userId,
    reportedAt: at,
    version: (body.version ?? 0) + 1,
  };
  // conditional on the version the caller read (none: the first report): a stale or concurrent report is a 409
  await saveTaxCollection({
    record,
    expectedVersion: body.version,
    actor: { id: principal.userId, orgCode: principal.orgCode },
    fresh,
    stale,
  });
  await startCorrections(fresh);
  await tellOfFindings(fresh);
  return {
    taxCollection: { asOf, contributions, version: record.version, reportedAt: at },
    agency: submission ? { contributionIncome: submission.actual.contributionIncome } : null,
    mismatch: mismatch ? { share: mismatch.details.share, severity: mismatch.severity } : null,
  };
}

// --- the risk view (GET /api/cycles/{y}/risk?org=) ---------------------------------------------------------------

const INTEGRITY_CODE = /^(reserve-risk|tax-mismatch|outlier-|series-jump-)/;

/**
 * The regions at risk and why: each open reserve warning (its latest period per region × fund), ranked by the
 * months its reserve pays, and the data checks still to be verified. Central sees every province; a province its
 * own regions (`overview.read`); `org` a region narrows the view to it.
 */
export async function riskView(principal: Principal, year: number, org: string) {
  authorize(principal, 'overview.read', org);
  // central: every provincial unit; a provincial unit: its own; a region: its provincial unit's, narrowed to it
  const units = org === CENTRAL_ORG_CODE ? provincialUnits().map((p) => p.code) : [provinceOf(org)?.code ?? org];
  const findings = [];
  for (const unit of units) {
    const { findings: all } = await readProvinceMonitoring(year, unit);
    findings.push(
      ...all.filter(
        (f) =>
          INTEGRITY_CODE.test(f.code) &&
          f.status !== 'resolved' &&
          f.status !== 'closed' &&
          (org === CENTRAL_ORG_CODE || org === unit || f.org === org),
      ),
    );
  }
  const latest = new Map<string, FindingRecord>();
  for (const f of findings.filter((x) => x.code === 'reserve-risk')) {
    const k = `${f.org}#${f.fund}`;
    if ((latest.get(k)?.asOf ?? '') < f.asOf) latest.set(k, f);
  }
  const atRisk = [...latest.values()]
    .map((f) => {
      const d = f.details as {
        monthsPayable: number | null;
        runsOutIn: number | null;
        range: { low: number; high: number } | null;
        method: string;
        thresholds: { minor: number; major: number };
        note: { zh: string; en: string };
      };
      return {
        org: f.org,
        name: getOrg(f.org).name,
        province: f.province,
        fund: f.fund,
        fundName: getFund(f.fund).name,
        asOf: f.asOf,
        severity: f.severity,
        monthsPayable: d.monthsPayable,
        runsOutIn: d.runsOutIn,
        range: d.range,
        method: d.method,
        thresholds: d.thresholds,
        reason: f.message,
        note: d.note,
      };
    })
    .sort(
      (a, b) =>
        (a.runsOutIn ?? 13) - (b.runsOutIn ?? 13) ||
        (a.monthsPayable ?? Number.POSITIVE_INFINITY) - (b.monthsPayable ?? Number.POSITIVE_INFINITY) ||
        a.org.localeCompare(b.org),
    );
  const toVerify = findings
    .filter((f) => f.code !== 'reserve-risk')
    .map((f) => ({
      org: f.org,
      name: getOrg(f.org).name,
      fund: f.fund,
      fundName: getFund(f.fund).name,
      asOf: f.asOf,
      code: f.code,
      severity: f.severity,
      status: f.status,
      reason: f.message,
      figures: f.details,
    }))
    .sort((a, b) => a.org.localeCompare(b.org) || a.fund.localeCompare(b.fund) || a.asOf.localeCompare(b.asOf));
  return { year, org, atRisk, toVerify };
}
