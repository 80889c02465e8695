/**
 * The pooling regions of 新疆生产建设兵团 (XPCC, 660000): its fourteen divisions (师), prefecture-level units that
 * run their own social insurance (issue 17, point 7).
 *
 * Codes. GB/T 2260 gives no code to a division: it codes the county-level cities the divisions govern under
 * 师市合一 (石河子市 659001 …), and those sit under 新疆维吾尔自治区 (65). Since every organisation of a provincial
 * unit shares its two leading digits (a province's items are read as one range of codes), a division takes a
 * project code in the range of 660000, which GB/T 2260 does not use: `66` + the division's number in two digits +
 * `00` (第一师 660100 … 第十四师 661400). The statistical codes of 兵团's own statistics could not be
 * checked offline, so they are not claimed here. The city a division governs is kept with its GB/T 2260 code
 * (`city`), and that city's row is taken out of 新疆's regions (`orgs.ts`): its social insurance is the division's,
 * so no place is counted twice. 白杨市 (第九师, 2023) is not yet in the generated GB/T 2260 list; 第十一师 (建筑工程师)
 * and 第十二师 govern no city.
 *
 * Source of the division–city pairs: the 师市合一 list published by 兵团 (e.g. 第八师石河子市).
 */
export interface XpccDivision {
  code: string;
  zh: string;
  en: string;
  /** The county-level city the division governs (师市合一), with its GB/T 2260 code. */
  city?: { code: string; zh: string };
}

const ORDINAL_EN = [
  '1st',
  '2nd',
  '3rd',
  '4th',
  '5th',
  '6th',
  '7th',
  '8th',
  '9th',
  '10th',
  '11th',
  '12th',
  '13th',
  '14th',
] as const;
const ORDINAL_ZH = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
] as const;

/** [division number, city GB/T 2260 code, city name, city name in English] */
const PAIRS: [number, string, string, string][] = [
  [1, '659002', '阿拉尔市', 'Aral'],
  [2, '659006', '铁门关市', 'Tiemenguan'],
  [3, '659003', '图木舒克市', 'Tumxuk'],
  [4, '659008', '可克达拉市', 'Kokdala'],
  [5, '659007', '双河市', 'Shuanghe'],
  [6, '659004', '五家渠市', 'Wujiaqu'],
  [7, '659010', '胡杨河市', 'Huyanghe'],
  [8, '659001', '石河子市', 'Shihezi'],
  [9, '659012', '白杨市', 'Baiyang'],
  [10, '659005', '北屯市', 'Beitun'],
  [11, '', '', ''],
  [12, '', '', ''],
  [13, '659011', '新星市', 'Xinxing'],
  [14, '659009', '昆玉市', 'Kunyu'],
];

export const XPCC_DIVISIONS: XpccDivision[] = PAIRS.map(([n, cityCode, cityZh, cityEn]) => ({
  code: `66${String(n).padStart(2, '0')}00`,
  zh: `第${ORDINAL_ZH[n - 1]}师${cityZh}`,
  en: `${ORDINAL_EN[n - 1]} Division${cityEn ? ` (${cityEn} City)` : n === 11 ? ' (Construction Engineering)' : ''}`,
  ...(cityCode ? { city: { code: cityCode, zh: cityZh } } : {}),
}));
