import { createRemoteJWKSet, jwtVerify } from 'jose';
import { z } from 'zod';
import { config } from '#shared/platform/config';
import { forbidden, unauthorized } from '#shared/platform/errors';
import { findOrg, Tier } from '#shared/reference/orgs';
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
