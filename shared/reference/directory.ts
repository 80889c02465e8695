import { internal } from '#shared/platform/errors';
import {
  CENTRAL_ORG_CODE,
  CENTRAL_UNIT_ORG_CODE,
  findOrg,
  type Org,
  provincialUnits,
  regionsOf,
} from '#shared/reference/orgs';
import type { Department } from '#shared/reference/roles';

/**
 * The staff directory: who is the contact of a department in an organisation. In this first version it is
 * reference data derived by rule (one contact per department and organisation); in AWS the same people are
 * the Cognito users, and the local development issuer signs tokens for exactly these entries.
 */
export interface Contact {
  userId: string;
  name: string;
  email: string;
  orgCode: string;
  tier: Org['tier'];
  department: Department;
}

const DEPARTMENT_NAMES: Record<string, string> = {
  finance: '财政部门',
  'hrss-admin': '人社行政部门',
  'medsec-admin': '医保行政部门',
  'hrss-agency': '人社经办机构',
  'medsec-agency': '医保经办机构',
  tax: '税务部门',
  'third-party': '第三方评价机构',
};

export const MAIL_DOMAIN = 'sifpm.example.cn';

export function contactOf(orgCode: string, department: Department): Contact | undefined {
  const org = findOrg(orgCode);
  if (!org) return undefined;
  const userId = `${department}.${orgCode}`;
  return {
    userId,
    name: `${org.name.zh}${DEPARTMENT_NAMES[department] ?? department}联系人`,
    email: `${userId}@${MAIL_DOMAIN}`,
    orgCode,
    tier: org.tier,
    department,
  };
}

const STAFF_DEPARTMENTS: Department[] = [
  'finance',
  'hrss-admin',
  'medsec-admin',
  'hrss-agency',
  'medsec-agency',
  'tax',
];

/** Every seeded contact: central, the central unit, each provincial unit and each pooling region, by department. */
export function directory(): Contact[] {
  const orgs = [
    CENTRAL_ORG_CODE,
    CENTRAL_UNIT_ORG_CODE,
    ...provincialUnits().flatMap((p) => [p.code, ...regionsOf(p.code).map((r) => r.code)]),
  ];
  const contacts = orgs.flatMap((code) =>
    STAFF_DEPARTMENTS.map((d) => contactOf(code, d)).filter((c) => c !== undefined),
  );
  const thirdParty = contactOf(CENTRAL_ORG_CODE, 'third-party');
  return thirdParty ? [...contacts, thirdParty] : contacts;
}

export function findContact(userId: string): Contact | undefined {
  const m = /^([a-z-]+)\.(\d{6})$/.exec(userId);
  return m ? contactOf(m[2] as string, m[1] as Department) : undefined;
}

/** The contact of a department in an organisation, or a 500 `NO_CONTACT`: the directory is derived by rule. */
export function requireContact(orgCode: string, department: Department): Contact {
  const contact = contactOf(orgCode, department);
  if (!contact) {
    throw internal(
      'NO_CONTACT',
      {
        zh: `未找到 ${orgCode} 的${DEPARTMENT_NAMES[department] ?? department}联系人`,
        en: `No ${department} contact for ${orgCode}`,
      },
      { org: orgCode, department },
    );
  }
  return contact;
}

/** The contact behind a user id, or a 500 `UNKNOWN_USER`. */
export function requireUserContact(userId: string): Contact {
  const contact = findContact(userId);
  if (!contact) throw internal('UNKNOWN_USER', { zh: `未知用户 ${userId}`, en: `Unknown user ${userId}` }, { userId });
  return contact;
}
