import { describe, expect, it } from 'vitest';
import { endOfDayShanghai } from '#shared/platform/clock';
import {
  compareProgress,
  compareWithTargets,
  deviations,
  elapsedShareOfYear,
  explanationsNeeded,
  requireExplanations,
} from '#shared/reference/deviation';
import { getIndicator } from '#shared/reference/indicators';

const income = getIndicator('contribution-income-completion'); // higher is better, target 100
const errors = getIndicator('improper-payment-rate'); // lower is better
const months = getIndicator('payable-months'); // range 6–24
const risk = getIndicator('risk-control'); // qualitative, target 良

describe('target comparison (目标比较法, 第十三条)', () => {
  it('marks a missed target as requiring a cause and a measure, however small the miss', () => {
    const [c] = compareWithTargets([{ indicator: income, actual: '99.5' }]);
    expect(c).toMatchObject({ met: false, side: 'below', beyondThreshold: false, explanationRequired: true });
    expect(c!.deviation.toString()).toBe('0.005');
  });

  it('requires an explanation when a met target is exceeded beyond the deviation threshold', () => {
    const [within, beyond] = compareWithTargets([
      { indicator: income, actual: '110' },
      { indicator: income, actual: '110.01' },
    ]);
    expect(within).toMatchObject({ met: true, beyondThreshold: false, explanationRequired: false });
    expect(beyond).toMatchObject({ met: true, beyondThreshold: true, explanationRequired: true });
  });

  it('takes a configurable threshold, per indicator too', () => {
    const items = [{ indicator: income, actual: '106' }];
    expect(deviations(items, { threshold: '0.05' }).map((d) => d.id)).toEqual([income.id]);
    expect(deviations(items, { thresholds: { [income.id]: '0.1' }, threshold: '0.01' })).toEqual([]);
  });

  it('reads direction: under the target is met for lower-is-better, and a range is met inside it', () => {
    const [low, inside, outside] = compareWithTargets([
      { indicator: errors, actual: '0.005', target: { value: '0.01' } },
      { indicator: months, actual: '12' },
      { indicator: months, actual: '4' },
    ]);
    expect(low).toMatchObject({ met: true, side: 'below' });
    expect(inside).toMatchObject({ met: true, side: 'on', explanationRequired: false });
    expect(outside).toMatchObject({ met: false, side: 'below', explanationRequired: true });
    expect(outside!.deviation.toFixed(4)).toBe('0.3333');
  });

  it('compares qualitative grades: below the target grade is a miss', () => {
    const [good, poor] = compareWithTargets([
      { indicator: risk, actual: { grade: '优' } },
      { indicator: risk, actual: { grade: '中' } },
    ]);
    expect(good).toMatchObject({ met: true, explanationRequired: false });
    expect(poor).toMatchObject({ met: false, explanationRequired: true });
  });

  it('refuses a report that leaves a deviation without cause and measure (第十八条)', () => {
    const found = deviations([
      { indicator: income, actual: '90' },
      { indicator: risk, actual: { grade: '差' } },
    ]);
    expect(() => requireExplanations(found, { [income.id]: { cause: '企业经营困难', measure: '加强征缴' } })).toThrow(
      /risk-control/,
    );
    expect(() =>
      requireExplanations(found, {
        [income.id]: { cause: '企业经营困难', measure: '加强征缴' },
        [risk.id]: { cause: '内控制度缺失', measure: '' },
      }),
    ).toThrow(/cause and a measure/);
    expect(() =>
      requireExplanations(found, {
        [income.id]: { cause: '企业经营困难', measure: '加强征缴' },
        [risk.id]: { cause: '内控制度缺失', measure: '建立风险预警机制' },
      }),
    ).not.toThrow();
  });
});

describe('execution progress against elapsed time (时序进度)', () => {
  it('counts the elapsed share of the year on the Asia/Shanghai calendar', () => {
    // 30 June 16:30 UTC is already 1 July 00:30 in Shanghai: day 182 of 2025.
    expect(elapsedShareOfYear(2025, new Date('2025-06-30T16:30:00Z')).toFixed(4)).toBe('0.4986');
    expect(elapsedShareOfYear(2025, new Date('2025-06-30T15:59:59Z')).toFixed(4)).toBe('0.4959');
    expect(elapsedShareOfYear(2024, endOfDayShanghai(2024, 12, 31)).toString()).toBe('1');
    expect(elapsedShareOfYear(2024, new Date('2023-12-31T15:59:59Z')).toString()).toBe('0');
    expect(elapsedShareOfYear(2024, new Date('2023-12-31T16:00:00Z')).toFixed(6)).toBe((1 / 366).toFixed(6));
  });

  it('flags execution behind or ahead of elapsed time beyond the tolerance', () => {
    const at = endOfDayShanghai(2025, 6, 30); // day 181: 0.4959
    expect(compareProgress({ budget: '1000', executed: '400', year: 2025, at }).status).toBe('behind');
    expect(compareProgress({ budget: '1000', executed: '480', year: 2025, at }).status).toBe('on-track');
    const ahead = compareProgress({ budget: '1000', executed: '600', year: 2025, at });
    expect(ahead.status).toBe('ahead');
    expect(ahead.gap.toFixed(4)).toBe('0.1041');
    expect(compareProgress({ budget: '1000', executed: '400', year: 2025, at, tolerance: '0.1' }).status).toBe(
      'on-track',
    );
  });

  it('refuses a budget of zero', () => {
    expect(() => compareProgress({ budget: '0', executed: '1', year: 2025, at: new Date() })).toThrow(/positive/);
  });
});

describe('the console’s check while actuals are typed (POST /api/funds/{fund}/explanations-needed)', () => {
  it('answers by the scoring rule: a miss, a deviation beyond 10 %, a grade below target; exact decimals', () => {
    const answer = explanationsNeeded('EEPI', [
      { id: 'contribution-income-completion', actual: '99.5' }, // missed
      { id: 'collection-rate', actual: '107.8' }, // met, exactly 10 % above 98: no explanation
      { id: 'satisfaction', actual: '99.1' }, // met, 10.11 % above 90
      { id: 'payable-months', actual: '12' }, // inside the range
      { id: 'risk-control', actual: '中' }, // below 良
      { id: 'improper-payment-rate', actual: '0.019', target: { value: '0.02' } }, // the unit's own target: met, 5 % under
    ]);
    expect(answer.checked).toEqual([
      'contribution-income-completion',
      'collection-rate',
      'satisfaction',
      'payable-months',
      'risk-control',
      'improper-payment-rate',
    ]);
    expect(answer.needed).toEqual(['contribution-income-completion', 'satisfaction', 'risk-control']);
  });

  it('leaves out what cannot be compared yet: half-typed numbers, a number for a grade, unknown indicators', () => {
    const answer = explanationsNeeded('EEPI', [
      { id: 'contribution-income-completion', actual: '9.' },
      { id: 'risk-control', actual: '80' },
      { id: 'collection-rate', actual: '良' },
      { id: 'no-such-indicator', actual: '1' },
    ]);
    expect(answer).toEqual({ checked: [], needed: [] });
  });
});
