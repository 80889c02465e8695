import { describe, expect, it } from 'vitest';
import { FUNDS } from '#shared/reference/data/funds';
import {
  FundList,
  getFund,
  KnownFundCode,
  listFunds,
  performanceTierOf,
  STATUTORY_FUND_CODES,
} from '#shared/reference/funds';
import {
  CENTRAL_ORG_CODE,
  CENTRAL_UNIT_ORG_CODE,
  findOrg,
  getOrg,
  listOrgs,
  Org,
  OrgList,
  performanceUnits,
  poolingLevel,
  poolingRegions,
  provinceOf,
  provincialUnits,
  regionsOf,
  XPCC_ORG_CODE,
} from '#shared/reference/orgs';
import { Action, Department, departmentServesFund, mayPerform, POLICY, whoMay } from '#shared/reference/roles';

describe('funds (第三条)', () => {
  it('lists the seven statutory funds in the order of 第三条, each validating against the schema', () => {
    expect(FundList.safeParse(FUNDS).success).toBe(true);
    expect(listFunds().map((f) => f.code)).toEqual([...STATUTORY_FUND_CODES]);
    for (const f of listFunds()) expect(f.name.zh).toMatch(/基金$/);
  });

  it('puts the performance work of 企业职工基本养老保险 at province level and the others at pooling regions', () => {
    expect(performanceTierOf('EEPI')).toBe('province');
    for (const code of STATUTORY_FUND_CODES.filter((c) => c !== 'EEPI')) expect(performanceTierOf(code)).toBe('region');
  });

  it('accepts a further fund as data (长期护理保险) and refuses duplicate codes', () => {
    const ltci = {
      ...FUNDS[0]!,
      code: 'LTCI',
      order: 8,
      name: { zh: '长期护理保险基金', en: 'Long-term care insurance fund' },
    };
    expect(FundList.safeParse([...FUNDS, ltci]).success).toBe(true);
    expect(FundList.safeParse([...FUNDS, FUNDS[0]]).success).toBe(false);
  });

  it('refuses an unknown fund with a bilingual not-found error', () => {
    expect(() => getFund('NOPE')).toThrow(/Unknown fund/);
    expect(KnownFundCode.safeParse('NOPE').success).toBe(false);
    expect(KnownFundCode.safeParse('UI').success).toBe(true);
  });
});

describe('organisations (第四条)', () => {
  it('validates every organisation against its schema', () => {
    const all = listOrgs();
    expect(OrgList.safeParse(all).success).toBe(true);
    for (const o of all.slice(0, 50)) expect(Org.parse(o)).toEqual(o);
  });

  it('has 32 provincial-level units: 31 provinces plus 新疆生产建设兵团', () => {
    const units = provincialUnits();
    expect(units).toHaveLength(32);
    expect(units.filter((u) => u.kind === 'province')).toHaveLength(31);
    expect(units.map((u) => u.code)).toContain(XPCC_ORG_CODE);
    for (const u of units) expect(u.parent).toBe(CENTRAL_ORG_CODE);
  });

  it('has at least 330 prefecture-level regions with GB/T 2260 codes under their province', () => {
    const prefectures = listOrgs({ kind: 'prefecture' }).filter((p) => p.parent !== XPCC_ORG_CODE);
    expect(prefectures.length).toBeGreaterThanOrEqual(330);
    for (const p of prefectures) {
      expect(p.code).toMatch(/^[1-6]\d[0-9]{2}00$/);
      expect(p.code.endsWith('0000')).toBe(false);
      expect(p.parent).toBe(`${p.code.slice(0, 2)}0000`);
      expect(p.tier).toBe('region');
    }
  });

  it('gives 新疆生产建设兵团 its fourteen divisions (师) as regions, each city it governs counted once', () => {
    const divisions = regionsOf(XPCC_ORG_CODE);
    expect(divisions.map((d) => d.name.zh)).toEqual([
      '第一师阿拉尔市',
      '第二师铁门关市',
      '第三师图木舒克市',
      '第四师可克达拉市',
      '第五师双河市',
      '第六师五家渠市',
      '第七师胡杨河市',
      '第八师石河子市',
      '第九师白杨市',
      '第十师北屯市',
      '第十一师',
      '第十二师',
      '第十三师新星市',
      '第十四师昆玉市',
    ]);
    for (const d of divisions) {
      expect(d).toMatchObject({ tier: 'region', kind: 'prefecture', parent: XPCC_ORG_CODE });
      expect(d.code).toMatch(/^66(0[1-9]|1[0-4])00$/);
      expect(provinceOf(d.code)?.code).toBe(XPCC_ORG_CODE);
    }
    // 石河子市 (GB/T 2260 659001) is 第八师's, not one of 新疆's regions as well
    expect(findOrg('659001')).toBeUndefined();
    expect(regionsOf('650000').map((o) => o.name.zh)).not.toContain('石河子市');
    expect(poolingRegions(XPCC_ORG_CODE, 'EBMI', 2025)).toHaveLength(14);
    expect(poolingRegions(XPCC_ORG_CODE, 'URPI', 2025)).toHaveLength(14);
    expect(poolingRegions(XPCC_ORG_CODE, 'WII', 2025).map((o) => o.code)).toEqual([XPCC_ORG_CODE]);
  });

  it('puts 中央国家机关养老保险管理中心 on the province tier, reporting directly to central (第二十三条)', () => {
    const unit = getOrg(CENTRAL_UNIT_ORG_CODE);
    expect(unit).toMatchObject({ kind: 'central-unit', tier: 'province', parent: CENTRAL_ORG_CODE });
    expect(provincialUnits().map((u) => u.code)).not.toContain(CENTRAL_UNIT_ORG_CODE);
    expect(getOrg(CENTRAL_ORG_CODE).tier).toBe('central');
  });

  it('looks organisations up by code, by parent and by tier', () => {
    expect(getOrg('130100').name.zh).toBe('石家庄市');
    expect(listOrgs({ tier: 'province', parent: CENTRAL_ORG_CODE })).toHaveLength(33);
    expect(regionsOf('130000')).toHaveLength(11);
    expect(regionsOf('420000').map((o) => o.name.zh)).toContain('仙桃市');
    expect(regionsOf('110000')).toEqual([]);
    expect(provinceOf('429004')?.code).toBe('420000');
    expect(() => getOrg('999999')).toThrow(/Unknown organisation/);
  });
});

