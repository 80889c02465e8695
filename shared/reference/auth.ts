import { z } from 'zod';
import { forbidden } from '#shared/platform/errors';
import { FundLine, getFund, listFunds } from '#shared/reference/funds';
import { findOrg, Org, Tier } from '#shared/reference/orgs';
import {
  type Action,
  Department,
  departmentServesFund,
  FUNCTION_NEEDED,
  mayPerform,
  StaffFunction,
} from '#shared/reference/roles';

/**
 * Who is calling: a person of the staff directory. The token proves who (its subject); the directory says what they
 * may do (`shared/directory/principal.ts` reads the person per request).
 */
export interface Principal {
  /** the person's id in the directory */
  userId: string;
  email: string;
  name: string;
  orgCode: string;
  tier: z.infer<typeof Tier>;
  department: z.infer<typeof Department>;
  /** the fund lines the person serves, where the department has more than one; absent: all the department's */
  lines?: FundLine[];
  functions: StaffFunction[];
}

/**
 * The one authorisation policy: the department may perform the action at its tier (roles table), the target
 * organisation lies within the caller's scope — central sees all, a province itself and its regions, a region only
 * itself — and, for an action on a fund, the department serves that fund's line (人社 the pension, work-injury and
 * unemployment funds, 医保 the medical funds; finance and tax all).
 */
export function authorize(principal: Principal, action: Action, targetOrg?: string, fund?: string): void {
  if (!mayPerform(principal.tier, principal.department, action)) {
    throw forbidden(
      { zh: '您所在部门无权执行此操作', en: 'Your department may not perform this action' },
      { action, tier: principal.tier, department: principal.department },
    );
  }
  const needed = FUNCTION_NEEDED[action];
  if (needed && !principal.functions.includes(needed)) {
    throw forbidden(
      { zh: '您的岗位职能不包括此操作', en: 'Your functions in the directory do not include this action' },
      { action, needed },
    );
  }
  if (targetOrg !== undefined && !inScope(principal, targetOrg)) {
    throw forbidden(
      { zh: '无权访问其他地区的数据', en: 'You may not act for another organisation' },
      { org: targetOrg },
    );
  }
  if (
    fund !== undefined &&
    (!departmentServesFund(principal.department, fund) ||
      (principal.lines !== undefined && !principal.lines.includes(getFund(fund).line)))
  ) {
    throw forbidden(
      { zh: '您所在部门不负责该险种', en: 'Your department does not serve this fund' },
      { fund, department: principal.department },
    );
  }
}

export function inScope(principal: Principal, orgCode: string): boolean {
  // A third party's account reaches only the items delegated to it (shared/evaluations.ts), never an organisation.
  if (principal.department === 'third-party') return false;
  if (principal.tier === 'central') return true;
  if (principal.orgCode === orgCode) return true;
  let org = findOrg(orgCode);
  while (org?.parent) {
    if (org.parent === principal.orgCode) return true;
    org = findOrg(org.parent);
  }
  return false;
}

/** Whether `authorize` lets the principal perform the action (on the organisation and fund): the same policy, no throw. */
export function isAuthorized(principal: Principal, action: Action, targetOrg?: string, fund?: string): boolean {
  try {
    authorize(principal, action, targetOrg, fund);
    return true;
  } catch {
    return false;
  }
}

/** An organisation × fund an action may be performed on. */
export const OrgFund = z.object({ org: z.string(), fund: z.string() });
export type OrgFund = z.infer<typeof OrgFund>;

/**
 * The writes on its own unit's work the console offers a form for, and where the principal may perform them:
 * `authorize(principal, action, org, fund)` for the principal's own organisation (the writes — targets draft,
 * monitoring submission, self-evaluation — accept only the caller's own organisation) on each fund it serves.
 */
export const Permissions = z
  .object({
    draftTargets: z.array(OrgFund).meta({ description: '`targets.draft`: PUT …/targets/{org}/{fund}/draft' }),
    submitSelfEvaluation: z.array(OrgFund).meta({
      description: '`self-evaluation.submit`: the figures, report and template of …/evaluations/{org}/{fund}',
    }),
    submitMonitoring: z
      .array(OrgFund)
      .meta({ description: '`monitoring.submit`: PUT …/monitoring/{org}/{fund}/periods/{asOf} and its uploads' }),
  })
  .meta({ id: 'Permissions', description: 'Where the caller may perform the writes the console offers a form for' });
export type Permissions = z.infer<typeof Permissions>;

const PERMISSION_ACTIONS = {
  draftTargets: 'targets.draft',
  submitSelfEvaluation: 'self-evaluation.submit',
  submitMonitoring: 'monitoring.submit',
} as const satisfies Record<keyof Permissions, Action>;

/** The permissions of the principal, by `authorize` — the one policy — on its own organisation's funds. */
export function permissionsOf(principal: Principal): Permissions {
  const org = principal.orgCode;
  const funds = listFunds().map((f) => f.code);
  const where = (action: Action): OrgFund[] =>
    funds.filter((fund) => isAuthorized(principal, action, org, fund)).map((fund) => ({ org, fund }));
  return {
    draftTargets: where(PERMISSION_ACTIONS.draftTargets),
    submitSelfEvaluation: where(PERMISSION_ACTIONS.submitSelfEvaluation),
    submitMonitoring: where(PERMISSION_ACTIONS.submitMonitoring),
  };
}

/** `GET /api/me`: who the caller is, its organisation, and what it may do (`permissionsOf`). */
export const MeView = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    orgCode: z.string(),
    tier: Tier,
    department: Department,
    lines: z.array(FundLine).optional(),
    functions: z.array(StaffFunction),
    org: Org.optional(),
    may: Permissions,
  })
  .meta({ id: 'Me', description: 'The signed-in principal and what it may do' });
export type MeView = z.infer<typeof MeView>;

export function meView(principal: Principal): MeView {
  const org = findOrg(principal.orgCode);
  const { userId, email, name, orgCode, tier, department, lines, functions } = principal;
  return {
    userId,
    email,
    name,
    orgCode,
    tier,
    department,
    ...(lines ? { lines } : {}),
    functions,
    ...(org ? { org } : {}),
    may: permissionsOf(principal),
  };
}
