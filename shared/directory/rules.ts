import type { Deputy, Group, Person } from '#shared/directory/records';
import type { Principal } from '#shared/reference/auth';
import { type FundLine, getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';
import { departmentLines, type StaffFunction } from '#shared/reference/roles';

/** The directory's pure rules: when a person is active, who they are as a principal, which group they belong to. */

export function isActive(person: Person, atMs: number): boolean {
  if (person.deactivatedAt) return false;
  if (Date.parse(person.activeFrom) > atMs) return false;
  return person.activeUntil === undefined || atMs < Date.parse(person.activeUntil);
}

export function toPrincipal(person: Person): Principal {
  return {
    userId: person.id,
    email: person.email,
    name: person.name,
    orgCode: person.orgCode,
    tier: getOrg(person.orgCode).tier,
    department: person.department,
    ...(person.lines ? { lines: person.lines } : {}),
    functions: person.functions,
  };
}

export type { Group } from '#shared/directory/records';

/** The group's key in the task lists (`TASKS#<key>`): its fund line rather than its fund. */
export const groupKey = (g: Group): string =>
  groupKeyOf(g.org, g.department, g.fund ? getFund(g.fund).line : '*', g.function);

export const groupKeyOf = (org: string, department: string, line: FundLine | '*', fn: StaffFunction): string =>
  [org, department, line, fn].join('#');

/** Every group key a principal belongs to (each function × each line they serve, and the groups of no fund). */
export function groupKeysOf(p: Pick<Principal, 'orgCode' | 'department' | 'lines' | 'functions'>): string[] {
  const lines: (FundLine | '*')[] = [...(p.lines ?? departmentLines(p.department)), '*'];
  return p.functions.flatMap((fn) => lines.map((line) => groupKeyOf(p.orgCode, p.department, line, fn)));
}

/** Whether a person is a member of the group now. */
export function isMember(person: Pick<Principal, 'orgCode' | 'department' | 'lines' | 'functions'>, g: Group): boolean {
  if (person.orgCode !== g.org || person.department !== g.department) return false;
  if (!person.functions.includes(g.function)) return false;
  return !g.fund || person.lines === undefined || person.lines.includes(getFund(g.fund).line);
}

/** Whether the person's deputy covers them now. */
export function deputyOf(person: Person | undefined, atMs: number): Deputy | undefined {
  const d = person?.deputy;
  return d && Date.parse(d.since) <= atMs && atMs < Date.parse(d.until) ? d : undefined;
}
