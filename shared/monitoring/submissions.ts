import Decimal from 'decimal.js';
import { z } from 'zod';
import { cycleRecord, kickoffUnits } from '#shared/cycle/cycles';
import { membersOf } from '#shared/directory/directory';
import {
  BUDGET_LINES,
  type BudgetLine,
  compareSubmission,
  DEFAULT_CONFIG,
  FIGURES,
  type Figure,
  lateSubmissionFinding,
  type MonitoringConfig,
  missingSubmissionFinding,
  periodTimes,
  resolvedFindings,
  schedulePoints,
  toFen,
  toYuan,
} from '#shared/monitoring/compare';
import { remindNotices, startCorrections } from '#shared/monitoring/corrections';
import { recount, regionsOf } from '#shared/monitoring/counts';
import { findingItem, flagOutliers, furtherFindings, submitterOf, tellOfFindings } from '#shared/monitoring/integrity';
import { submitterNotice } from '#shared/monitoring/notices';
import type {
  CorrectionNotice,
  FindingRecord,
  IssuedTarget,
  MonitorRecord,
  SubmissionRecord,
} from '#shared/monitoring/records';
import {
  createMonitor,
  cycleYears,
  expectSubmissionVersion,
  markOpenedThrough,
  openPeriod,
  overduePeriods,
  periodFindings,
  provinceMonitors,
  readArrangedBudget,
  readMonitor,
  readMonitoring,
  readMonitoringConfig,
  readMonitoringCounts,
  readPeriod,
  readProvinceMonitoring,
  readTarget,
  saveMissedPeriod,
  saveMonitoringConfig,
  saveSubmission,
  targetItems,
  yearSubmissions,
} from '#shared/monitoring/store';
import { now, nowMs, shanghaiYear } from '#shared/platform/clock';
import { config as appConfig } from '#shared/platform/config';
import { AppError, type Bilingual, conflict, forbidden, unprocessable } from '#shared/platform/errors';
import { sendMail } from '#shared/platform/mail';
import type { Actor } from '#shared/platform/records';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { type Catalogue, type Indicator, listIndicators, type TargetValue } from '#shared/reference/indicators';
import { findOrg, getOrg, performanceUnits, provinceOf } from '#shared/reference/orgs';
import { Grade } from '#shared/reference/scoring';
import { text } from '#shared/reference/text';
import { catalogueFor } from '#shared/rules/rules';

/**
 * 绩效运行监控 (第三章, R11.1–R14.1). During the budget year each pooling region (the province for 企业职工养老) that
 * has an issued target for a fund is monitored per period: it submits its year-to-date figures, the current value of
 * each indicator and qualitative notes; the comparison (目标比较法) yields findings; findings above the threshold go to
 * correction (整改) until closed. A daily scheduled tick opens due periods and records missing submissions; all of it
 * is idempotent, so a re-run creates nothing twice.
 */
export { MonitoringConfig } from '#shared/monitoring/compare';
export { submitterOf } from '#shared/monitoring/integrity';

/** The provincial unit whose gsi1 partition holds an organisation's monitoring. */
export function provinceUnitOf(org: string): string {
  return provinceOf(org)?.code ?? org;
}

// --- configuration -----------------------------------------------------------------------------------------------

export async function monitoringConfig(year: number): Promise<MonitoringConfig> {
  return (await readMonitoringConfig(year)) ?? DEFAULT_CONFIG;
}

/** `PUT /api/cycles/{year}/monitoring/config` — central finance sets the cycle's monitoring schedule and thresholds. */
export async function setMonitoringConfig(principal: Principal, year: number, body: MonitoringConfig) {
  authorize(principal, 'cycle.kickoff');
  await cycleRecord(year);
  await saveMonitoringConfig(year, body, { id: principal.userId, orgCode: principal.orgCode });
  return { year, config: body, points: schedulePoints(year, body) };
}

// --- the scheduled tick ------------------------------------------------------------------------------------------

