import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delta, findingCounts, periodCounts, recount, regionsOf, sum } from '#shared/monitoring/counts';

/** Issue 19 point 3: the summary's counters are the sum of each change's difference, whatever the order. */
const STATUSES = ['noted', 'correcting', 'responded', 'closed', 'resolved'] as const;
const finding = fc.record({
  org: fc.constantFrom('440100', '440300'),
  status: fc.constantFrom(...STATUSES),
  severity: fc.constantFrom('info', 'minor', 'major'),
  dimension: fc.constantFrom('timeliness', 'compliance', 'effectiveness', 'risk'),
  correction: fc.option(
    fc.record({
      due: fc.constant('2026-03-13T15:59:59.999Z'),
      escalatedAt: fc.option(fc.constant('x'), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});

describe('monitoring counters', () => {
  it('counts an open finding by severity, dimension and correction, an escalated one still to correct as overdue', () => {
    expect(
      findingCounts({
        org: '440300',
        status: 'correcting',
        severity: 'major',
        dimension: 'timeliness',
        correction: { due: 'd', escalatedAt: 'e' },
      }),
    ).toEqual({
      '440300#open': 1,
      '440300#severity.major': 1,
      '440300#dimension.timeliness': 1,
      '440300#corrections': 1,
      '440300#overdue': 1,
    });
    expect(findingCounts({ org: '440300', status: 'closed', severity: 'major', dimension: 'timeliness' })).toEqual({});
    expect(periodCounts({ org: '440100', status: 'missed' })).toEqual({ '440100#missing': 1 });
    expect(periodCounts({ org: '440100', status: 'submitted', late: true })).toEqual({ '440100#late': 1 });
  });

  it('a chain of changes adds up to the count of where the records end (any path, any order)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(finding, { minLength: 1, maxLength: 5 }), { maxLength: 8 }), (histories) => {
        // each history: a finding raised, then changed step by step
        const changes = histories.flatMap((h) =>
          h.map((state, i) => delta(i === 0 ? {} : findingCounts(h[i - 1] as typeof state), findingCounts(state))),
        );
        const kept = sum(...fc.sample(fc.shuffledSubarray(changes, { minLength: changes.length }), 1)[0]!);
        const ends = recount({ monitors: [], periods: [], findings: histories.map((h) => h.at(-1)!) });
        expect(kept).toEqual(ends);
      }),
    );
  });

  it('ranks the regions by open findings, then lateness; a region without a monitored fund is not listed', () => {
    const counts = sum(
      { '440100#fund.EBMI': 1, '440300#fund.EBMI': 1, '440300#fund.URMI': 1 },
      { '440100#open': 1, '440300#open': 2, '440300#missing': 1, '440500#open': 3 },
    );
    expect(regionsOf(counts).map((r) => [r.org, r.funds, r.openFindings, r.missingPeriods])).toEqual([
      ['440300', ['EBMI', 'URMI'], 2, 1],
      ['440100', ['EBMI'], 1, 0],
    ]);
  });
});