describe('pooling regions (统筹地区, DESIGN §4)', () => {
  it('finds the organisation that pools a fund in a province in a year, at whatever level', () => {
    expect(poolingRegions('130000', 'WII', 2024).map((o) => o.code)).toEqual(['130000']);
    expect(poolingRegions('130000', 'EBMI', 2024)).toHaveLength(11);
    expect(poolingRegions('110000', 'EBMI', 2024).map((o) => o.code)).toEqual(['110000']);
    expect(poolingRegions('460000', 'URMI', 2024).map((o) => o.code)).toEqual(['460000']);
    const county = poolingRegions('130000', 'URPI', 2024);
    expect(county.length).toBeGreaterThan(100);
    expect(county.map((o) => o.code)).toContain('130100'); // 石家庄市本级 pools its districts
    expect(poolingLevel('100100', 'PSPI', 2024)).toBe('explicit');
  });

  it('does the performance work of 企业职工基本养老保险 at the province, though it is pooled nationally', () => {
    expect(poolingRegions('320000', 'EEPI', 2024).map((o) => o.code)).toEqual([CENTRAL_ORG_CODE]);
    expect(performanceUnits('320000', 'EEPI', 2024).map((o) => o.code)).toEqual(['320000']);
  });
});

describe('roles (第五条, 第六条)', () => {
  it('lets only central finance kick off a cycle', () => {
    expect(whoMay('cycle.kickoff')).toEqual([{ tier: 'central', department: 'finance' }]);
  });

  it('follows the target chain: agencies draft, administrations review first, finance reviews, central approves', () => {
    expect(mayPerform('region', 'hrss-agency', 'targets.draft')).toBe(true);
    expect(mayPerform('region', 'tax', 'targets.draft')).toBe(true);
    expect(mayPerform('region', 'finance', 'targets.draft')).toBe(false);
    expect(mayPerform('region', 'medsec-admin', 'targets.preliminary-review')).toBe(true);
    expect(mayPerform('province', 'finance', 'targets.finance-review')).toBe(true);
    expect(mayPerform('province', 'finance', 'targets.central-review')).toBe(false);
    expect(mayPerform('central', 'finance', 'targets.central-review')).toBe(true);
    expect(mayPerform('province', 'finance', 'targets.decompose')).toBe(true);
    expect(mayPerform('region', 'finance', 'targets.decompose')).toBe(false);
  });

  it('lets finance sign off self-evaluations and approve the provincial evaluation', () => {
    expect(mayPerform('region', 'finance', 'self-evaluation.sign-off')).toBe(true);
    expect(mayPerform('region', 'hrss-agency', 'self-evaluation.sign-off')).toBe(false);
    expect(mayPerform('province', 'finance', 'provincial-evaluation.approve')).toBe(true);
    expect(mayPerform('province', 'third-party', 'provincial-evaluation.review')).toBe(true);
    expect(mayPerform('province', 'third-party', 'provincial-evaluation.approve')).toBe(false);
  });

  it('lets every department read reference data, and has a grant for every action', () => {
    for (const d of Department.options) expect(mayPerform('region', d, 'reference.read')).toBe(true);
    for (const a of Action.options) expect(whoMay(a).length).toBeGreaterThan(0);
    expect(Object.keys(POLICY).sort()).toEqual([...Action.options].sort());
  });

  it('matches 人社 departments to pension, work-injury and unemployment funds and 医保 to medical funds', () => {
    expect(departmentServesFund('hrss-agency', 'UI')).toBe(true);
    expect(departmentServesFund('hrss-agency', 'EBMI')).toBe(false);
    expect(departmentServesFund('medsec-agency', 'URMI')).toBe(true);
    expect(departmentServesFund('tax', 'EBMI')).toBe(true);
  });
});