/**
 * Step 1 of the tick: the (cycle, provincial unit) pairs to look at — every cycle whose budget year has begun and
 * whose last period is not long past (Asia/Shanghai): until a day after the last period's due date, plus the days a
 * correction has and a month, so that the last period's correction notices are reminded, escalated at their deadline
 * and reminded once more.
 */
export async function planTick(): Promise<{ items: { year: number; unit: string }[] }> {
  const years = await cycleYears();
  const year = shanghaiYear(now());
  const active = [];
  for (const y of years) {
    if (y > year) continue;
    const cfg = await monitoringConfig(y);
    const last = schedulePoints(y, cfg).at(-1);
    const until =
      Date.parse(periodTimes(last ?? `${y}-12-31`, cfg.dueDays).due) + (cfg.correctionDays + 32) * 86_400_000;
    if (!last || nowMs() > until) continue;
    active.push(y);
  }
  return { items: active.flatMap((y) => kickoffUnits().map((unit) => ({ year: y, unit }))) };
}

/** The issued targets of a provincial unit's performance units (the regions to monitor) — one Query. */
async function issuedTargets(year: number, unit: string): Promise<IssuedTarget[]> {
  const org = getOrg(unit);
  const prefix = org.kind === 'province' || org.kind === 'xpcc' ? unit.slice(0, 2) : unit;
  const items = await targetItems(year, prefix);
  const unitsOf = new Map<string, Set<string>>();
  const performs = (fund: string, code: string) => {
    let set = unitsOf.get(fund);
    if (!set) {
      try {
        set = new Set(performanceUnits(unit, fund, year).map((o) => o.code));
      } catch {
        set = new Set();
      }
      unitsOf.set(fund, set);
    }
    return set.has(code);
  };
  return items.filter((t) => t.kind === 'targets' && t.status === 'issued' && t.approved && performs(t.fund, t.org));
}

/**
 * Step 2 of the tick, per provincial unit: a monitor for each newly issued target, the periods whose as-of date has
 * come (with a notice to the submitter), and a timeliness finding plus a reminder for each period past due without a
 * submission, and the correction notices whose reminder or deadline has come. Every write is conditional (create-if-absent, expected version), so re-running it changes nothing.
 * A unit's work grows with its regions (≈ 900 monitors for 四川 in January): it stops between monitors, periods and
 * notices once `timeLeft()` says no, after at least one, and answers `more: true`; the machine invokes it again.
 */
export async function tickUnit(year: number, unit: string, timeLeft: () => boolean = () => true) {
  const cfg = await monitoringConfig(year);
  const points = schedulePoints(year, cfg);
  const monitors = new Map((await provinceMonitors(year, unit)).map((m) => [`${m.org}#${m.fund}`, m]));
  let created = 0;
  let done = 0;
  /** whether to stop here: the time is up and this invocation has done something (so the next one starts further on) */
  const stop = () => done > 0 && !timeLeft();
  const partial = () => ({ unit, created, opened, missed, reminded: 0, escalated: 0, more: true });
  let opened = 0;
  let missed = 0;
  for (const t of await issuedTargets(year, unit)) {
    if (monitors.has(`${t.org}#${t.fund}`)) continue;
    if (stop()) return partial();
    done++;
    const started = await createMonitor({
      year,
      org: t.org,
      fund: t.fund,
      province: unit,
      targetVersion: t.approved?.version ?? 1,
      createdAt: now().toISOString(),
    });
    if (started.created) created++;
    monitors.set(`${t.org}#${t.fund}`, started.monitor);
  }

  const at = nowMs();
  for (const monitor of monitors.values()) {
    const due = points.filter(
      (p) =>
        Date.parse(periodTimes(p, cfg.dueDays).opensAt) <= at && (!monitor.openedThrough || p > monitor.openedThrough),
    );
    const through = due.at(-1);
    if (through === undefined) continue;
    if (stop()) return partial();
    done++;
    for (const asOf of due) {
      const times = periodTimes(asOf, cfg.dueDays);
      const ok = await openPeriod({
        year,
        org: monitor.org,
        fund: monitor.fund,
        province: unit,
        asOf,
        opensAt: times.opensAt,
        due: times.due,
      });
      if (ok) {
        opened++;
        await notifySubmitter(monitor, asOf, times.due, false);
      }
    }
    await markOpenedThrough(monitor, through);
  }

  // Periods past due with no submission: 及时性 findings (R13.1) and a reminder.
  const overdue = await overduePeriods(year, unit, now().toISOString());
  for (const period of overdue) {
    if (period.status !== 'open' || Date.parse(period.due) >= at) continue;
    if (stop()) return partial();
    done++;
    const at2 = now().toISOString();
    const finding = findingItem(period, missingSubmissionFinding(period, cfg.missingSeverity), cfg, at2);
    if (!(await saveMissedPeriod(period, at2, finding))) continue; // another tick got there first
    missed++;
    const monitor = monitors.get(`${period.org}#${period.fund}`);
    if (monitor) await notifySubmitter(monitor, period.asOf, period.due, true);
    await startCorrections([finding]);
  }
  // Correction notices whose reminder or deadline has come: reminded, escalated when overdue (R14.1)
  const notices = await remindNotices(year, unit, timeLeft);
  return { unit, created, opened, missed, ...notices };
}

