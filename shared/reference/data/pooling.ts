/**
 * 统筹层次 (pooling level) per fund and province, versioned by budget year (DESIGN §4).
 *
 * Resolution for fund F in province P in year Y: the latest rule with `fromYear <= Y` for (P, F), else for
 * (P, '*'), else the fund's `defaultPooling`. A rule either names a level or lists the pooling organisations
 * explicitly (`poolers`), which is how a province marks which of its regions pool which fund.
 *
 * The rules below are the known structural cases, not a survey of all provinces: a province's own settings are
 * added here (or later through its implementation rules, 第二十四条).
 */
import type { PoolingRuleInput } from '#shared/reference/orgs';

export const POOLING_VERSION = '2023.1';

export const POOLING_RULES: PoolingRuleInput[] = [
  // Municipalities pool every fund at the city (= province) level.
  { province: '110000', fund: '*', fromYear: 2023, level: 'province' },
  { province: '120000', fund: '*', fromYear: 2023, level: 'province' },
  { province: '310000', fund: '*', fromYear: 2023, level: 'province' },
  { province: '500000', fund: '*', fromYear: 2023, level: 'province' },
  // Hainan pools basic medical insurance province-wide.
  { province: '460000', fund: 'EBMI', fromYear: 2023, level: 'province' },
  { province: '460000', fund: 'URMI', fromYear: 2023, level: 'province' },
  // XPCC: no rule of its own; its fourteen divisions (shared/reference/data/xpcc.ts) are its prefecture-level
  // regions, so each fund follows its default level there as in any province (medical insurance by division).
  // 中央国家机关养老保险管理中心 pools the public-sector pension of central state organs itself (第二十三条).
  { province: '100100', fund: 'PSPI', fromYear: 2023, poolers: ['100100'] },
];
