/**
 * A further fund (R3.1) added as a data row before its fund-specific indicators: the catalogue weighs 70 for it, not
 * 100. The module still loads, the seven statutory funds work, and that fund is refused with its code and its name
 * wherever its catalogue is used (issue 17, point 7).
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('#shared/reference/data/funds', async (importOriginal) => {
  const original = await importOriginal<typeof import('#shared/reference/data/funds')>();
  return {
    ...original,
    FUNDS: [
      ...original.FUNDS,
      {
        ...original.FUNDS[1]!,
        code: 'LTCI',
        order: 8,
        name: { zh: '长期护理保险基金', en: 'Long-term care insurance fund' },
        shortName: { zh: '长期护理', en: 'Long-term care' },
        line: 'medsec',
        defaultPooling: 'prefecture',
      },
    ],
  };
});

import { listFunds } from '#shared/reference/funds';
import {
  applyProvincialRules,
  checkCatalogue,
  listIndicators,
  nationalCatalogue,
  validateCatalogue,
} from '#shared/reference/indicators';
import { checkIndicators } from '#shared/targets/targets';
import { catalogCommand } from '../../cli/catalog.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { status: number; code: string; bilingual: { zh: string; en: string }; details: unknown };
  }
  throw new Error('expected a refusal');
};

describe('a further fund whose indicators do not yet weigh 100', () => {
  it('lets the catalogue module load, with the eighth fund in scope', () => {
    expect(listFunds().map((f) => f.code)).toContain('LTCI');
    expect(nationalCatalogue().indicators.length).toBeGreaterThan(18);
  });

  it('keeps the seven statutory funds working', () => {
    for (const f of ['EEPI', 'URPI', 'PSPI', 'EBMI', 'URMI', 'WII', 'UI']) {
      expect(
        listIndicators({ fund: f }).reduce((s, i) => s + Number((i as { fundWeight: string }).fundWeight), 0),
      ).toBe(100);
    }
    expect(() => checkIndicators('EBMI', [])).not.toThrow();
    expect(() => applyProvincialRules(nationalCatalogue(), { province: '130000', version: 'p1' })).not.toThrow();
  });

  it('refuses that fund with CATALOGUE_INCOMPLETE, naming it, where its catalogue is used', () => {
    const e = refusal(() => listIndicators({ fund: 'LTCI' }));
    expect(e).toMatchObject({ status: 422, code: 'CATALOGUE_INCOMPLETE', details: { fund: 'LTCI', total: '70' } });
    expect(e.bilingual.zh).toContain('长期护理保险基金');
    expect(e.bilingual.zh).toContain('70分');
    expect(e.bilingual.en).toContain('Long-term care insurance fund (LTCI)');
    // a target of that fund is validated against its catalogue: refused the same way
    expect(refusal(() => checkIndicators('LTCI', [])).code).toBe('CATALOGUE_INCOMPLETE');
    // a new catalogue that does not weigh 100 is still refused outright
    expect(() => validateCatalogue(nationalCatalogue())).toThrow(/LTCI weigh 70 points/);
  });

  it('is listed by the check the CLI runs, which exits 1', async () => {
    const rows = checkCatalogue();
    expect(rows.filter((r) => !r.complete)).toEqual([
      {
        fund: 'LTCI',
        name: { zh: '长期护理保险基金', en: 'Long-term care insurance fund' },
        total: '70',
        complete: false,
      },
    ]);
    let out = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    await catalogCommand().parseAsync(['check'], { from: 'user' });
    write.mockRestore();
    expect(out).toMatch(/LTCI\s+长期护理保险基金\s+70\s+不完整/);
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
  });
});
