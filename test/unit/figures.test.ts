import { describe, expect, it } from 'vitest';
import { assertExplained, differs, discrepancyMessage } from '#shared/evaluation/figures';

describe('the self-evaluation’s figures against the final accounts and the year-end monitoring (R18.3)', () => {
  const rate = { nature: 'quantitative', precision: 2 } as const;
  const grade = { nature: 'qualitative', precision: 0 } as const;

  it('a figure differs at the indicator’s precision, a grade when it is another grade', () => {
    expect(differs(rate, '95', '95.00')).toBe(false);
    expect(differs(rate, '95.004', '95.00')).toBe(false);
    expect(differs(rate, '95.01', '95.00')).toBe(true);
    expect(differs(rate, '50', '95.00')).toBe(true);
    expect(differs(grade, '良', '良')).toBe(false);
    expect(differs(grade, '优', '良')).toBe(true);
  });

  it('says which records it differs from, in Chinese and in English', () => {
    expect(
      discrepancyMessage({
        id: 'x',
        stated: '50',
        finalAccounts: '95.00',
        monitoring: { asOf: '2026-12-31', value: '94.80' },
        explained: false,
      }),
    ).toEqual({
      zh: '实际值50与决算数95.00、12月31日监控数94.80不一致，须填写差异说明',
      en: "The actual value 50 differs from the final accounts' 95.00 and the 31 December monitoring figure 94.80; explain the difference",
    });
  });

  it('refuses an unexplained difference at its entry’s explanation field, and lets an explained one through', () => {
    const actuals = [{ id: 'a' }, { id: 'b' }];
    const d = { id: 'b', stated: '1', finalAccounts: '2', explained: false };
    expect(() => assertExplained(actuals, [d])).toThrow(
      expect.objectContaining({
        code: 'ACTUALS_INVALID',
        details: {
          issues: [expect.objectContaining({ path: 'actuals.1.explanation', code: 'DISCREPANCY_UNEXPLAINED' })],
        },
      }),
    );
    expect(() => assertExplained(actuals, [{ ...d, explained: true }])).not.toThrow();
  });
});
