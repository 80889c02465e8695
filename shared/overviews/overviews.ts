import type { ItemStep, MonitorSeen, PeriodSeen } from '#shared/overviews/records';
import { readCycleDeadlines, readCycleItems, readMonitoring } from '#shared/overviews/store';
import { nowMs } from '#shared/platform/clock';
import { notFound, unprocessable } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { type Bilingual, getFund, listFunds } from '#shared/reference/funds';
import {
  CENTRAL_UNIT_ORG_CODE,
  findOrg,
  getOrg,
  type Org,
  performanceUnits,
  provinceOf,
  provincialUnits,
  type Tier,
} from '#shared/reference/orgs';

/**
 * The overviews people ask for (issue 16, point 3), each one pass over whole partitions or index ranges:
 * - `monitoringOverview`: provinces × funds (central) or a province's regions × funds — monitored units, periods due,
 *   submitted, late, missing, open findings, units whose execution is behind the time elapsed;
 * - `regionMatrix`: a province's units × funds, each cell the item's workflow step and since when (M24);
 * - `completeness`: per phase and tier, how many are due, done, done on time, late, missing (M16).
 * Central reads all; a province its own province and regions; a region none (`overview.read`, through `authorize`).
 */

type Fund = { code: string; name: Bilingual };

const fundsOf = (year: number): Fund[] => listFunds({ year }).map((f) => ({ code: f.code, name: f.name }));

/** Reading national, or one province: the caller's scope decides, `authorize` refuses the rest. */
function scopeOf(principal: Principal, org: string | undefined): Org | undefined {
  const target = org ?? (principal.tier === 'central' ? undefined : principal.orgCode);
  authorize(principal, 'overview.read', target);
  if (target === undefined) return undefined;
  const unit = findOrg(target);
  if (unit?.tier !== 'province') {
    throw unprocessable(
      'NOT_A_PROVINCE',
      { zh: '概览须按省级单位查询', en: 'This overview is per provincial unit' },
      { org: target },
    );
  }
  return unit;
}

/** The provincial units a national overview lists: the provinces, the XPCC and the central unit (第二十三条). */
const nationalUnits = (): Org[] => [...provincialUnits(), getOrg(CENTRAL_UNIT_ORG_CODE)];

/** Run `fn` over `items`, at most `width` at a time, keeping their order. */
async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

const named = (o: Org) => ({ org: o.code, name: o.name });

// --- the monitoring overview ---------------------------------------------------------------------------------------

export interface MonitoringCell {
  /** region × fund pairs under monitoring */
  units: number;
  /** periods whose due date has passed, or already submitted */
  due: number;
  submitted: number;
  /** submitted after the due date */
  late: number;
  /** not submitted by the due date */
  missing: number;
  /** findings neither closed nor resolved */
  openFindings: number;
  /** units with an open finding that a budget line's execution is behind the share of the year elapsed */
  behind: number;
}

const emptyCell = (): MonitoringCell => ({
  units: 0,
  due: 0,
  submitted: 0,
  late: 0,
  missing: 0,
  openFindings: 0,
  behind: 0,
});

const addInto = (into: MonitoringCell, c: MonitoringCell) => {
  for (const k of Object.keys(into) as (keyof MonitoringCell)[]) into[k] += c[k];
};

const isOpenFinding = (status: string) => status !== 'closed' && status !== 'resolved';

