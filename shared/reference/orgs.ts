/**
 * Tiers and organisations (第四条, 第六条, 第二十三条).
 *
 * - central (中央层面), code `CENTRAL_ORG_CODE`;
 * - province tier: 31 provinces (GB/T 2260), 新疆生产建设兵团, and 中央国家机关养老保险管理中心, which reports
 *   directly to central and so stands on the province tier (kind `central-unit`, not among `provincialUnits()`);
 * - region tier (统筹地区 = pooling region): prefecture-level divisions and county-level divisions, GB/T 2260, and
 *   the fourteen divisions (师) of 新疆生产建设兵团 (`shared/reference/data/xpcc.ts`).
 *
 * A pooling region is never assumed to be a prefecture: `poolingRegions(P, F, Y)` answers "which organisations pool
 * fund F in province P in year Y" — counties, prefectures or the province itself — from `shared/data/pooling.ts`.
 */
import { z } from 'zod';
import { internal, notFound } from '#shared/platform/errors';
import {
  CENTRAL_ORG_CODE,
  CENTRAL_UNIT_ORG_CODE,
  EXTRA_ORGS,
  MUNICIPALITIES,
  PROVINCE_EN,
  XPCC_ORG_CODE,
} from '#shared/reference/data/orgs-extra';
import { POOLING_RULES, POOLING_VERSION } from '#shared/reference/data/pooling';
import { XPCC_DIVISIONS } from '#shared/reference/data/xpcc';
import { Bilingual, FundCode, getFund, type PoolingLevel } from '#shared/reference/funds';
import gbt2260 from './data/gbt2260.json' with { type: 'json' };

export { CENTRAL_ORG_CODE, CENTRAL_UNIT_ORG_CODE, XPCC_ORG_CODE };

export const Tier = z.enum(['central', 'province', 'region']);
export type Tier = z.infer<typeof Tier>;

export const OrgKind = z.enum(['central', 'central-unit', 'province', 'xpcc', 'prefecture', 'county']);
export type OrgKind = z.infer<typeof OrgKind>;

/** Six digits: GB/T 2260 for provinces, prefectures and counties; see `shared/data/orgs-extra.ts` for the rest. */
export const OrgCode = z
  .string()
  .regex(/^\d{6}$/, { error: 'organisation code: 6 digits' })
  .meta({ id: 'OrgCode', description: 'An organisation code (GB/T 2260 or an extension)' });
export type OrgCode = z.infer<typeof OrgCode>;

const TIER_OF_KIND: Record<OrgKind, Tier> = {
  central: 'central',
  'central-unit': 'province',
  province: 'province',
  xpcc: 'province',
  prefecture: 'region',
  county: 'region',
};

export const Org = z
  .object({
    code: OrgCode,
    name: Bilingual,
    tier: Tier,
    kind: OrgKind,
    /** The organisation this one reports to; absent only for central. */
    parent: OrgCode.optional(),
  })
  .refine((o) => TIER_OF_KIND[o.kind] === o.tier, { error: 'tier does not match kind' })
  .refine((o) => (o.kind === 'central') === (o.parent === undefined), { error: 'only central has no parent' });
export type Org = z.infer<typeof Org>;
export type OrgInput = z.input<typeof Org>;

export const OrgList = z.array(Org).superRefine((orgs, ctx) => {
  const codes = new Set<string>();
  for (const o of orgs) {
    if (codes.has(o.code)) ctx.addIssue({ code: 'custom', message: `duplicate organisation code ${o.code}` });
    codes.add(o.code);
  }
  for (const o of orgs) {
    if (o.parent !== undefined && !codes.has(o.parent)) {
      ctx.addIssue({ code: 'custom', message: `organisation ${o.code} has unknown parent ${o.parent}` });
    }
  }
});

