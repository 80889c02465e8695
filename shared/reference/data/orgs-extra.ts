/**
 * Organisations that GB/T 2260 does not list, and hand-checked English names of the provincial-level units.
 *
 * Codes outside GB/T 2260 (project convention, 6 digits so every org code has one shape; the `10` and `66`
 * prefixes are unused by GB/T 2260's geographic codes):
 * - 100000 中央层面 (central level): the national tier; the same code common datasets use for the whole country.
 * - 100100 中央国家机关养老保险管理中心 (第二十三条): a unit reporting directly to central. It sits on the
 *   province tier, because in the cycle it does what a province does — sets its targets for central review,
 *   evaluates, and reports to central — and it is also its own pooling region for the public-sector pension.
 * - 660000 新疆生产建设兵团 (XPCC): provincial-level in the budget system, treated as a province (第四条).
 */
import type { OrgInput } from '#shared/reference/orgs';

export const CENTRAL_ORG_CODE = '100000';
export const CENTRAL_UNIT_ORG_CODE = '100100';
export const XPCC_ORG_CODE = '660000';

export const EXTRA_ORGS: OrgInput[] = [
  { code: CENTRAL_ORG_CODE, name: { zh: '中央层面', en: 'Central level' }, tier: 'central', kind: 'central' },
  {
    code: CENTRAL_UNIT_ORG_CODE,
    name: { zh: '中央国家机关养老保险管理中心', en: 'Pension Insurance Management Center for Central State Organs' },
    tier: 'province',
    kind: 'central-unit',
    parent: CENTRAL_ORG_CODE,
  },
  {
    code: XPCC_ORG_CODE,
    name: { zh: '新疆生产建设兵团', en: 'Xinjiang Production and Construction Corps' },
    tier: 'province',
    kind: 'xpcc',
    parent: CENTRAL_ORG_CODE,
  },
];

/** English names of the 31 provinces, autonomous regions and municipalities (romanisation alone reads badly). */
export const PROVINCE_EN: Record<string, string> = {
  '110000': 'Beijing',
  '120000': 'Tianjin',
  '130000': 'Hebei',
  '140000': 'Shanxi',
  '150000': 'Inner Mongolia',
  '210000': 'Liaoning',
  '220000': 'Jilin',
  '230000': 'Heilongjiang',
  '310000': 'Shanghai',
  '320000': 'Jiangsu',
  '330000': 'Zhejiang',
  '340000': 'Anhui',
  '350000': 'Fujian',
  '360000': 'Jiangxi',
  '370000': 'Shandong',
  '410000': 'Henan',
  '420000': 'Hubei',
  '430000': 'Hunan',
  '440000': 'Guangdong',
  '450000': 'Guangxi',
  '460000': 'Hainan',
  '500000': 'Chongqing',
  '510000': 'Sichuan',
  '520000': 'Guizhou',
  '530000': 'Yunnan',
  '540000': 'Xizang',
  '610000': 'Shaanxi',
  '620000': 'Gansu',
  '630000': 'Qinghai',
  '640000': 'Ningxia',
  '650000': 'Xinjiang',
};

/** 直辖市: provincial-level cities whose county-level districts are not prefecture-level pooling regions. */
export const MUNICIPALITIES: readonly string[] = ['110000', '120000', '310000', '500000'];
