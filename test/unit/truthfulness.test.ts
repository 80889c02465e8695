import { describe, expect, it } from 'vitest';
import { type CompareInput, compareSubmission, DEFAULT_CONFIG } from '#shared/monitoring/compare';
import { outlierFinding, outliers, seriesJump, taxMismatch } from '#shared/monitoring/truthfulness';

/** A consistent half-year submission: parts within totals, a positive balance, figures above the last period's. */
const consistent = (): CompareInput => ({
  year: 2026,
  asOf: '2026-06-30',
  config: DEFAULT_CONFIG,
  budget: { contributionIncome: '1000', subsidy: '200', benefits: '900', income: '1200', expenditure: '1000' },
  actual: {
    contributionIncome: '500',
    subsidy: '100',
    benefits: '450',
    income: '600',
    expenditure: '500',
    balance: '2000',
  },
  previous: {
    contributionIncome: '400',
    subsidy: '80',
    benefits: '360',
    income: '480',
    expenditure: '400',
    balance: '1900',
  },
  indicators: [],
});
const codes = (input: CompareInput) => compareSubmission(input).findings.map((f) => f.code);

describe('data truthfulness (第十八条 数据真实)', () => {
  describe('the figures of one submission hang together (合规性)', () => {
    it('raises nothing for consistent figures', () => {
      expect(codes(consistent())).toEqual([]);
    });

    it('raises income-parts-exceed-total when contributions and subsidies exceed total income', () => {
      const input = consistent();
      input.actual.contributionIncome = '550';
      expect(codes(input)).toEqual(['income-parts-exceed-total']);
    });

    it('raises benefits-exceed-expenditure when benefits exceed total expenditure', () => {
      const input = consistent();
      input.actual.benefits = '501';
      expect(codes(input)).toEqual(['benefits-exceed-expenditure']);
    });

    it('raises cumulative-decrease, naming the figures, when a year-to-date figure falls below the last period', () => {
      const input = consistent();
      input.previous = { ...(input.previous as NonNullable<CompareInput['previous']>), benefits: '460' };
      expect(compareSubmission(input).findings).toEqual([
        expect.objectContaining({ code: 'cumulative-decrease', details: { figures: ['benefits'] } }),
      ]);
    });

    it('raises negative-balance, with the balance, when the accumulated balance is below zero', () => {
      const input = consistent();
      input.actual.balance = '-1';
      expect(compareSubmission(input).findings).toEqual([
        expect.objectContaining({ code: 'negative-balance', severity: 'major', details: { balance: '-1' } }),
      ]);
    });
  });

  describe('the tax department’s collection against the agency’s record (第五条)', () => {
    it('is quiet within the tolerance and raises a finding with both figures beyond it', () => {
      expect(taxMismatch({ asOf: '2026-06-30', agency: '10050', tax: '10000', tolerance: 0.01 })).toBeUndefined();
      const f = taxMismatch({ asOf: '2026-06-30', agency: '10300', tax: '10000', tolerance: 0.01 });
      expect(f).toMatchObject({
        code: 'tax-mismatch',
        severity: 'minor',
        details: { agency: '10300', tax: '10000', gap: '300', share: '0.0300' },
      });
      expect(f?.message.zh).toContain('3.00%');
      expect(taxMismatch({ asOf: '2026-06-30', agency: '5000', tax: '10000', tolerance: 0.01 })?.severity).toBe(
        'major',
      );
    });
  });

  describe('a period against its own series', () => {
    const label = { zh: '社会保险待遇支出', en: 'Benefits paid' };
    it('flags a month’s jump far beyond the months before it, and not a usual month', () => {
      const earlier = ['100', '205', '300', '402', '500'];
      expect(seriesJump({ asOf: '2026-06-30', figure: 'benefits', label, earlier, current: '603' })).toBeUndefined();
      const f = seriesJump({ asOf: '2026-06-30', figure: 'benefits', label, earlier, current: '2500' });
      expect(f).toMatchObject({ code: 'series-jump-benefits', details: { step: '2000', median: '100' } });
    });
    it('says nothing with fewer than three earlier months', () => {
      expect(
        seriesJump({ asOf: '2026-03-31', figure: 'benefits', label, earlier: ['100', '200'], current: '9000' }),
      ).toBeUndefined();
    });
  });

  describe('the regions of a province against each other (robust z-score on median and MAD)', () => {
    const measure = {
      code: 'execution-expenditure',
      label: { zh: '基金支出执行率', en: 'Expenditure execution rate' },
    };
    it('singles out the region far from the others, to be verified by the province', () => {
      const values = [0.48, 0.5, 0.51, 0.49, 0.52, 0.5, 0.95].map((value, i) => ({ org: `4401${i}0`, value }));
      const found = outliers(values);
      expect(found.map((o) => o.org)).toEqual(['440160']);
      const f = outlierFinding('2026-06-30', measure, found[0] as (typeof found)[number]);
      expect(f).toMatchObject({ code: 'outlier-execution-expenditure', severity: 'info' });
      expect(f.message.zh).toContain('待核实');
    });
    it('singles out nobody among fewer than five regions, or when they all agree', () => {
      expect(outliers([0.5, 0.5, 0.9, 0.1].map((value, i) => ({ org: String(i), value })))).toEqual([]);
      expect(outliers([0.5, 0.5, 0.5, 0.5, 0.5].map((value, i) => ({ org: String(i), value })))).toEqual([]);
    });
  });
});