/** Each (row, fund)'s figures from one province's monitoring, the row chosen by `rowOf` (the province or a region). */
function tally(
  data: Awaited<ReturnType<typeof readMonitoring>>,
  rowOf: (org: string) => string,
  now: number,
): Map<string, Map<string, MonitoringCell>> {
  const rows = new Map<string, Map<string, MonitoringCell>>();
  const cell = (org: string, fund: string) => {
    const row = rowOf(org);
    let r = rows.get(row);
    if (!r) {
      r = new Map();
      rows.set(row, r);
    }
    let c = r.get(fund);
    if (!c) {
      c = emptyCell();
      r.set(fund, c);
    }
    return c;
  };
  for (const m of data.monitors) cell(m.org, m.fund).units++;
  for (const p of data.periods) {
    const pastDue = Date.parse(p.due) < now;
    if (p.status === 'open' && !pastDue) continue;
    const c = cell(p.org, p.fund);
    c.due++;
    if (p.status === 'submitted') {
      c.submitted++;
      if (p.late) c.late++;
    } else c.missing++;
  }
  const behind = new Set<string>();
  for (const f of data.findings) {
    if (!isOpenFinding(f.status)) continue;
    cell(f.org, f.fund).openFindings++;
    if (f.code.startsWith('progress-')) behind.add(`${f.org}#${f.fund}`);
  }
  for (const key of behind) {
    const [org, fund] = key.split('#') as [string, string];
    cell(org, fund).behind++;
  }
  return rows;
}

/**
 * `GET /api/cycles/{year}/overviews/monitoring[?org=<province>]`: without `org` (central) the provincial units ×
 * funds; with it, that province's monitored units × funds. One index Query per provincial unit, eight at a time.
 */
export async function monitoringOverview(principal: Principal, year: number, org?: string) {
  const province = scopeOf(principal, org);
  const funds = fundsOf(year);
  const now = nowMs();
  const units = province ? [province] : nationalUnits();
  const perUnit = await inParallel(units, 8, (u) => readMonitoring(year, u.code));
  const rows: { org: string; name: Bilingual; cells: Record<string, MonitoringCell>; total: MonitoringCell }[] = [];
  const totals: Record<string, MonitoringCell> = Object.fromEntries(funds.map((f) => [f.code, emptyCell()]));
  const grand = emptyCell();
  const push = (o: Org, byFund: Map<string, MonitoringCell> | undefined) => {
    const cells = Object.fromEntries(funds.map((f) => [f.code, byFund?.get(f.code) ?? emptyCell()]));
    const total = emptyCell();
    for (const f of funds) {
      addInto(total, cells[f.code] as MonitoringCell);
      addInto(totals[f.code] as MonitoringCell, cells[f.code] as MonitoringCell);
    }
    addInto(grand, total);
    rows.push({ ...named(o), cells, total });
  };
  if (province) {
    const byRow = tally(perUnit[0] as Awaited<ReturnType<typeof readMonitoring>>, (o) => o, now);
    const orgs = [...byRow.keys()].sort((a, b) =>
      a === province.code ? -1 : b === province.code ? 1 : a.localeCompare(b),
    );
    for (const o of orgs) push(getOrg(o), byRow.get(o));
  } else {
    units.forEach((u, i) => {
      const byRow = tally(perUnit[i] as Awaited<ReturnType<typeof readMonitoring>>, () => u.code, now);
      push(u, byRow.get(u.code));
    });
  }
  return {
    year,
    scope: province ? named(province) : null,
    funds,
    rows,
    totals,
    total: grand,
    at: new Date(now).toISOString(),
  };
}
export type MonitoringOverview = Awaited<ReturnType<typeof monitoringOverview>>;

// --- the region × fund matrix (M24) ---------------------------------------------------------------------------------

export const STEP_LABELS: Record<string, Bilingual> = {
  'not-started': { zh: '未开始', en: 'Not started' },
  'not-issued': { zh: '待下达', en: 'Not yet issued' },
  'targets.drafting': { zh: '制定中', en: 'Drafting' },
  'targets.preliminary-review': { zh: '初审', en: 'Preliminary review' },
  'targets.finance-review': { zh: '审核', en: 'Finance review' },
  'targets.central-review': { zh: '中央审核', en: 'Central review' },
  'targets.approved': { zh: '已审定', en: 'Approved' },
  'targets.issued': { zh: '已下达', en: 'Issued' },
  monitoring: { zh: '监控中', en: 'Under monitoring' },
  'self-evaluation.awaiting-report': { zh: '自评中', en: 'Self-evaluating' },
  'self-evaluation.scoring': { zh: '评分中', en: 'Scoring' },
  'self-evaluation.sign-off': { zh: '待财政审定', en: 'Awaiting finance sign-off' },
  'self-evaluation.submitted': { zh: '待省级评价', en: 'Awaiting provincial review' },
  'self-evaluation.reviewed': { zh: '已评价', en: 'Reviewed' },
};

