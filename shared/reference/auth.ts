import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { config } from '#shared/platform/config';
import { forbidden, unauthorized } from '#shared/platform/errors';
import { listFunds } from '#shared/reference/funds';
import { findOrg, Org, Tier } from '#shared/reference/orgs';
import { type Action, Department, departmentServesFund, mayPerform } from '#shared/reference/roles';

/**
 * Who is calling. One verification path for two issuers: in AWS a Cognito user pool (ID token with
 * custom attributes), locally the development issuer in `local/identity.ts`, which signs the same shape.
 */
const Claims = z.object({
  sub: z.string().min(1),
  email: z.string().email(),
  name: z.string().min(1),
  'custom:org_code': z.string().min(1),
  'custom:tier': Tier,
  'custom:department': Department,
  // Cognito issues access tokens from the same issuer with the same key: only an ID token names the person.
  token_use: z.literal('id'),
});

export interface Principal {
  userId: string;
  email: string;
  name: string;
  orgCode: string;
  tier: z.infer<typeof Tier>;
  department: z.infer<typeof Department>;
}

let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;

export async function authenticate(authorization: string | undefined): Promise<Principal> {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
  if (!token) throw unauthorized();
  const { SIFPM_JWKS_URL, SIFPM_JWT_ISSUER, SIFPM_JWT_AUDIENCE } = config();
  jwks ??= createRemoteJWKSet(new URL(SIFPM_JWKS_URL));
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      issuer: SIFPM_JWT_ISSUER,
      audience: SIFPM_JWT_AUDIENCE,
      // jose checks `exp` only when present: a token without one would never expire.
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch {
    // The reason stays out of the response and the logs: it could help forge a token.
    throw unauthorized();
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) throw unauthorized({ reason: 'claims' });
  const c = claims.data;
  return {
    userId: c.sub,
    email: c.email,
    name: c.name,
    orgCode: c['custom:org_code'],
    tier: c['custom:tier'],
    department: c['custom:department'],
  };
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
  if (targetOrg !== undefined && !inScope(principal, targetOrg)) {
    throw forbidden(
      { zh: '无权访问其他地区的数据', en: 'You may not act for another organisation' },
      { org: targetOrg },
    );
  }
  if (fund !== undefined && !departmentServesFund(principal.department, fund)) {
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
    org: Org.optional(),
    may: Permissions,
  })
  .meta({ id: 'Me', description: 'The signed-in principal and what it may do' });
export type MeView = z.infer<typeof MeView>;

export function meView(principal: Principal): MeView {
  const org = findOrg(principal.orgCode);
  return { ...principal, ...(org ? { org } : {}), may: permissionsOf(principal) };
}
