import type { Dimension, Severity } from '#shared/monitoring/compare';
import type { FindingRecord, PeriodRecord } from '#shared/monitoring/records';
import type { Bilingual } from '#shared/platform/errors';
import { getOrg } from '#shared/reference/orgs';

/**
 * The province's monitoring counters (issue 19 point 3): what the summary shows per region — funds monitored, periods
 * missed and late, open findings by severity and dimension, open and overdue corrections — kept on one record of the
 * provincial unit and changed in the same transaction as the monitor, period or finding it counts (the store adds
 * the counter's `ADD` to each of them). The summary reads that one record, whatever the number of regions, periods and
 * findings. A counter is `<org>#<name>`; what a record contributes is a pure function of it, so a change adds the
 * difference of its contributions after and before.
 */
export type Counts = Record<string, number>;

/** What one finding contributes: while open (not closed or resolved), its severity and dimension; its correction. */
export function findingCounts(
  f: Pick<FindingRecord, 'org' | 'status' | 'severity' | 'dimension' | 'correction'>,
): Counts {
  if (f.status === 'closed' || f.status === 'resolved') return {};
  const c: Counts = {
    [`${f.org}#open`]: 1,
    [`${f.org}#severity.${f.severity}`]: 1,
    [`${f.org}#dimension.${f.dimension}`]: 1,
  };
  if (f.correction) {
    c[`${f.org}#corrections`] = 1;
    // overdue: still to be corrected after the tick escalated it at its deadline
    if (f.status === 'correcting' && f.correction.escalatedAt) c[`${f.org}#overdue`] = 1;
  }
  return c;
}

/** What one period contributes: missed (no submission by its due date), or submitted late. */
export function periodCounts(p: Pick<PeriodRecord, 'org' | 'status' | 'late'>): Counts {
  if (p.status === 'missed') return { [`${p.org}#missing`]: 1 };
  return p.late ? { [`${p.org}#late`]: 1 } : {};
}

/** A monitored region × fund. */
export const monitorCounts = (m: { org: string; fund: string }): Counts => ({ [`${m.org}#fund.${m.fund}`]: 1 });

/** The difference a change makes (`before` absent: created; `after` absent: gone), the zeros left out. */
export function delta(before: Counts, after: Counts): Counts {
  const out: Counts = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    if (d !== 0) out[k] = d;
  }
  return out;
}

/** The sum of several changes' differences. */
export function sum(...all: Counts[]): Counts {
  const out: Counts = {};
  for (const c of all) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
  return out;
}

export interface RegionSummary {
  org: string;
  name: Bilingual;
  funds: string[];
  openFindings: number;
  openCorrections: number;
  overdueCorrections: number;
  bySeverity: Record<Severity, number>;
  byDimension: Record<Dimension, number>;
  latePeriods: number;
  missingPeriods: number;
}

/** The summary's regions from the counters: by open findings, then lateness, then code. */
export function regionsOf(counts: Counts): RegionSummary[] {
  const regions = new Map<string, RegionSummary>();
  for (const [key, n] of Object.entries(counts)) {
    const [org, name] = key.split('#') as [string, string];
    let r = regions.get(org);
    if (!r) {
      r = {
        org,
        name: getOrg(org).name,
        funds: [],
        openFindings: 0,
        openCorrections: 0,
        overdueCorrections: 0,
        bySeverity: { info: 0, minor: 0, major: 0 },
        byDimension: { timeliness: 0, compliance: 0, effectiveness: 0, risk: 0 },
        latePeriods: 0,
        missingPeriods: 0,
      };
      regions.set(org, r);
    }
    if (name.startsWith('fund.')) {
      if (n > 0) r.funds.push(name.slice(5));
    } else if (name.startsWith('severity.')) r.bySeverity[name.slice(9) as Severity] = n;
    else if (name.startsWith('dimension.')) r.byDimension[name.slice(10) as Dimension] = n;
    else if (name === 'open') r.openFindings = n;
    else if (name === 'corrections') r.openCorrections = n;
    else if (name === 'overdue') r.overdueCorrections = n;
    else if (name === 'late') r.latePeriods = n;
    else if (name === 'missing') r.missingPeriods = n;
  }
  for (const r of regions.values()) r.funds.sort();
  return [...regions.values()]
    .filter((r) => r.funds.length > 0)
    .sort(
      (a, b) =>
        b.openFindings - a.openFindings ||
        b.missingPeriods + b.latePeriods - (a.missingPeriods + a.latePeriods) ||
        a.org.localeCompare(b.org),
    );
}

/** The counters recomputed from the records themselves (a cycle from before the counters; the check of them). */
export function recount(records: {
  monitors: { org: string; fund: string }[];
  periods: Pick<PeriodRecord, 'org' | 'status' | 'late'>[];
  findings: Pick<FindingRecord, 'org' | 'status' | 'severity' | 'dimension' | 'correction'>[];
}): Counts {
  return sum(
    ...records.monitors.map(monitorCounts),
    ...records.periods.map(periodCounts),
    ...records.findings.map(findingCounts),
  );
}
