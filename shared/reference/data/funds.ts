/**
 * The funds in scope (第三条), as data. Adding a fund brought under budget management later
 * (其他社会保险基金, e.g. 长期护理保险) is a new row here with `inScopeFrom`; no code changes.
 * Codes are stable identifiers stored in records: never reuse or rename one.
 */
import type { FundInput } from '#shared/reference/funds';

export const FUNDS_VERSION = '2023.1';

export const FUNDS: FundInput[] = [
  {
    code: 'EEPI',
    order: 1,
    name: { zh: '企业职工基本养老保险基金', en: "Enterprise employees' basic pension insurance fund" },
    shortName: { zh: '企业职工养老', en: 'Enterprise pension' },
    line: 'hrss',
    // 第六条: nationally pooled (全国统筹) since 2022, so its performance work sits at province level.
    performanceTier: 'province',
    defaultPooling: 'national',
    inScopeFrom: 2023,
  },
  {
    code: 'URPI',
    order: 2,
    name: { zh: '城乡居民基本养老保险基金', en: "Urban and rural residents' basic pension insurance fund" },
    shortName: { zh: '城乡居民养老', en: 'Residents pension' },
    line: 'hrss',
    performanceTier: 'region',
    defaultPooling: 'county',
    inScopeFrom: 2023,
  },
  {
    code: 'PSPI',
    order: 3,
    name: {
      zh: '机关事业单位基本养老保险基金',
      en: 'Government agencies and public institutions basic pension insurance fund',
    },
    shortName: { zh: '机关事业养老', en: 'Public-sector pension' },
    line: 'hrss',
    performanceTier: 'region',
    defaultPooling: 'province',
    inScopeFrom: 2023,
  },
  {
    code: 'EBMI',
    order: 4,
    name: {
      zh: '职工基本医疗保险（含生育保险）基金',
      en: "Employees' basic medical insurance fund (including maternity insurance)",
    },
    shortName: { zh: '职工医保', en: 'Employee medical' },
    line: 'medsec',
    performanceTier: 'region',
    defaultPooling: 'prefecture',
    inScopeFrom: 2023,
  },
  {
    code: 'URMI',
    order: 5,
    name: { zh: '城乡居民基本医疗保险基金', en: "Urban and rural residents' basic medical insurance fund" },
    shortName: { zh: '居民医保', en: 'Residents medical' },
    line: 'medsec',
    performanceTier: 'region',
    defaultPooling: 'prefecture',
    inScopeFrom: 2023,
  },
  {
    code: 'WII',
    order: 6,
    name: { zh: '工伤保险基金', en: 'Work-injury insurance fund' },
    shortName: { zh: '工伤保险', en: 'Work injury' },
    line: 'hrss',
    performanceTier: 'region',
    defaultPooling: 'province',
    inScopeFrom: 2023,
  },
  {
    code: 'UI',
    order: 7,
    name: { zh: '失业保险基金', en: 'Unemployment insurance fund' },
    shortName: { zh: '失业保险', en: 'Unemployment' },
    line: 'hrss',
    performanceTier: 'region',
    defaultPooling: 'province',
    inScopeFrom: 2023,
  },
];