export interface MatrixCell {
  /** whether the unit does this fund's performance work (or, for the province itself, sets its targets) */
  applicable: boolean;
  step: { code: string; label: Bilingual };
  /** when the item entered its step; null where nothing records it */
  since: string | null;
}

const stepOf = (code: string, since: string | null): MatrixCell => ({
  applicable: true,
  step: { code, label: STEP_LABELS[code] ?? { zh: code, en: code } },
  since,
});

/** The current step of one unit × fund: the self-evaluation once it exists, else monitoring, else the target. */
function cellOf(
  unit: string,
  province: string,
  target: ItemStep | undefined,
  evaluation: ItemStep | undefined,
  monitor: MonitorSeen | undefined,
): MatrixCell {
  if (evaluation)
    return stepOf(`self-evaluation.${evaluation.status}`, evaluation.stepSince ?? evaluation.submittedAt ?? null);
  if (monitor && target?.status === 'issued')
    return stepOf('monitoring', monitor.createdAt ?? target.stepSince ?? null);
  if (target) return stepOf(`targets.${target.status}`, target.stepSince ?? null);
  return stepOf(unit === province ? 'not-started' : 'not-issued', null);
}

/**
 * `GET /api/cycles/{year}/overviews/regions?org=<province>`: the province itself and its performance units (rows) ×
 * funds (columns), each cell the item's step and since when. Two Queries: the province's range of the cycle's items
 * and the province's monitoring.
 */
export async function regionMatrix(principal: Principal, year: number, org?: string) {
  if (org === undefined && principal.tier === 'central') {
    authorize(principal, 'overview.read');
    throw unprocessable('ORG_REQUIRED', { zh: '请选择省份', en: 'Choose a province' }, { field: 'org' });
  }
  const province = scopeOf(principal, org) as Org;
  const funds = fundsOf(year);
  const [items, monitoring] = await Promise.all([
    readCycleItems(year, province.code.slice(0, 2)),
    readMonitoring(year, province.code),
  ]);
  const key = (o: string, f: string) => `${o}#${f}`;
  const targets = new Map<string, ItemStep>();
  const evaluations = new Map<string, ItemStep>();
  for (const i of items) {
    if (provinceOf(i.org)?.code !== province.code) continue;
    if (i.kind === 'targets') targets.set(key(i.org, i.fund), i);
    else if (i.kind === 'self-evaluation') evaluations.set(key(i.org, i.fund), i);
  }
  const monitors = new Map(monitoring.monitors.map((m) => [key(m.org, m.fund), m]));
  const unitsOf = new Map(
    funds.map((f) => [f.code, new Set(performanceUnits(province.code, f.code, year).map((o) => o.code))]),
  );
  const codes = new Set<string>([province.code]);
  for (const s of unitsOf.values()) for (const c of s) codes.add(c);
  // a unit holding an item beyond the pooling rules (e.g. after they changed) still shows
  for (const i of [...targets.values(), ...evaluations.values()]) codes.add(i.org);
  const rows = [...codes]
    .sort((a, b) => (a === province.code ? -1 : b === province.code ? 1 : a.localeCompare(b)))
    .map((code) => {
      const o = getOrg(code);
      const cells = Object.fromEntries(
        funds.map((f): [string, MatrixCell] => {
          const k = key(code, f.code);
          const target = targets.get(k);
          const evaluation = evaluations.get(k);
          const applicable =
            code === province.code || unitsOf.get(f.code)?.has(code) === true || !!target || !!evaluation;
          if (!applicable)
            return [
              f.code,
              { applicable: false, step: { code: 'n/a', label: { zh: '不适用', en: 'Not applicable' } }, since: null },
            ];
          return [f.code, cellOf(code, province.code, target, evaluation, monitors.get(k))];
        }),
      );
      return { ...named(o), tier: o.tier, cells };
    });
  return { year, province: named(province), funds, rows };
}
export type RegionMatrix = Awaited<ReturnType<typeof regionMatrix>>;

