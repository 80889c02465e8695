/**
 * Departments and what each may do at each tier (第五条, 第六条, 第十七条) — one policy table.
 *
 * This answers tier × department × action only. Which organisation a user may act for (scope, R4.1) and which fund
 * line a department serves (`departmentServesFund`) are checked with it by `authorize` (reference/auth.ts).
 */
import { z } from 'zod';
import { type FundLine, getFund } from '#shared/reference/funds';
import { Tier } from '#shared/reference/orgs';

export const Department = z.enum([
  'finance', // 财政部门 — leads (牵头)
  'hrss-admin', // 人力资源社会保障行政部门
  'medsec-admin', // 医疗保障行政部门
  'hrss-agency', // 人力资源社会保障经办机构
  'medsec-agency', // 医疗保障经办机构
  'tax', // 税务部门 — collects contributions
  'third-party', // 第三方: 中介机构、专家 (第十七条), only when commissioned
]);
export type Department = z.infer<typeof Department>;

export const DEPARTMENT_LABELS: Record<Department, { zh: string; en: string }> = {
  finance: { zh: '财政部门', en: 'Finance department' },
  'hrss-admin': { zh: '人力资源社会保障行政部门', en: 'Human resources and social security administration' },
  'medsec-admin': { zh: '医疗保障行政部门', en: 'Medical security administration' },
  'hrss-agency': { zh: '人力资源社会保障经办机构', en: 'Human resources and social security agency' },
  'medsec-agency': { zh: '医疗保障经办机构', en: 'Medical security agency' },
  tax: { zh: '税务部门', en: 'Tax department' },
  'third-party': { zh: '第三方机构（中介机构、专家）', en: 'Third party (intermediary or expert)' },
};

export const Action = z.enum([
  'cycle.kickoff', // 部署年度绩效管理工作
  'catalog.manage', // 绩效指标体系: national (central) and provincial additions (第二十四条)
  'targets.draft', // 绩效目标制定
  'targets.preliminary-review', // 初审
  'targets.finance-review', // 审核
  'targets.central-review', // 中央层面审核分省区域绩效目标
  'targets.decompose', // 分解下达至统筹地区
  'budget.arrange', // 预算安排 (needs an approved target, 第七条)
  'monitoring.submit', // 绩效运行监控数据报送
  'findings.raise', // 监控发现问题
  'findings.close', // 问题整改销号
  'self-evaluation.submit', // 报送绩效自评报告
  'self-evaluation.sign-off', // 财政部门牵头审定自评
  'provincial-evaluation.review', // 省级绩效评价: 评价各统筹地区
  'provincial-evaluation.approve', // 审定省级绩效评价报告
  'central-review.assess', // 中央层面考核各省
  'rectification.order', // 约谈、责令限期整改 (第二十二条)
  'results.propose-use', // 提出结果应用建议
  'results.publish', // 绩效信息公开
  'reference.read',
  'audit.verify', // 审计链核验: the operator's check of the tamper-evident trail
  'directory.read', // 查看人员名录
  'directory.manage', // 管理人员名录: add, change, deactivate staff (directory administrators only)
  'overview.read', // 全国监控概览、统筹地区进度、完成情况: central nationally, a province its own regions
  'monitoring.tax-report', // 税务部门报送社会保险费征收数 (第五条), compared with the agency's record
  'results.set-rules', // 结果应用规则: how a cycle's results inform the next arrangement (central finance)
  'results.decide-use', // 结果应用决定: finance decides on the administrations' proposal (第二十条)
]);
export type Action = z.infer<typeof Action>;

const ALL_DEPARTMENTS = Department.options;
const ADMIN: Department[] = ['hrss-admin', 'medsec-admin'];
const AGENCY: Department[] = ['hrss-agency', 'medsec-agency'];
const LOCAL: Tier[] = ['province', 'region'];

type Grants = Partial<Record<Tier, readonly Department[]>>;
const at = (tiers: readonly Tier[], departments: readonly Department[]): Grants =>
  Object.fromEntries(tiers.map((t) => [t, departments]));

/**
 * The policy table. Province-tier agencies draft, monitor and self-evaluate too, because the performance work of
 * 企业职工基本养老保险 sits at province level (第六条).
 */