async function notifySubmitter(monitor: MonitorRecord, asOf: string, due: string, overdue: boolean) {
  const url = `${appConfig().SIFPM_CONSOLE_URL}/?cycle=${monitor.year}&org=${monitor.org}&fund=${monitor.fund}&monitoring=${asOf}`;
  // the period's data is a drafting task of the agency: its drafters are told
  const to = await membersOf({
    org: monitor.org,
    department: submitterOf(monitor.fund),
    fund: monitor.fund,
    function: 'drafter',
  });
  const mail = submitterNotice({
    org: getOrg(monitor.org).name,
    fund: getFund(monitor.fund).name,
    asOf,
    due,
    overdue,
    console: url,
  });
  for (const p of to) await sendMail({ to: p.email, ...mail });
}

// --- submissions (R12.1) -------------------------------------------------------------------------------------------

const MoneyIn = z.string().max(40);
const FiguresIn = z.strictObject(
  Object.fromEntries(Object.keys(FIGURES).map((f) => [f, MoneyIn])) as Record<Figure, typeof MoneyIn>,
);
const BudgetIn = z.strictObject(
  Object.fromEntries(BUDGET_LINES.map((f) => [f, MoneyIn])) as Record<BudgetLine, typeof MoneyIn>,
);

/** Body of a submission: JSON through the API (the Excel 绩效监控表 maps onto the same shape). */
export const MonitoringSubmission = z.strictObject({
  /**
   * 年度预算数, yuan — only while no budget is arranged for the region × fund × year: once one is, the period takes the
   * budget's lines in force from its record and a budget typed here is ignored (R4.2)
   */
  budget: BudgetIn.optional(),
  /** 累计执行数 (year to date), yuan */
  actual: FiguresIn,
  /** current value of each monitored indicator: `value` for a quantitative one, `grade` for a qualitative one */
  indicators: z
    .array(
      z.strictObject({
        id: z.string().max(80),
        value: z.string().max(40).optional(),
        grade: z.string().max(4).optional(),
      }),
    )
    .max(100),
  /** qualitative notes on 风险防控 and 财务管理与核算 */
  notes: z.strictObject({
    riskControl: text({ min: 1, max: 2000 }),
    financialManagement: text({ min: 1, max: 2000 }),
  }),
  /** the submission's version when correcting an earlier one */
  version: z.int().positive().optional(),
});
export type MonitoringSubmission = z.infer<typeof MonitoringSubmission>;

interface Issue {
  path: string;
  code: string;
  message: Bilingual;
}

