import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { getIndicator, type Indicator, listIndicators, nationalCatalogue } from '#shared/reference/indicators';
import {
  defaultRule,
  GradeThresholds,
  gradeOf,
  roundPoints,
  scoreCardToJson,
  scoreFraction,
  scoreFund,
  scoreIndicator,
  summarise,
} from '#shared/reference/scoring';

const base = {
  id: 'x',
  name: { zh: '测试指标', en: 'Test indicator' },
  category: 'output' as const,
  nature: 'quantitative' as const,
};
const higher = { ...base, direction: 'higher-better' as const };
const lower = { ...base, direction: 'lower-better' as const };

describe('scoring: completion ratio (higher is better)', () => {
  it('scores actual ÷ target of the weight, capped at full marks', () => {
    expect(scoreIndicator(higher, '6', '95', { value: '100' }).score.toFixed(2)).toBe('5.70');
    expect(scoreIndicator(higher, '6', '130', { value: '100' }).score.toFixed(2)).toBe('6.00');
    expect(scoreIndicator(higher, '6', '-5', { value: '100' }).score.toFixed(2)).toBe('0.00');
  });

  it('rounds an indicator score to 2 places, half up', () => {
    // 5 × 2/3 = 3.3333… → 3.33; 3 × 0.995 = 2.985 → 2.99 (half up, exact decimal: no 2.98 from binary floats)
    expect(scoreIndicator(higher, '5', '2', { value: '3' }).score.toFixed(2)).toBe('3.33');
    expect(scoreIndicator(higher, '3', '99.5', { value: '100' }).score.toFixed(2)).toBe('2.99');
    expect(roundPoints(new Decimal('1.005')).toFixed(2)).toBe('1.01');
  });

  it('gives nothing below a configured floor ratio', () => {
    const rule = { ...higher, scoring: { kind: 'ratio' as const, zeroBelow: '0.8' } };
    expect(scoreFraction(rule, '79.99', { value: '100' }).toString()).toBe('0');
    expect(scoreFraction(rule, '80', { value: '100' }).toString()).toBe('0.8');
  });

  it('treats a non-positive target as met-or-not', () => {
    expect(scoreFraction(higher, '0', { value: '0' }).toString()).toBe('1');
    expect(scoreFraction(higher, '-0.1', { value: '0' }).toString()).toBe('0');
  });
});

describe('scoring: lower is better', () => {
  it('gives full marks at or under the target and target ÷ actual above it', () => {
    expect(scoreFraction(lower, '4', { value: '5' }).toString()).toBe('1');
    expect(scoreFraction(lower, '10', { value: '5' }).toString()).toBe('0.5');
    expect(scoreFraction(lower, '1', { value: '0' }).toString()).toBe('0');
  });

  it('loses points linearly up to a tolerance when the rule says so', () => {
    const ind = { ...lower, scoring: { kind: 'linear' as const, tolerance: '10' } };
    expect(scoreFraction(ind, '8', { value: '5' }).toString()).toBe('0.7');
    expect(scoreFraction(ind, '15', { value: '5' }).toString()).toBe('0');
    expect(scoreFraction(ind, '40', { value: '5' }).toString()).toBe('0');
  });
});

describe('scoring: within a range and equal', () => {
  const range = { ...base, direction: 'range' as const, scoring: { kind: 'linear' as const, tolerance: '6' } };
  it('gives full marks inside the range and loses points with distance outside it', () => {
    expect(scoreFraction(range, '12', { min: '6', max: '24' }).toString()).toBe('1');
    expect(scoreFraction(range, '3', { min: '6', max: '24' }).toString()).toBe('0.5');
    expect(scoreFraction(range, '27', { min: '6', max: '24' }).toString()).toBe('0.5');
    expect(scoreFraction(range, '0', { min: '6', max: '24' }).toString()).toBe('0');
  });

  it('defaults a range to a tolerance of its own width', () => {
    expect(
      defaultRule({ nature: 'quantitative', direction: 'range', defaultTarget: undefined }, { min: '95', max: '105' }),
    ).toEqual({
      kind: 'linear',
      tolerance: '10',
    });
  });

  it('scores an equal-to indicator all or nothing by default', () => {
    const eq = { ...base, direction: 'equal' as const };
    expect(scoreFraction(eq, '100', { value: '100' }).toString()).toBe('1');
    expect(scoreFraction(eq, '99.99', { value: '100' }).toString()).toBe('0');
  });
});

