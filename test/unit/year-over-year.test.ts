import { describe, expect, it } from 'vitest';
import { yearOverYear } from '#shared/evaluation/history';
import type { SelfEvaluation } from '#shared/evaluation/records';
import { againstOverall } from '#shared/targets/overall';

/** A scored self-evaluation of 广州 × 职工医保 in a year. */
const scored = (
  year: number,
  total: string | null,
  grade: '优' | '良' | '中' | '差',
  rate: string,
): SelfEvaluation => ({
  pk: `CYCLE#${year}`,
  sk: 'ITEM#440100#self-evaluation#EBMI',
  year,
  org: '440100',
  province: '440000',
  kind: 'self-evaluation',
  fund: 'EBMI',
  status: total === null ? 'awaiting-report' : 'submitted',
  due: `${year + 1}-05-31T15:59:59.999Z`,
  version: 2,
  actuals: [{ id: 'collection-rate', actual: rate }],
  ...(total === null
    ? {}
    : {
        score: {
          indicators: [{ id: 'collection-rate', category: 'output', weight: '5', fraction: '1', score: '5.00' }],
          subtotals: { decision: '0', process: '0', output: '5.00', outcome: '0' },
          total,
          grade,
          comparisons: [],
        },
      }),
});

describe('year over year (R8.1): a result beside the previous years’', () => {
  it('orders the years and gives each its change from the previous scored year', () => {
    const years = yearOverYear(
      [scored(2025, '91.50', '优', '99'), scored(2023, '78.25', '中', '96'), scored(2024, null, '中', '97')],
      ['collection-rate', 'eligibility-verification'],
    );
    expect(years.map((y) => [y.year, y.score, y.grade])).toEqual([
      [2023, '78.25', '中'],
      [2024, null, null],
      [2025, '91.50', '优'],
    ]);
    expect(years[0]!.change).toBeNull();
    expect(years[1]!.change).toBeNull(); // not yet scored
    // 2024 was not scored: 2025 compares with 2023
    expect(years[2]!.change).toEqual({ from: 2023, score: '13.25', grade: 'up' });
    expect(years[2]!.indicators).toEqual([
      { id: 'collection-rate', actual: '99', score: '5.00' },
      { id: 'eligibility-verification', actual: null, score: null },
    ]);
  });

  it('says when a grade falls or holds', () => {
    const down = yearOverYear([scored(2024, '85.00', '良', '98'), scored(2025, '59.00', '差', '90')], []);
    expect(down[1]!.change).toEqual({ from: 2024, score: '-26.00', grade: 'down' });
    const same = yearOverYear([scored(2024, '85.00', '良', '98'), scored(2025, '85.00', '良', '98')], []);
    expect(same[1]!.change).toEqual({ from: 2024, score: '0.00', grade: 'same' });
  });
});

describe('annual targets against central’s overall targets of their period (R8.1)', () => {
  const overall = [
    { id: 'collection-rate', target: { value: '99' } },
    { id: 'improper-payment-rate', target: { value: '0.02' } },
    { id: 'risk-control', target: { grade: '优' as const } },
    { id: 'coverage-rate', target: { value: '95' } },
  ];

  it('compares each indicator in its direction and flags a shortfall or a deviation beyond 10 %', () => {
    const rows = againstOverall(
      'EBMI',
      [
        { id: 'collection-rate', target: { value: '98' } }, // higher is better: short by 1.01 %
        { id: 'improper-payment-rate', target: { value: '0.01' } }, // lower is better: better than overall
        { id: 'risk-control', target: { grade: '良' } }, // one grade below
        { id: 'coverage-rate', target: { value: '96' } }, // above, within 10 %
        { id: 'payable-months', target: { min: '6', max: '24' } }, // central set no overall value
      ],
      overall,
    );
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(Object.keys(by)).toEqual(['collection-rate', 'improper-payment-rate', 'risk-control', 'coverage-rate']);
    expect(by['collection-rate']).toMatchObject({ met: false, side: 'below', deviation: '0.0101', flagged: true });
    expect(by['improper-payment-rate']).toMatchObject({ met: true, side: 'below', deviation: '0.5', flagged: true });
    expect(by['risk-control']).toMatchObject({ met: false, side: 'below', deviation: '1', flagged: true });
    expect(by['coverage-rate']).toMatchObject({ met: true, side: 'above', flagged: false });
    expect(by['collection-rate']!.name.zh).toBeTruthy();
  });

  it('leaves out an annual range and a grade set against a value', () => {
    expect(
      againstOverall(
        'EBMI',
        [
          { id: 'collection-rate', target: { min: '97', max: '99' } },
          { id: 'risk-control', target: { grade: '良' } },
        ],
        [{ id: 'risk-control', target: { value: '1' } }],
      ),
    ).toEqual([]);
  });
});