function moneyIssues(path: string, value: string, label: Bilingual, signed: boolean): Issue[] {
  if (!/^-?\d+(\.\d+)?$/.test(value.trim())) {
    return [
      {
        path,
        code: 'NOT_A_NUMBER',
        message: {
          zh: `${label.zh}须为数字（元），现为“${value}”`,
          en: `${label.en} must be a number (yuan), not “${value}”`,
        },
      },
    ];
  }
  if (!signed && value.trim().startsWith('-')) {
    return [
      { path, code: 'NEGATIVE_AMOUNT', message: { zh: `${label.zh}不能为负数`, en: `${label.en} cannot be negative` } },
    ];
  }
  if (!/^-?\d{1,15}(\.\d{1,2})?$/.test(value.trim())) {
    return [
      {
        path,
        code: 'AMOUNT_FORMAT',
        message: {
          zh: `${label.zh}须以元计，最多两位小数`,
          en: `${label.en}: yuan with at most 2 decimal places`,
        },
      },
    ];
  }
  return [];
}

/** Field-level checks of a submission against the catalogue and the region's approved target; nothing is written. */
export function checkSubmission(
  fund: string,
  body: MonitoringSubmission,
  target: { id: string }[],
  budgetArranged = false,
  /** the province's rules in force (第二十四条); the national catalogue when absent */
  rules?: Catalogue,
): { issues: Issue[]; catalogue: Map<string, Indicator> } {
  const issues: Issue[] = [];
  if (!budgetArranged && !body.budget) {
    issues.push({
      path: 'budget',
      code: 'BUDGET_REQUIRED',
      message: {
        zh: '尚未安排本年度预算，须填写年度预算数',
        en: 'No budget is arranged for the year: the budgeted figures are required',
      },
    });
  }
  for (const f of budgetArranged || !body.budget ? [] : BUDGET_LINES) {
    issues.push(
      ...moneyIssues(
        `budget.${f}`,
        body.budget?.[f] ?? '',
        { zh: `年度预算${FIGURES[f].zh}`, en: `Budgeted ${FIGURES[f].en}` },
        false,
      ),
    );
  }
  for (const f of Object.keys(FIGURES) as Figure[]) {
    issues.push(...moneyIssues(`actual.${f}`, body.actual[f], FIGURES[f], f === 'balance'));
  }
  const catalogue = new Map(listIndicators({ fund, ...(rules ? { catalogue: rules } : {}) }).map((i) => [i.id, i]));
  const monitored = new Set(target.map((t) => t.id));
  const seen = new Set<string>();
  body.indicators.forEach((entry, i) => {
    const path = `indicators.${i}`;
    const ind = catalogue.get(entry.id);
    if (!ind || !monitored.has(entry.id)) {
      issues.push({
        path: `${path}.id`,
        code: 'UNKNOWN_INDICATOR',
        message: {
          zh: `指标 ${entry.id} 不在本地区该险种已下达的绩效目标中`,
          en: `Indicator ${entry.id} is not among this region's issued targets for ${fund}`,
        },
      });
      return;
    }
    if (seen.has(entry.id)) {
      issues.push({
        path: `${path}.id`,
        code: 'DUPLICATE_INDICATOR',
        message: { zh: `指标 ${entry.id} 重复`, en: `Indicator ${entry.id} appears twice` },
      });
    }
    seen.add(entry.id);
    if (ind.nature === 'qualitative') {
      if (!Grade.safeParse(entry.grade).success || entry.value !== undefined) {
        issues.push({
          path: `${path}.grade`,
          code: 'WRONG_VALUE_KIND',
          message: {
            zh: `定性指标“${ind.name.zh}”须给出等级（优、良、中、差）`,
            en: `Qualitative indicator ${ind.id} needs a grade (优 良 中 差)`,
          },
        });
      }
    } else if (entry.value === undefined || entry.grade !== undefined) {
      issues.push({
        path: `${path}.value`,
        code: 'WRONG_VALUE_KIND',
        message: { zh: `定量指标“${ind.name.zh}”须给出数值`, en: `Quantitative indicator ${ind.id} needs a number` },
      });
    } else if (!/^-?\d+(\.\d+)?$/.test(entry.value)) {
      issues.push({
        path: `${path}.value`,
        code: 'NOT_A_NUMBER',
        message: {
          zh: `指标“${ind.name.zh}”的值须为数字，现为“${entry.value}”`,
          en: `Indicator ${ind.id} needs a number, not “${entry.value}”`,
        },
      });
    } else if (!ind.signed && entry.value.startsWith('-')) {
      issues.push({
        path: `${path}.value`,
        code: 'NEGATIVE_VALUE',
        message: { zh: `指标“${ind.name.zh}”不能为负数`, en: `Indicator ${ind.id} cannot be negative` },
      });
    } else if (new Decimal(entry.value).decimalPlaces() > ind.precision) {
      issues.push({
        path: `${path}.value`,
        code: 'TOO_MANY_DECIMALS',
        message: {
          zh: `指标“${ind.name.zh}”最多保留 ${ind.precision} 位小数`,
          en: `Indicator ${ind.id} takes at most ${ind.precision} decimal places`,
        },
      });
    }
  });
  return { issues, catalogue };
}

