import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Direction, type Indicator, nationalCatalogue, validateCatalogue } from '#shared/reference/indicators';
import { type ScoringRule, scoreIndicator, summarise } from '#shared/reference/scoring';

// Decimal strings with up to 4 places, from integers: no binary floats enter the arithmetic under test.
const decimal = (min: number, max: number) =>
  fc.integer({ min: min * 10_000, max: max * 10_000 }).map((n) => new Decimal(n).div(10_000).toString());
const weight = fc.integer({ min: 0, max: 3000 }).map((n) => new Decimal(n).div(100).toString());
const fraction = fc.integer({ min: 0, max: 100 }).map((n) => new Decimal(n).div(100).toString());

const directions: Direction[] = ['higher-better', 'lower-better', 'range', 'equal'];
const rules: fc.Arbitrary<ScoringRule | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ kind: fc.constant('ratio' as const) }),
  fc.record({ kind: fc.constant('ratio' as const), zeroBelow: fraction }),
  fc.record({ kind: fc.constant('linear' as const), tolerance: decimal(0, 50) }),
  fc.record({
    kind: fc.constant('bands' as const),
    bands: fc.array(fc.record({ bound: decimal(-100, 200), fraction }), { minLength: 1, maxLength: 4 }),
  }),
);

type Case = {
  indicator: Pick<Indicator, 'id' | 'name' | 'category' | 'nature' | 'direction' | 'defaultTarget' | 'scoring'>;
  target: { value: string } | { min: string; max: string };
};

const quantitativeCase: fc.Arbitrary<Case> = fc
  .record({
    direction: fc.constantFrom(...directions),
    rule: rules,
    a: decimal(-100, 200),
    b: decimal(-100, 200),
  })
  .filter(({ direction, rule }) => {
    // Bands are defined for higher- and lower-is-better only; a ratio for those two and equal.
    if (rule?.kind === 'bands') return direction === 'higher-better' || direction === 'lower-better';
    if (rule?.kind === 'ratio') return direction === 'higher-better' || direction === 'lower-better';
    return true;
  })
  .map(({ direction, rule, a, b }) => ({
    indicator: {
      id: 'p',
      name: { zh: '性质', en: 'property' },
      category: 'output' as const,
      nature: 'quantitative' as const,
      direction,
      defaultTarget: undefined,
      scoring: rule,
    },
    target:
      direction === 'range' ? { min: Decimal.min(a, b).toString(), max: Decimal.max(a, b).toString() } : { value: a },
  }));

/** An actual that is at least as good as `x` for the direction (for range/equal: at least as close). */
function better(c: Case, x: Decimal, step: Decimal): Decimal {
  switch (c.indicator.direction) {
    case 'higher-better':
      return x.plus(step);
    case 'lower-better':
      return x.minus(step);
    case 'equal': {
      const t = new Decimal((c.target as { value: string }).value);
      const d = x.minus(t);
      return t.plus(d.isNegative() ? Decimal.min(0, d.plus(step)) : Decimal.max(0, d.minus(step)));
    }
    case 'range': {
      const { min, max } = c.target as { min: string; max: string };
      if (x.lt(min)) return Decimal.min(min, x.plus(step));
      if (x.gt(max)) return Decimal.max(max, x.minus(step));
      return x;
    }
  }
}

describe('scoring properties', () => {
  it('keeps each score within [0, weight]', () => {
    fc.assert(
      fc.property(quantitativeCase, weight, decimal(-200, 400), (c, w, actual) => {
        const s = scoreIndicator(c.indicator, w, actual, c.target).score;
        expect(s.gte(0) && s.lte(w)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lowers a score for a better actual', () => {
    fc.assert(
      fc.property(quantitativeCase, weight, decimal(-200, 400), decimal(0, 100), (c, w, actual, step) => {
        const x = new Decimal(actual);
        const worse = scoreIndicator(c.indicator, w, x, c.target).score;
        const improved = scoreIndicator(c.indicator, w, better(c, x, new Decimal(step)), c.target).score;
        expect(improved.gte(worse)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('never lowers a qualitative score for a better grade', () => {
    const order = ['差', '中', '良', '优'] as const;
    const q = { ...(undefined as never as object), id: 'q', name: { zh: '定性', en: 'q' } };
    const ind = {
      ...q,
      category: 'decision' as const,
      nature: 'qualitative' as const,
      direction: 'higher-better' as const,
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), weight, (i, j, w) => {
        const [lo, hi] = [Math.min(i, j), Math.max(i, j)];
        const a = scoreIndicator(ind, w, { grade: order[lo]! }).score;
        const b = scoreIndicator(ind, w, { grade: order[hi]! }).score;
        expect(b.gte(a)).toBe(true);
      }),
    );
  });

  it('makes the total equal the sum of its parts, and the subtotals sum to the total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            quantitativeCase,
            weight,
            decimal(-200, 400),
            fc.constantFrom('decision', 'process', 'output', 'outcome'),
          ),
          {
            maxLength: 40,
          },
        ),
        (rows) => {
          const scores = rows.map(([c, w, a, category]) =>
            scoreIndicator({ ...c.indicator, category: category as 'output' }, w, a, c.target),
          );
          const card = summarise(scores);
          const sum = scores.reduce((s, x) => s.plus(x.score), new Decimal(0));
          expect(card.total.equals(sum)).toBe(true);
          const subtotalSum = Object.values(card.subtotals).reduce((s, x) => s.plus(x), new Decimal(0));
          expect(subtotalSum.equals(card.total)).toBe(true);
        },
      ),
    );
  });

  it('refuses, with a clear error naming the fund and its weight, a catalogue that does not weigh 100', () => {
    const national = nationalCatalogue();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: national.indicators.length - 1 }),
        fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0),
        (index, delta) => {
          const indicators = national.indicators.map((ind, i) => {
            if (i !== index) return ind;
            const w = Decimal.max(0, new Decimal(ind.weight).plus(new Decimal(delta).div(100)));
            return { ...ind, weight: w.toString() };
          });
          const changed = !new Decimal(indicators[index]!.weight).equals(national.indicators[index]!.weight);
          if (!changed) return;
          let error: unknown;
          try {
            validateCatalogue({ ...national, indicators });
          } catch (e) {
            error = e;
          }
          expect(error).toMatchObject({ code: 'CATALOGUE_WEIGHTS', status: 422 });
          expect((error as Error).message).toMatch(
            /The indicators for fund [A-Z]+ weigh [\d.]+ points; they must weigh 100/,
          );
          expect((error as { bilingual: { zh: string } }).bilingual.zh).toMatch(/应为 100 分/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