/** A province's pooling setting for one fund (or all, `'*'`) from a budget year on. */
export const PoolingRule = z
  .object({
    province: OrgCode,
    fund: z.union([FundCode, z.literal('*')]),
    fromYear: z.int().min(2023),
    level: z.enum(['national', 'province', 'prefecture', 'county']).optional(),
    /** Explicit pooling organisations: the province marks which of its regions pool this fund. */
    poolers: z.array(OrgCode).min(1).optional(),
  })
  .refine((r) => (r.level === undefined) !== (r.poolers === undefined), {
    error: 'a pooling rule gives either a level or a list of poolers',
  });
export type PoolingRule = z.infer<typeof PoolingRule>;
export type PoolingRuleInput = z.input<typeof PoolingRule>;

type Division = [code: string, zh: string, en: string, kind: string, parent: string];

/**
 * The generated GB/T 2260 rows are checked by the reference-data test (`OrgList`), not at every cold start: parsing
 * 3,000+ rows with zod costs ~30 ms. The hand-written rows are parsed here.
 */
function buildOrgs(): Org[] {
  const rows: Org[] = z.array(Org).parse([
    ...EXTRA_ORGS,
    ...XPCC_DIVISIONS.map((d) => ({
      code: d.code,
      name: { zh: d.zh, en: d.en },
      tier: 'region',
      kind: 'prefecture',
      parent: XPCC_ORG_CODE,
    })),
  ]);
  // a city a division of 兵团 governs (师市合一) is that division's region, not 新疆's (shared/reference/data/xpcc.ts)
  const governed = new Set(XPCC_DIVISIONS.flatMap((d) => (d.city ? [d.city.code] : [])));
  for (const [code, zh, en, kind, parent] of gbt2260.divisions as Division[]) {
    if (governed.has(code)) continue;
    if (kind === 'province') {
      rows.push({
        code,
        name: { zh, en: PROVINCE_EN[code] ?? en },
        tier: 'province',
        kind: 'province',
        parent: CENTRAL_ORG_CODE,
      });
    } else {
      rows.push({ code, name: { zh, en }, tier: 'region', kind: kind as OrgKind, parent });
    }
  }
  return rows;
}

const orgs: readonly Org[] = Object.freeze(buildOrgs());
const byCode = new Map(orgs.map((o) => [o.code, o]));
const childrenByParent = new Map<string, Org[]>();
for (const o of orgs) {
  if (o.parent === undefined) continue;
  const list = childrenByParent.get(o.parent) ?? [];
  list.push(o);
  childrenByParent.set(o.parent, list);
}
const municipalities = new Set(MUNICIPALITIES);

export const orgDataSource = (): string => gbt2260.source;

export const findOrg = (code: string): Org | undefined => byCode.get(code);

export function getOrg(code: string): Org {
  const o = byCode.get(code);
  if (!o) throw notFound({ zh: `未知机构代码：${code}`, en: `Unknown organisation code: ${code}` }, { org: code });
  return o;
}

export const childrenOf = (code: string): Org[] => [...(childrenByParent.get(code) ?? [])];

/** Organisations by tier and/or direct parent, in code order. */
export function listOrgs(filter: { tier?: Tier; parent?: string; kind?: OrgKind } = {}): Org[] {
  const pool = filter.parent === undefined ? orgs : (childrenByParent.get(filter.parent) ?? []);
  return pool.filter(
    (o) =>
      (filter.tier === undefined || o.tier === filter.tier) && (filter.kind === undefined || o.kind === filter.kind),
  );
}

/** The 32 provincial-level units of 第四条: 31 provinces plus 新疆生产建设兵团. */
export const provincialUnits = (): Org[] => orgs.filter((o) => o.kind === 'province' || o.kind === 'xpcc');

export const isMunicipality = (code: string): boolean => municipalities.has(code);

/**
 * The prefecture-level regions of a province: its prefectures (地级市, 地区, 自治州, 盟) and the county-level units
 * directly under the province (省直辖县级行政单位, e.g. 济源市, 仙桃市), which stand in for prefectures.
 * A municipality (直辖市) has none: its districts are county-level, and it pools at its own level.
 */