// --- completeness and timeliness by tier for each phase (M16) -------------------------------------------------------

export const PHASES = ['targets', 'monitoring', 'self-evaluation', 'provincial-evaluation'] as const;
export type OverviewPhase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<OverviewPhase, Bilingual> = {
  targets: { zh: '绩效目标', en: 'Targets' },
  monitoring: { zh: '绩效运行监控', en: 'Execution monitoring' },
  'self-evaluation': { zh: '绩效自评', en: 'Self-evaluation' },
  'provincial-evaluation': { zh: '省级绩效评价', en: 'Provincial evaluation' },
};

export const TIER_LABELS: Record<Tier, Bilingual> = {
  central: { zh: '中央', en: 'Central' },
  province: { zh: '省级', en: 'Province' },
  region: { zh: '统筹地区', en: 'Pooling region' },
};

/** What each row counts, per phase and tier. */
export const WHAT_COUNTS: Record<OverviewPhase, Partial<Record<Tier, Bilingual>>> = {
  targets: {
    central: { zh: '中央审核并下达各省目标', en: 'Central reviews and issues the provinces’ targets' },
    province: { zh: '省级目标报送中央审核', en: 'Provincial targets submitted to central review' },
    region: { zh: '目标分解下达至统筹地区', en: 'Targets decomposed to the pooling regions' },
  },
  monitoring: {
    province: { zh: '省级监控数据按期报送', en: 'Provincial monitoring periods submitted' },
    region: { zh: '统筹地区监控数据按期报送', en: 'Pooling regions’ monitoring periods submitted' },
  },
  'self-evaluation': {
    province: { zh: '省级自评报送', en: 'Provincial self-evaluations submitted' },
    region: { zh: '统筹地区自评报送', en: 'Pooling regions’ self-evaluations submitted' },
  },
  'provincial-evaluation': {
    province: { zh: '省级绩效评价报告报送', en: 'Provincial evaluation reports submitted' },
  },
};

export interface CompletenessRow {
  phase: OverviewPhase;
  tier: Tier;
  what: Bilingual;
  due: number;
  done: number;
  onTime: number;
  late: number;
  /** not done, and its deadline has passed */
  missing: number;
  /** not done, its deadline still ahead */
  pending: number;
}

class Counter {
  due = 0;
  done = 0;
  onTime = 0;
  late = 0;
  missing = 0;
  /** one item: done (on time or late), or not done (missing once its deadline passed) */
  add(done: boolean, late: boolean, deadline: string | undefined, now: number) {
    this.due++;
    if (done) {
      this.done++;
      if (late) this.late++;
      else this.onTime++;
    } else if (deadline !== undefined && Date.parse(deadline) < now) this.missing++;
  }
}

const lateMark = (i: ItemStep, exceptStep?: string): boolean =>
  typeof i.late === 'string' || i.late === true
    ? true
    : typeof i.late === 'object'
      ? Object.keys(i.late).some((step) => step !== exceptStep)
      : false;

const after = (at: string | undefined, deadline: string | undefined) =>
  at !== undefined && deadline !== undefined && Date.parse(at) > Date.parse(deadline);

/**
 * `GET /api/cycles/{year}/overviews/completeness[?org=<province>]`: per phase and tier — due, done, on time, late,
 * missing, pending. One Query of the cycle's items (the whole cycle, or the province's range) and one of monitoring
 * per provincial unit; the region targets due are the pooling rules' performance units (`performanceUnits`).
 */