const ASOF = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}` — a region submits a period's monitoring data. */
export async function submitMonitoring(
  principal: Principal,
  year: number,
  org: string,
  fund: string,
  asOf: string,
  body: MonitoringSubmission,
) {
  authorize(principal, 'monitoring.submit', org, fund);
  if (principal.orgCode !== org) {
    throw forbidden(
      { zh: '只能报送本地区的绩效监控数据', en: 'You may submit monitoring data only for your own region' },
      { org },
    );
  }
  const cycle = await cycleRecord(year);
  const cfg = await monitoringConfig(year);
  const points = schedulePoints(year, cfg);
  const m = ASOF.exec(asOf);
  if (!m || Number(m[1]) !== cycle.year || !points.includes(asOf)) {
    throw unprocessable(
      'PERIOD_OUTSIDE_CYCLE',
      {
        zh: `${asOf} 不是 ${year} 年度的监控期（监控期截止日：${points.join('、')}）`,
        en: `${asOf} is not a monitoring period of the ${year} cycle (periods end on ${points.join(', ')})`,
      },
      { asOf, points },
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
    throw conflict(
      'PERIOD_NOT_OPEN',
      { zh: `${asOf} 期尚未开始报送`, en: `The period ending ${asOf} is not open yet` },
      { opensAt: periodTimes(asOf, cfg.dueDays).opensAt },
    );
  }
  const target = await readTarget(year, org, fund);
  const approved = target?.approved?.draft.indicators ?? [];
  const arranged = await readArrangedBudget(year, org, fund);
  const { issues, catalogue } = checkSubmission(
    fund,
    body,
    approved,
    arranged !== undefined,
    await catalogueFor(year, org),
  );
  if (issues.length > 0) {
    throw unprocessable(
      'SUBMISSION_INVALID',
      { zh: '监控数据有误，未保存', en: 'The monitoring data is not valid; nothing was saved' },
      { issues },
    );
  }
  // the region × fund's submissions of the year, one consistent Query: this period's (a correction replaces it), the
  // period before it (the comparison) and the series the further findings look along
  const ofYear = await yearSubmissions(year, org, fund);
  const existing = ofYear.find((s) => s.asOf === asOf);
  expectSubmissionVersion({ year, org, fund, asOf }, existing, body.version);

  // the budget in force when one is arranged (a typed one is ignored), else the figures typed
  const budget = Object.fromEntries(
    BUDGET_LINES.map((f) => [f, arranged ? arranged.lines[f] : toFen(body.budget?.[f] ?? '0')]),
  ) as Record<BudgetLine, string>;
  const actual = Object.fromEntries(
    (Object.keys(FIGURES) as Figure[]).map((f) => [f, toFen(body.actual[f])]),
  ) as Record<Figure, string>;
  const before = points.filter((p) => p < asOf).at(-1);
  const previous = before ? ofYear.find((s) => s.asOf === before) : undefined;
  const { comparison, findings } = compareSubmission({
    year,
    asOf,
    config: cfg,
    budget,
    actual,
    ...(previous ? { previous: previous.actual } : {}),
    indicators: body.indicators.map((e) => {
      const ind = catalogue.get(e.id) as Indicator;
      return {
        indicator: ind,
        actual: ind.nature === 'qualitative' ? { grade: e.grade as Grade } : (e.value as string),
        target: approved.find((t) => t.id === e.id)?.target as TargetValue,
      };
    }),
  });
  findings.push(
    ...(await furtherFindings({
      year,
      org,
      fund,
      asOf,
      cfg,
      budget,
      actual,
      earlier: ofYear.filter((e) => e.asOf < asOf),
    })),
  );
  const at = now().toISOString();
  const late = nowMs() > Date.parse(period.due);
  const existingFindings = await periodFindings(year, org, fund, asOf);
  const have = new Map(existingFindings.map((f) => [f.code, f]));
  if (late && !have.has('missing-submission')) findings.unshift(lateSubmissionFinding(period, at));
  const where = { year, org, fund, province: monitor.province, asOf };
  const fresh = findings.filter((f) => !have.has(f.code)).map((f) => findingItem(where, f, cfg, at));
  // A finding of an earlier version of this submission that no longer applies, and was only noted, is resolved.
  const stale = resolvedFindings(existingFindings, findings);

  const actor: Actor = { id: principal.userId, orgCode: principal.orgCode };
  const submission: Omit<SubmissionRecord, 'pk' | 'sk'> = {
    year,
    org,
    fund,
    asOf,
    budget,
    actual,
    indicators: body.indicators.map((e) =>
      e.grade !== undefined ? { id: e.id, grade: e.grade as Grade } : { id: e.id, value: e.value as string },
    ),
    notes: body.notes,
    comparison,
    submittedBy: principal.userId,
    submittedAt: at,
    late,
    targetVersion: target?.approved?.version ?? monitor.targetVersion,
    version: (existing?.version ?? 0) + 1,
  };
  await saveSubmission({
    period,
    late,
    action: existing ? 'monitoring.resubmit' : 'monitoring.submit',
    actor,
    submission,
    expectedVersion: existing?.version,
    fresh,
    stale,
  });
  await startCorrections(fresh);
  await tellOfFindings(fresh);
  const outliers = await flagOutliers({ year, province: monitor.province, fund, asOf }, (draft, region) =>
    findingItem({ ...where, org: region }, draft, cfg, at),
  );
  await tellOfFindings(outliers);
  return {
    period: { asOf, due: period.due, status: 'submitted', late },
    submission: submissionView(submission),
    comparison,
    findings: [
      ...existingFindings.filter((f) => !stale.includes(f)),
      ...fresh,
      ...outliers.filter((f) => f.org === org),
    ].map(findingView),
  };
}

// --- views (R11.1) -------------------------------------------------------------------------------------------------

function submissionView(
  s: Pick<
    SubmissionRecord,
    'budget' | 'actual' | 'indicators' | 'notes' | 'submittedBy' | 'submittedAt' | 'late' | 'version' | 'targetVersion'
  >,
) {
  return {
    budget: Object.fromEntries(Object.entries(s.budget).map(([k, v]) => [k, toYuan(v)])),
    actual: Object.fromEntries(Object.entries(s.actual).map(([k, v]) => [k, toYuan(v)])),
    indicators: s.indicators,
    notes: s.notes,
    submittedBy: s.submittedBy,
    submittedAt: s.submittedAt,
    late: s.late,
    version: s.version,
    targetVersion: s.targetVersion,
  };
}

export function findingView(f: FindingRecord) {
  return {
    asOf: f.asOf,
    code: f.code,
    dimension: f.dimension,
    severity: f.severity,
    message: f.message,
    details: f.details,
    status: f.status,
    raisedAt: f.raisedAt,
    correction: f.correction
      ? { ...f.correction, overdue: f.status === 'correcting' && nowMs() > Date.parse(f.correction.due) }
      : null,
    org: f.org,
    fund: f.fund,
  };
}

/** A period's correction notice (整改通知) as the views show it: open (its deadline, whether escalated) or closed. */
function noticeView(n: CorrectionNotice | undefined) {
  if (!n) return null;
  return n.status === 'open'
    ? { status: n.status, due: n.due ?? null, escalatedAt: n.escalatedAt ?? null, rounds: (n.closes ?? 0) + 1 }
    : { status: n.status, due: null, escalatedAt: null, rounds: n.closes ?? 1 };
}

async function monitoringOf(year: number, org: string, fund: string) {
  const { monitor, periods, submissions: stored, findings, notices } = await readMonitoring(year, org, fund);
  if (!monitor) return null;
  const submissions = new Map(stored.map((s) => [s.asOf, s]));
  const target = await readTarget(year, org, fund);
  const indicators = target?.approved?.draft.indicators ?? [];
  return {
    org,
    fund,
    target: target?.approved ? { version: target.approved.version, indicators } : null,
    periods: periods.map((p) => {
      const s = submissions.get(p.asOf);
      return {
        asOf: p.asOf,
        opensAt: p.opensAt,
        due: p.due,
        status: p.status,
        late: p.late ?? p.status === 'missed',
        submittedAt: p.submittedAt ?? null,
        submission: s ? submissionView(s) : null,
        comparison: s?.comparison ?? null,
        findings: findings.filter((f) => f.asOf === p.asOf).map(findingView),
        notice: noticeView(notices.find((n) => n.asOf === p.asOf)),
      };
    }),
    findings: findings.map(findingView),
    /** each indicator's values period by period against its target */
    trajectory: indicators.map((t) => ({
      id: t.id,
      target: t.target,
      points: [...submissions.values()].flatMap((s) => {
        const c = s.comparison.indicators.find((i) => i.id === t.id);
        return c ? [{ asOf: s.asOf, actual: c.actual, met: c.met, deviation: c.deviation }] : [];
      }),
    })),
    /** budget execution against the share of the year elapsed, period by period */
    execution: [...submissions.values()].map((s) => ({
      asOf: s.asOf,
      elapsedShare: s.comparison.elapsedShare,
      rates: Object.fromEntries(Object.entries(s.comparison.progress).map(([line, p]) => [line, p?.executionRate])),
    })),
  };
}

/** `GET /api/cycles/{year}/monitoring?org=&fund=` — scoped: a region itself, a province its regions, central all. */
export async function viewMonitoring(principal: Principal, year: number, org: string, fund?: string) {
  authorize(principal, 'reference.read', org);
  await cycleRecord(year);
  const cfg = await monitoringConfig(year);
  const funds = fund
    ? [getFund(fund).code]
    : (await provinceMonitors(year, provinceUnitOf(org), org)).map((m) => m.fund);
  const out = [];
  for (const f of funds) {
    const m = await monitoringOf(year, org, f);
    out.push(m ?? { org, fund: f, monitored: false });
  }
  return {
    year,
    org,
    config: { ...cfg, points: schedulePoints(year, cfg) },
    funds: out.map((m) => ({ monitored: true, ...m })),
  };
}

/** `GET /api/cycles/{year}/monitoring/summary?org=<province>` — the province's regions by open findings and lateness. */
export async function monitoringSummary(principal: Principal, year: number, province: string) {
  authorize(principal, 'reference.read', province);
  const unit = findOrg(province);
  if (unit?.tier !== 'province') {
    throw new AppError(
      422,
      'NOT_A_PROVINCE',
      { zh: '汇总须按省级单位查询', en: 'The summary is per provincial unit' },
      { org: province },
    );
  }
  // one record, whatever the number of regions, periods and findings; a cycle from before the counters is counted
  // from its records (the same contributions)
  const counts = (await readMonitoringCounts(year, province)) ?? recount(await readProvinceMonitoring(year, province));
  return { year, province, regions: regionsOf(counts) };
}