export function regionsOf(provinceCode: string): Org[] {
  getOrg(provinceCode);
  if (municipalities.has(provinceCode)) return [];
  return (childrenByParent.get(provinceCode) ?? []).filter((o) => o.tier === 'region');
}

/** The province-tier organisation an organisation belongs to (itself if on the province tier). */
export function provinceOf(code: string): Org | undefined {
  let o: Org | undefined = getOrg(code);
  while (o && o.tier === 'region') o = o.parent === undefined ? undefined : byCode.get(o.parent);
  return o?.tier === 'province' ? o : undefined;
}

// --- pooling (统筹地区) -------------------------------------------------------------------------------------

const rules: readonly PoolingRule[] = Object.freeze(z.array(PoolingRule).parse(POOLING_RULES));
for (const r of rules) {
  for (const p of r.poolers ?? []) {
    if (provinceOf(p)?.code !== r.province) {
      throw internal(
        'BAD_POOLING_RULE',
        {
          zh: `统筹规则 ${r.province}/${r.fund}：统筹地区 ${p} 不在该省`,
          en: `pooling rule for ${r.province}/${r.fund}: pooler ${p} is not in that province`,
        },
        { province: r.province, fund: r.fund, pooler: p },
      );
    }
  }
}

export const poolingVersion = (): string => POOLING_VERSION;

function ruleFor(provinceCode: string, fund: string, year: number): PoolingRule | undefined {
  const pick = (f: string) =>
    rules
      .filter((r) => r.province === provinceCode && r.fund === f && r.fromYear <= year)
      .sort((a, b) => b.fromYear - a.fromYear)[0];
  return pick(fund) ?? pick('*');
}

/** The pooling level (统筹层次) of fund F in province P in year Y; `undefined` level when poolers are explicit. */
export function poolingLevel(provinceCode: string, fund: string, year: number): PoolingLevel | 'explicit' {
  const rule = ruleFor(provinceCode, fund, year);
  if (rule?.poolers) return 'explicit';
  return rule?.level ?? getFund(fund).defaultPooling;
}

/**
 * 统筹地区: the organisations that pool fund F in province P in year Y.
 * County level: a prefecture pools its urban districts itself (市本级) and each county, county-level city and
 * banner pools on its own.
 */
export function poolingRegions(provinceCode: string, fund: string, year: number): Org[] {
  const province = getOrg(provinceCode);
  const rule = ruleFor(provinceCode, fund, year);
  if (rule?.poolers) return rule.poolers.map(getOrg);
  const level = rule?.level ?? getFund(fund).defaultPooling;
  switch (level) {
    case 'national':
      return [getOrg(CENTRAL_ORG_CODE)];
    case 'province':
      return [province];
    case 'prefecture': {
      const regions = regionsOf(provinceCode);
      return regions.length > 0 ? regions : [province];
    }
    case 'county': {
      const out: Org[] = [];
      for (const r of childrenByParent.get(provinceCode) ?? []) {
        if (r.kind === 'county') {
          out.push(r);
          continue;
        }
        const counties = childrenByParent.get(r.code) ?? [];
        if (counties.length === 0 || counties.some((c) => c.name.zh.endsWith('区'))) out.push(r);
        for (const c of counties) if (!c.name.zh.endsWith('区')) out.push(c);
      }
      return out.length > 0 ? out : [province];
    }
  }
}

/**
 * Where the performance work for fund F in province P sits in year Y (第六条): the province itself for a fund whose
 * performance tier is the province (企业职工基本养老保险), otherwise each pooling region.
 */
export function performanceUnits(provinceCode: string, fund: string, year: number): Org[] {
  if (getFund(fund).performanceTier === 'province') return [getOrg(provinceCode)];
  return poolingRegions(provinceCode, fund, year);
}