export async function completeness(principal: Principal, year: number, org?: string) {
  const province = scopeOf(principal, org);
  const cycle = await readCycleDeadlines(year);
  if (!cycle) throw notFound({ zh: `${year} 年度尚未启动`, en: `No cycle for ${year}` }, { year });
  const now = nowMs();
  const units = province ? [province] : nationalUnits();
  const inScope = new Set(units.map((u) => u.code));
  const [allItems, perUnit] = await Promise.all([
    readCycleItems(year, province ? province.code.slice(0, 2) : ''),
    inParallel(units, 8, (u) => readMonitoring(year, u.code)),
  ]);
  const items = allItems.filter((i) => {
    const p = provinceOf(i.org)?.code;
    return p !== undefined && inScope.has(p);
  });
  const tierOf = (code: string): Tier => findOrg(code)?.tier ?? 'region';
  const counters = new Map<string, Counter>();
  const counter = (phase: OverviewPhase, tier: Tier) => {
    const k = `${phase}#${tier}`;
    let c = counters.get(k);
    if (!c) {
      c = new Counter();
      counters.set(k, c);
    }
    return c;
  };
  const targetsDue = cycle.deadlines.targets;

  // targets: the provincial units' own (province: submitted to central; central: issued) and the regions' (issued)
  const regionTargets = new Map<string, ItemStep>();
  for (const i of items) {
    if (i.kind !== 'targets') continue;
    if (tierOf(i.org) === 'province') {
      const submitted = ['central-review', 'approved', 'issued'].includes(i.status);
      counter('targets', 'province').add(
        submitted,
        submitted && lateMark(i, 'central-review'),
        i.due ?? targetsDue,
        now,
      );
      const issued = i.status === 'issued';
      counter('targets', 'central').add(
        issued,
        issued && after(i.stepSince, i.due ?? targetsDue),
        i.due ?? targetsDue,
        now,
      );
    } else regionTargets.set(`${i.org}#${i.fund}`, i);
  }
  const funds = fundsOf(year);
  for (const u of units) {
    if (u.code === CENTRAL_UNIT_ORG_CODE) continue;
    for (const f of funds) {
      for (const r of performanceUnits(u.code, f.code, year)) {
        if (r.tier !== 'region') continue;
        const t = regionTargets.get(`${r.code}#${f.code}`);
        const issued = t?.status === 'issued';
        counter('targets', 'region').add(issued, issued && after(t?.stepSince, t?.due ?? targetsDue), targetsDue, now);
      }
    }
  }

  // monitoring: each period whose due date has passed, or already submitted, by the tier of its unit
  for (const data of perUnit) {
    for (const p of data.periods as PeriodSeen[]) {
      const pastDue = Date.parse(p.due) < now;
      if (p.status === 'open' && !pastDue) continue;
      counter('monitoring', tierOf(p.org)).add(p.status === 'submitted', p.late === true, p.due, now);
    }
  }

  // self-evaluations and provincial evaluations: submitted (and whether after their deadline)
  for (const i of items) {
    if (i.kind === 'self-evaluation') {
      const done = i.status === 'submitted' || i.status === 'reviewed';
      counter('self-evaluation', tierOf(i.org)).add(
        done,
        done && (lateMark(i) || after(i.submittedAt, i.due)),
        i.due,
        now,
      );
    } else if (i.kind === 'provincial-evaluation') {
      const done = i.status === 'submitted';
      counter('provincial-evaluation', 'province').add(
        done,
        done && (lateMark(i) || after(i.submittedAt, i.due)),
        i.due,
        now,
      );
    }
  }

  const rows: CompletenessRow[] = PHASES.flatMap((phase) =>
    (Object.keys(WHAT_COUNTS[phase]) as Tier[]).map((tier) => {
      const c = counters.get(`${phase}#${tier}`) ?? new Counter();
      return {
        phase,
        tier,
        what: WHAT_COUNTS[phase][tier] as Bilingual,
        due: c.due,
        done: c.done,
        onTime: c.onTime,
        late: c.late,
        missing: c.missing,
        pending: c.due - c.done - c.missing,
      };
    }),
  );
  return {
    year,
    scope: province ? named(province) : null,
    deadlines: cycle.deadlines,
    rows,
    at: new Date(now).toISOString(),
  };
}
export type Completeness = Awaited<ReturnType<typeof completeness>>;

export const fundName = (code: string): Bilingual => getFund(code).name;