describe('scoring: bands', () => {
  const banded = {
    ...higher,
    scoring: {
      kind: 'bands' as const,
      bands: [
        { bound: '99', fraction: '0.5' },
        { bound: '100', fraction: '1' },
        { bound: '99.5', fraction: '0.8' },
      ],
    },
  };
  it('gives the fraction of the highest band reached, whatever order the bands are written in', () => {
    expect(scoreFraction(banded, '100').toString()).toBe('1');
    expect(scoreFraction(banded, '99.7').toString()).toBe('0.8');
    expect(scoreFraction(banded, '99').toString()).toBe('0.5');
    expect(scoreFraction(banded, '98.99').toString()).toBe('0');
  });

  it('reads bands as upper bounds for a lower-is-better indicator', () => {
    const b = {
      ...lower,
      scoring: {
        kind: 'bands' as const,
        bands: [
          { bound: '1', fraction: '1' },
          { bound: '3', fraction: '0.5' },
        ],
      },
    };
    expect(scoreFraction(b, '0.5').toString()).toBe('1');
    expect(scoreFraction(b, '2').toString()).toBe('0.5');
    expect(scoreFraction(b, '3.1').toString()).toBe('0');
  });
});

describe('scoring: qualitative grades', () => {
  const q = { ...base, nature: 'qualitative' as const, direction: 'higher-better' as const };
  it('maps 优/良/中/差 to 1, 0.8, 0.6 and 0 by default', () => {
    expect(['优', '良', '中', '差'].map((g) => scoreIndicator(q, '5', { grade: g as '优' }).score.toFixed(2))).toEqual([
      '5.00',
      '4.00',
      '3.00',
      '0.00',
    ]);
  });

  it('uses configured fractions', () => {
    const custom = {
      ...q,
      scoring: { kind: 'grades' as const, fractions: { 优: '1', 良: '0.9', 中: '0.7', 差: '0.3' } },
    };
    expect(scoreIndicator(custom, '4', { grade: '差' }).score.toFixed(2)).toBe('1.20');
  });

  it('refuses a number for a qualitative indicator and a grade for a quantitative one', () => {
    expect(() => scoreFraction(q, '1')).toThrow(/grade/);
    expect(() => scoreFraction(higher, { grade: '优' }, { value: '1' })).toThrow(/number/);
  });
});

describe('grades of the total', () => {
  it('grades 89.99 as 良 and 90.00 as 优', () => {
    expect(gradeOf('89.99')).toBe('良');
    expect(gradeOf('90.00')).toBe('优');
  });

  it('grades 79.99 as 中, 80 as 良, 59.99 as 差 and 60 as 中', () => {
    expect(gradeOf('79.99')).toBe('中');
    expect(gradeOf('80')).toBe('良');
    expect(gradeOf('59.99')).toBe('差');
    expect(gradeOf('60')).toBe('中');
  });

  it('takes configurable thresholds, and refuses thresholds that do not fall', () => {
    const t = GradeThresholds.parse({ excellent: '85', good: '75', fair: '60' });
    expect(gradeOf('85', t)).toBe('优');
    expect(GradeThresholds.safeParse({ excellent: '80', good: '80', fair: '60' }).success).toBe(false);
  });
});

describe('score card', () => {
  it('adds category subtotals and a total that is exactly the sum of the indicator scores', () => {
    const card = summarise([
      scoreIndicator({ ...higher, category: 'output' }, '6', '95', { value: '100' }),
      scoreIndicator({ ...higher, id: 'y', category: 'process' }, '5', '2', { value: '3' }),
      scoreIndicator({ ...higher, id: 'z', category: 'process' }, '3', '99.5', { value: '100' }),
    ]);
    expect(scoreCardToJson(card)).toMatchObject({
      subtotals: { decision: '0.00', process: '6.32', output: '5.70', outcome: '0.00' },
      total: '12.02',
      grade: '差',
    });
  });

  it('scores a whole fund from the national catalogue, and full results earn 100 and 优', () => {
    const items = listIndicators({ fund: 'UI' }) as (Indicator & { fundWeight: string })[];
    const perfect = Object.fromEntries(
      items.map((i) => {
        const t = i.defaultTarget!;
        const actual = 'grade' in t ? { grade: '优' as const } : 'min' in t ? t.min : t.value;
        return [i.id, { actual }];
      }),
    );
    const card = scoreFund(items, perfect);
    expect(card.total.toFixed(2)).toBe('100.00');
    expect(card.grade).toBe('优');
  });

  it('refuses a fund score card with an indicator left without a result', () => {
    const items = listIndicators({ fund: 'UI' }) as (Indicator & { fundWeight: string })[];
    expect(() => scoreFund(items, {})).toThrow(/No actual value/);
  });

  it('scores the catalogue indicator 保费收入完成率 from the national defaults', () => {
    const ind = getIndicator('contribution-income-completion', nationalCatalogue());
    expect(scoreIndicator(ind, ind.weight, '98.5').score.toFixed(2)).toBe('5.91');
  });
});