export const POLICY: Record<Action, Grants> = {
  'cycle.kickoff': { central: ['finance'] },
  'catalog.manage': { central: ['finance'], province: ['finance'] },
  // 整体绩效目标由中央层面统一制定: central finance with the administrations; locally the agencies and tax draft.
  'targets.draft': { central: ['finance', ...ADMIN], ...at(LOCAL, [...AGENCY, 'tax']) },
  'targets.preliminary-review': { central: ADMIN, ...at(LOCAL, ADMIN) },
  'targets.finance-review': at(LOCAL, ['finance']),
  'targets.central-review': { central: ['finance'] },
  'targets.decompose': { province: ['finance'] },
  'budget.arrange': at(['central', 'province', 'region'], ['finance']),
  'monitoring.submit': at(LOCAL, [...AGENCY, 'tax']),
  'findings.raise': { central: ['finance', ...ADMIN], ...at(LOCAL, ['finance', ...ADMIN]) },
  'findings.close': at(LOCAL, [...AGENCY, 'tax']),
  // The agencies and tax self-evaluate; the administrations compile and submit the report to finance (第五条).
  'self-evaluation.submit': at(LOCAL, [...AGENCY, 'tax', ...ADMIN]),
  'self-evaluation.sign-off': at(LOCAL, ['finance']),
  'provincial-evaluation.review': { province: ['finance', ...ADMIN, 'third-party'] },
  'provincial-evaluation.approve': { province: ['finance'] },
  'central-review.assess': { central: ['finance', ...ADMIN, 'third-party'] },
  'rectification.order': { central: ['finance'], province: ['finance'] },
  'results.propose-use': at(['central', 'province', 'region'], ADMIN),
  'results.publish': at(['central', 'province', 'region'], ['finance']),
  'reference.read': at(['central', 'province', 'region'], ALL_DEPARTMENTS),
  'audit.verify': { central: ['finance'] },
  'directory.read': at(
    ['central', 'province', 'region'],
    ALL_DEPARTMENTS.filter((d) => d !== 'third-party'),
  ),
  'directory.manage': { central: ['finance'], province: ['finance'] },
  'overview.read': at(
    ['central', 'province'],
    ALL_DEPARTMENTS.filter((d) => d !== 'third-party'),
  ),
  'monitoring.tax-report': at(LOCAL, ['tax']),
  'results.set-rules': { central: ['finance'] },
  'results.decide-use': at(['central', 'province', 'region'], ['finance']),
};

/**
 * 岗位职能: what a person does within their department (the staff directory records it). A human task goes to the
 * members of a group with the step's function; `lead` (负责人) may also hand a task to one member; a directory
 * administrator (名录管理员) manages staff.
 */
export const StaffFunction = z.enum(['drafter', 'reviewer', 'signer', 'lead', 'directory-admin']);
export type StaffFunction = z.infer<typeof StaffFunction>;

export const STAFF_FUNCTION_LABELS: Record<StaffFunction, { zh: string; en: string }> = {
  drafter: { zh: '填报', en: 'Drafter' },
  reviewer: { zh: '审核', en: 'Reviewer' },
  signer: { zh: '审定签发', en: 'Signer' },
  lead: { zh: '负责人', en: 'Lead' },
  'directory-admin': { zh: '名录管理员', en: 'Directory administrator' },
};

/** The function an action needs beyond tier and department (the rest need none). */
export const FUNCTION_NEEDED: Partial<Record<Action, StaffFunction>> = {
  'directory.manage': 'directory-admin',
  'targets.draft': 'drafter',
  'monitoring.submit': 'drafter',
  'self-evaluation.submit': 'drafter',
  'findings.close': 'drafter',
};

/** May a member of `department` at `tier` perform `action`? Pure; unknown inputs are refused. */
export function mayPerform(tier: Tier, department: Department, action: Action): boolean {
  return POLICY[action]?.[tier]?.includes(department) ?? false;
}

/** Every (tier, department) pair allowed to perform an action — for documentation and the console. */
export function whoMay(action: Action): { tier: Tier; department: Department }[] {
  const grants = POLICY[action];
  return Tier.options.flatMap((tier) => (grants[tier] ?? []).map((department) => ({ tier, department })));
}

/**
 * Whether a department works on a fund: 人社 departments on pension, work-injury and unemployment funds,
 * 医保 departments on medical funds; finance, tax and third parties on all.
 */
export function departmentServesFund(department: Department, fund: string): boolean {
  const line = getFund(fund).line;
  if (department === 'hrss-admin' || department === 'hrss-agency') return line === 'hrss';
  if (department === 'medsec-admin' || department === 'medsec-agency') return line === 'medsec';
  return true;
}

/** The fund lines a department works on: one for the 人社 and 医保 departments, both for finance, tax and third parties. */
export function departmentLines(department: Department): FundLine[] {
  if (department === 'hrss-admin' || department === 'hrss-agency') return ['hrss'];
  if (department === 'medsec-admin' || department === 'medsec-agency') return ['medsec'];
  return ['hrss', 'medsec'];
}
