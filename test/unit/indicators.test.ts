import { describe, expect, it } from 'vitest';
import { FUNDS } from '#shared/reference/data/funds';
import {
  appliesTo,
  applyProvincialRules,
  Catalogue,
  evaluateIndicator,
  formulaNames,
  getIndicator,
  Indicator,
  type IndicatorInput,
  listIndicators,
  nationalCatalogue,
  SUB_DIMENSIONS,
  validateCatalogue,
  weightFor,
} from '#shared/reference/indicators';

const national = nationalCatalogue();

describe('national indicator catalogue (第九条, R9.1, R9.2)', () => {
  it('validates against its schema and has at least 30 indicators', () => {
    expect(Catalogue.safeParse(national).success).toBe(true);
    expect(national.indicators.length).toBeGreaterThanOrEqual(30);
  });

  it('weighs exactly 100 points for each of the seven funds', () => {
    for (const f of FUNDS) {
      const total = national.indicators
        .filter((i) => appliesTo(i, f.code))
        .reduce((s, i) => s.plus(weightFor(i, f.code)), weightFor(national.indicators[0]!, f.code).times(0));
      expect(total.toString(), f.code).toBe('100');
    }
  });

  it('covers all four categories and every sub-dimension of 产出 and 效益', () => {
    const used = new Set(national.indicators.map((i) => `${i.category}/${i.subDimension}`));
    for (const sub of Object.keys(SUB_DIMENSIONS.output)) expect(used).toContain(`output/${sub}`);
    for (const sub of Object.keys(SUB_DIMENSIONS.outcome)) expect(used).toContain(`outcome/${sub}`);
    expect(used).toContain('decision/policy-making');
    expect(used).toContain('process/risk-control');
  });

  it('covers the focus points of 第十二条 and 第十六条', () => {
    for (const id of [
      'contribution-income-completion',
      'fiscal-subsidy-arrival',
      'benefits-on-time-in-full',
      'payable-months',
      'current-balance-rate',
      'expenditure-budget-execution',
      'coverage-rate',
      'collection-rate',
      'policy-making',
      'risk-control',
      'accounting-compliance',
      'satisfaction',
    ]) {
      expect(getIndicator(id).id).toBe(id);
    }
  });

  it('gives every quantitative indicator a formula over declared inputs, a unit, a source and a direction', () => {
    for (const i of national.indicators) {
      expect(i.unit.length).toBeGreaterThan(0);
      expect(i.dataSource.zh.length).toBeGreaterThan(0);
      if (i.nature === 'quantitative') {
        const declared = i.inputs.map((x) => x.name);
        for (const n of formulaNames(i.formula!)) expect(declared).toContain(n);
      }
    }
  });

  it('lists a fund applicable set with that fund weights (财政补助 for residents medical, not employee medical)', () => {
    const urmi = listIndicators({ fund: 'URMI' }).map((i) => i.id);
    const ebmi = listIndicators({ fund: 'EBMI' }).map((i) => i.id);
    expect(urmi).toContain('fiscal-subsidy-arrival');
    expect(ebmi).not.toContain('fiscal-subsidy-arrival');
    expect(() => listIndicators({ fund: 'NOPE' })).toThrow(/Unknown fund/);
  });
});

describe('indicator formulas', () => {
  it('computes 保费收入完成率 = 实际保费收入 ÷ 预算保费收入 exactly, at the stated precision', () => {
    const ind = getIndicator('contribution-income-completion');
    const v = evaluateIndicator(ind, {
      actualContributionIncome: '123456789012.34',
      budgetedContributionIncome: '120000000000.00',
    });
    expect(v.toFixed(2)).toBe('102.88');
  });

  it('computes months of payable reserve from balance and annual expenditure', () => {
    const v = evaluateIndicator(getIndicator('payable-months'), {
      accumulatedBalance: '1000',
      annualExpenditure: '1200',
    });
    expect(v.toString()).toBe('10');
  });

  it('refuses a missing input and a zero denominator with bilingual errors', () => {
    const ind = getIndicator('contribution-income-completion');
    expect(() => evaluateIndicator(ind, { actualContributionIncome: '1' })).toThrow(/Missing input/);
    expect(() => evaluateIndicator(ind, { actualContributionIncome: '1', budgetedContributionIncome: '0' })).toThrow(
      /divides by zero/,
    );
  });

  it('refuses an indicator whose formula uses an undeclared input', () => {
    const bad = { ...getIndicator('coverage-rate'), formula: 'insured / population * 100' };
    expect(Indicator.safeParse(bad).success).toBe(false);
  });
});

describe('provincial implementation rules (第二十四条, R24.1)', () => {
  const addition: IndicatorInput = {
    ...getIndicator('satisfaction'),
    id: 'hebei-service-hall-waiting',
    name: { zh: '经办大厅平均等候时长', en: 'Average waiting time at service halls' },
    origin: 'provincial',
    province: '130000',
    funds: ['UI'],
    weight: '3',
  };

  it('adds a provincial indicator when national weights make room for it, and still weighs 100', () => {
    const c = applyProvincialRules(national, {
      province: '130000',
      version: '2024.130000.1',
      additions: [addition],
      reweights: [{ id: 'skills-subsidy-delivery', fund: 'UI', weight: '3' }],
    });
    expect(c.scope).toBe('130000');
    expect(c.basedOn).toBe(national.version);
    expect(listIndicators({ fund: 'UI', catalogue: c }).map((i) => i.id)).toContain('hebei-service-hall-waiting');
    expect(listIndicators({ fund: 'URPI', catalogue: c }).map((i) => i.id)).not.toContain('hebei-service-hall-waiting');
  });

  it('refuses a re-weight beyond the bounds set by central', () => {
    expect(() =>
      applyProvincialRules(national, {
        province: '130000',
        version: 'x',
        reweights: [
          { id: 'skills-subsidy-delivery', fund: 'UI', weight: '1' },
          { id: 'ui-contributors-growth', fund: 'UI', weight: '11' },
        ],
      }),
    ).toThrow(/beyond the ±50% set by central/);
  });

  it('refuses additions that leave a fund not weighing 100', () => {
    expect(() => applyProvincialRules(national, { province: '130000', version: 'x', additions: [addition] })).toThrow(
      /fund UI weigh 103 points/,
    );
  });

  it('refuses a catalogue whose fund sets do not weigh 100, naming the fund', () => {
    const indicators = national.indicators.filter((i) => i.id !== 'satisfaction');
    expect(() => validateCatalogue({ ...national, indicators })).toThrow(/weigh 97 points; they must weigh 100/);
  });
});
