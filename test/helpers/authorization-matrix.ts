import { type Action, type Department, mayPerform } from '#shared/reference/roles';

/**
 * The authorization matrix's own statement of who may call what (issue 14), independent of the handlers: the action
 * a route needs is looked up in the roles table (`mayPerform`, the table itself), scope and fund line are stated here
 * again from the rules (central all, a province itself and its regions, a region itself, a third party no
 * organisation; 人社 the hrss funds, 医保 the medical funds, finance and tax all).
 */
export type Tier = 'central' | 'province' | 'region';

export const CENTRAL = '100000';
export const GD = '440000';
export const [GZ, SZ, ZH] = ['440100', '440300', '440400'] as const; // 广州 深圳 珠海
export const JS = '320000';
export const NJ = '320100'; // 南京

/** The organisations the matrix uses: their tier and the organisation they report to. */
export const ORGS: Record<string, { tier: Tier; parent?: string }> = {
  [CENTRAL]: { tier: 'central' },
  [GD]: { tier: 'province', parent: CENTRAL },
  [GZ]: { tier: 'region', parent: GD },
  [SZ]: { tier: 'region', parent: GD },
  [ZH]: { tier: 'region', parent: GD },
  [JS]: { tier: 'province', parent: CENTRAL },
  [NJ]: { tier: 'region', parent: JS },
};

/** Which line each fund the matrix uses belongs to (第三条): 医保 the two medical funds, 人社 the rest. */
const LINE: Record<string, 'hrss' | 'medsec'> = {
  EEPI: 'hrss',
  URPI: 'hrss',
  PSPI: 'hrss',
  WII: 'hrss',
  UI: 'hrss',
  EBMI: 'medsec',
  URMI: 'medsec',
};

export const STAFF: Department[] = ['finance', 'hrss-admin', 'medsec-admin', 'hrss-agency', 'medsec-agency', 'tax'];

export interface Who {
  label: string;
  /** a seeded user id, for a token from the local issuer */
  id?: string;
  /** no token, or a token that must not authenticate */
  token?: 'none' | 'forged' | 'expired';
  tier?: Tier;
  department?: Department;
  org?: string;
}

/** Every staff department × the matrix's organisations, the two third parties, and the callers without a valid token. */
export function principals(): Who[] {
  const staff = Object.keys(ORGS)
    .filter((o) => o !== ZH)
    .flatMap((org) =>
      STAFF.map(
        (department): Who => ({
          label: `${department}.${org}`,
          id: `${department}.${org}`,
          tier: ORGS[org]?.tier as Tier,
          department,
          org,
        }),
      ),
    );
  const third = [CENTRAL, GD].map(
    (org): Who => ({
      label: `third-party.${org}`,
      id: `third-party.${org}`,
      tier: ORGS[org]?.tier as Tier,
      department: 'third-party',
      org,
    }),
  );
  return [
    ...staff,
    ...third,
    { label: 'anonymous', token: 'none' },
    { label: 'forged token', token: 'forged' },
    { label: 'expired token', token: 'expired' },
  ];
}

/** Scope, stated again: central all, a province itself and its regions, a region itself, a third party nothing. */
export function inScope(who: Who, org: string): boolean {
  if (who.department === 'third-party') return false;
  if (who.tier === 'central') return true;
  if (who.org === org) return true;
  return who.tier === 'province' && ORGS[org]?.parent === who.org;
}

/** Fund line, stated again: 人社 departments the hrss funds, 医保 departments the medical ones, the others all. */
export function serves(department: Department, fund: string): boolean {
  const line = LINE[fund];
  if (!line) throw new Error(`matrix: no line for fund ${fund}`);
  if (department === 'hrss-admin' || department === 'hrss-agency') return line === 'hrss';
  if (department === 'medsec-admin' || department === 'medsec-agency') return line === 'medsec';
  return true;
}

/**
 * What a route needs.
 * - `public`: anyone, no token; `self`: any signed-in caller (`/api/me`); `assignee`: the task's assignee only,
 *   and a third party only while its delegation of the item is open;
 * - an action of the roles table, with a scope: `none` (no organisation), `read` (the organisation within the
 *   caller's scope), `own` (the caller's own organisation: writes on one's own work), `caller` (the caller's own
 *   organisation implicitly; a third party has none); `fund`: the fund line too; `tiers`/`departments`: a
 *   further restriction the route states (e.g. only central publishes the national results); `central`: the
 *   action a central caller needs instead, on any organisation (a higher tier reopens any target);
 *   `thirdPartyList`: a third party is answered, with exactly its open grants (checked on its own).
 */
export type Need =
  | { kind: 'public' }
  | { kind: 'self' }
  | { kind: 'assignee' }
  | {
      kind: 'action';
      action: Action;
      scope: 'none' | 'read' | 'own' | 'caller';
      fund?: boolean;
      tiers?: Tier[];
      departments?: Department[];
      central?: Action;
      thirdPartyList?: boolean;
    };

export interface Sample {
  label: string;
  path: string;
  /** the organisation and fund the request names (path, query or body) */
  org?: string;
  fund?: string;
  body?: unknown;
  /** for task links: the assignee and whether its grant (if a third party's) is open */
  assignee?: string;
  open?: boolean;
  /** the third party holding an open delegation of the sample's item (it may read what the item holds) */
  delegate?: string;
  /** a sample whose need differs from the route's (e.g. the kind of an upload) */
  need?: Need;
}

/** The expected answer: does the policy let `who` make this request? */
export function expectedAllow(who: Who, need: Need, s: Sample): boolean {
  if (need.kind === 'public') return true;
  if (who.token) return false;
  if (need.kind === 'self') return true;
  if (need.kind === 'assignee') return who.id === s.assignee && s.open !== false;
  const { tier, department, org } = who as Required<Pick<Who, 'tier' | 'department' | 'org'>>;
  const higher = need.central !== undefined && tier === 'central';
  const action = higher ? (need.central as Action) : need.action;
  if (!mayPerform(tier, department, action)) return false;
  if (need.tiers && !need.tiers.includes(tier)) return false;
  if (need.departments && !need.departments.includes(department)) return false;
  if (need.fund && s.fund !== undefined && !serves(department, s.fund)) return false;
  if (department === 'third-party')
    return need.scope === 'none' || need.thirdPartyList === true || (s.delegate !== undefined && s.delegate === who.id);
  switch (need.scope) {
    case 'none':
    case 'caller':
      return true;
    case 'read':
      return inScope(who, s.org as string);
    case 'own':
      return higher || org === s.org;
  }
}
