import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type MonthFigures, projectReserve } from '#shared/monitoring/risk';

/** A year's cumulative figures from monthly income and expenditure (yuan-sized integers stand in for fen). */
function year(opening: number, income: number[], expenditure: number[]): MonthFigures[] {
  let I = 0;
  let E = 0;
  return income.map((inc, i) => {
    I += inc;
    E += expenditure[i] as number;
    return { month: i + 1, income: String(I), expenditure: String(E), balance: String(opening + I - E) };
  });
}
const even = (x: number) => Array.from({ length: 12 }, () => x);
const at = (months: MonthFigures[], m: number) => months[m - 1] as MonthFigures;

describe('fund risk early warning: the projected reserve (第二条, 第十二条)', () => {
  it('flags in June a fund whose reserve runs out in October', () => {
    const previous = [
      { year: 2023, months: year(500, even(100), even(100)) },
      { year: 2024, months: year(500, even(100), even(100)) },
    ];
    // this year: 80 in, 100 out a month; 190 at the start, 70 left at the end of June, gone in October
    const current = at(year(190, even(80), even(100)), 6);
    const p = projectReserve({ fund: 'EBMI', current, budget: { income: '1200', expenditure: '1200' }, previous });
    expect(p.method).toBe('seasonal');
    expect(p.runsOutIn).toBe(10);
    expect(p.level).toBe('major');
    expect(p.monthsPayable).toBe(0);
    expect(Number(p.yearEnd.balance)).toBe(70 - 6 * 20);
  });

  it('does not flag a seasonal fund that catches up in December (its subsidies arrive at year end)', () => {
    const seasonalIncome = [...Array.from({ length: 11 }, () => 50), 650];
    const previous = [
      { year: 2023, months: year(900, seasonalIncome, even(100)) },
      { year: 2024, months: year(900, seasonalIncome, even(100)) },
    ];
    const current = at(year(900, seasonalIncome, even(100)), 6);
    const p = projectReserve({ fund: 'URMI', current, budget: { income: '1200', expenditure: '1200' }, previous });
    expect(p).toMatchObject({ method: 'seasonal', runsOutIn: null, level: 'none', monthsPayable: 9 });
    expect(p.yearEnd).toEqual({ income: '1200', expenditure: '1200', balance: '900' });
    // the same June figures read as if the year ran evenly would have warned: the seasonality is what clears it
    const naive = Number(current.balance) + 6 * (Number(current.income) / 6 - Number(current.expenditure) / 6);
    expect(naive / 100).toBeLessThan(6);
  });

  it('says so and falls back to the budget’s own profile when fewer than two previous years exist', () => {
    const current = at(year(600, even(100), even(100)), 6);
    const p = projectReserve({
      fund: 'UI',
      current,
      budget: { income: '1200', expenditure: '1800' },
      previous: [{ year: 2024, months: year(600, even(100), even(100)) }],
    });
    expect(p).toMatchObject({ method: 'budget-profile', basis: [], range: null });
    expect(p.note.zh).toContain('不足两年');
    // the remaining six months follow the budget evenly: +600 in, -900 out
    expect(p.yearEnd).toEqual({ income: '1200', expenditure: '1500', balance: String(600 - 300) });
    expect(p.monthsPayable).toBe(2.4);
    expect(p.level).toBe('major'); // under UI's 6 months
  });

  it('gives a range learnt from the previous years’ errors of the same projection, around the projection', () => {
    const previous = [
      { year: 2022, months: year(1000, even(100), even(90)) },
      { year: 2023, months: year(1000, [...even(100).slice(0, 6), ...even(140).slice(0, 6)], even(90)) },
      { year: 2024, months: year(1000, [...even(100).slice(0, 6), ...even(60).slice(0, 6)], even(90)) },
    ];
    const p = projectReserve({
      fund: 'EEPI',
      current: at(year(1000, even(100), even(90)), 6),
      budget: { income: '1200', expenditure: '1080' },
      previous,
    });
    expect(p.range).not.toBeNull();
    expect(p.range?.low).toBeLessThan(p.monthsPayable as number);
    expect(p.range?.high).toBeGreaterThan(p.monthsPayable as number);
    expect(p.basis).toEqual([2022, 2023, 2024]);
  });

  it('never raises the projected reserve when more is spent (property)', () => {
    const monthly = fc.array(fc.integer({ min: 1, max: 1_000 }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 11 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.array(fc.tuple(monthly, monthly), { minLength: 0, maxLength: 3 }),
        monthly,
        monthly,
        fc.integer({ min: 1, max: 5_000 }),
        fc.boolean(),
        (m, opening, history, income, expenditure, extra, balanceFalls) => {
          const previous = history.map(([i, e], k) => ({ year: 2020 + k, months: year(opening, i, e) }));
          const base = at(year(opening, income, expenditure), m);
          const more: MonthFigures = {
            ...base,
            expenditure: String(Number(base.expenditure) + extra),
            // the extra spending either came out of the balance (as it does) or the balance is held fixed
            balance: balanceFalls ? String(Number(base.balance) - extra) : base.balance,
          };
          const budget = { income: '6000', expenditure: '6000' };
          const a = projectReserve({ fund: 'EBMI', current: base, budget, previous });
          const b = projectReserve({ fund: 'EBMI', current: more, budget, previous });
          expect(Number(b.yearEnd.balance)).toBeLessThanOrEqual(Number(a.yearEnd.balance));
          expect(b.monthsPayable ?? Infinity).toBeLessThanOrEqual(a.monthsPayable ?? Infinity);
          expect(b.runsOutIn ?? 13).toBeLessThanOrEqual(a.runsOutIn ?? 13);
        },
      ),
      { numRuns: 500 },
    );
  });
});
