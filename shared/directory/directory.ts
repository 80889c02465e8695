import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { forgetPerson } from '#shared/directory/principal';
import type { Deputy, Person, PersonFields, PersonId } from '#shared/directory/records';
import { type Group, isActive, isMember, toPrincipal } from '#shared/directory/rules';
import {
  createPerson,
  personIdByEmail,
  personIdBySubject,
  personKey,
  queryStaff,
  readPerson,
  updatePerson,
} from '#shared/directory/store';
import { disableAccount, provisionAccount } from '#shared/platform/accounts';
import { now, nowMs } from '#shared/platform/clock';
import { conflict, forbidden, notFound, unprocessable } from '#shared/platform/errors';
import { type Mail, sendMail } from '#shared/platform/mail';
import type { Actor } from '#shared/platform/records';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { CENTRAL_ORG_CODE, findOrg, getOrg } from '#shared/reference/orgs';
import { type Department, departmentLines, type StaffFunction } from '#shared/reference/roles';

/**
 * The staff directory (人员名录): who works where, in which department, on which fund lines, with which functions,
 * and when. It decides who a principal is (`principal.ts`) and who a task goes to (`membersOf`). Central finance's
 * directory administrators manage central staff and name each provincial unit's administrators; a provincial
 * administrator manages its own and its regions' staff; nobody manages their own entry.
 */
export type { Person, PersonFields } from '#shared/directory/records';
export { deputyOf, type Group, groupKey, groupKeysOf, isActive, isMember, toPrincipal } from '#shared/directory/rules';

/** The active members of a group (an index read: a person added a moment ago may be missing for a moment). */
export async function membersOf(g: Group): Promise<Person[]> {
  const at = nowMs();
  return (await queryStaff(g.org, g.department)).filter((p) => isActive(p, at) && isMember(p, g));
}

/** A person of the directory by id, as stored (active or not). */
export const readPersonOf = (id: string): Promise<Person | undefined> => readPerson(id);

/** Whom the department's notices reach: its active leads (负责人), or every active member when none is named. */
export async function noticeRecipients(org: string, department: Department, fund?: string): Promise<Person[]> {
  const at = nowMs();
  const staff = (await queryStaff(org, department)).filter(
    (p) => isActive(p, at) && (!fund || p.lines === undefined || p.lines.includes(getFund(fund).line)),
  );
  const leads = staff.filter((p) => p.functions.includes('lead'));
  return leads.length ? leads : staff;
}

/** The person as a principal, when they are active now (an asynchronous step acting for them, e.g. an upload). */
export async function activePrincipal(id: string): Promise<Principal | undefined> {
  const p = await readPerson(id);
  return p && isActive(p, nowMs()) ? toPrincipal(p) : undefined;
}

// --- administration ------------------------------------------------------------------------------------------------

export const actorOf = (p: Principal): Actor => ({ id: p.userId, orgCode: p.orgCode });

const noSuchPerson = (id: string) =>
  notFound({ zh: '名录中没有该人员', en: 'No such person in the directory' }, { id });

/**
 * May the principal manage this entry (before and after the change)? The one policy first (`directory.manage`: a
 * finance directory administrator, in scope), then the directory's own rules.
 */
function assertMayManage(principal: Principal, org: string, before: Person | undefined, after: PersonFields) {
  authorize(principal, 'directory.manage', org);
  if (after.orgCode !== org) authorize(principal, 'directory.manage', after.orgCode);
  if (before && before.id === principal.userId) {
    throw forbidden(
      { zh: '不能管理本人的名录信息', en: 'Nobody manages their own entry' },
      { code: 'SELF_MANAGEMENT' },
    );
  }
  const admin = (p: { functions: StaffFunction[] } | undefined) => p?.functions.includes('directory-admin') ?? false;
  const tierOf = (code: string) => getOrg(code).tier;
  if (principal.tier === 'central') {
    // central manages central staff, and only the provincial units' directory administrators
    const local = [org, after.orgCode].some((c) => tierOf(c) !== 'central');
    if (local && !(admin(before) || admin(after))) {
      throw forbidden(
        {
          zh: '中央层面只管理中央人员及各省名录管理员',
          en: 'Central manages central staff and provincial administrators only',
        },
        { code: 'NOT_YOURS_TO_MANAGE', field: 'orgCode' },
      );
    }
    if (local && [org, after.orgCode].some((c) => tierOf(c) === 'region')) {
      throw forbidden(
        { zh: '统筹地区人员由省级名录管理员管理', en: 'Regional staff are managed by their province' },
        { code: 'NOT_YOURS_TO_MANAGE', field: 'orgCode' },
      );
    }
  } else if (admin(before) || admin(after)) {
    throw forbidden(
      { zh: '名录管理员由中央层面指定', en: 'Directory administrators are named by central' },
      { code: 'ADMINS_BY_CENTRAL', field: 'functions' },
    );
  }
}

/**
 * The one check of a new person, before anything is written: the management policy, then the fields' own rules.
 * `addPerson` and the Excel import (`import.ts`) both run it, so a row is refused exactly as one person would be.
 * Throws the first refusal (an AppError whose details may name the `field`).
 */
export function checkNewPerson(principal: Principal, fields: PersonFields): void {
  assertMayManage(principal, fields.orgCode, undefined, fields);
  checkFields(fields);
}

function checkFields(f: PersonFields) {
  const org = findOrg(f.orgCode);
  if (!org)
    throw unprocessable('UNKNOWN_ORG', { zh: '单位代码不存在', en: 'No such organisation' }, { field: 'orgCode' });
  if (f.department === 'third-party' && org.tier === 'region') {
    throw unprocessable(
      'THIRD_PARTY_TIER',
      { zh: '第三方机构只能登记在中央或省级', en: 'Third parties are registered by central or a province' },
      { field: 'department' },
    );
  }
  const served = departmentLines(f.department);
  if (f.lines?.some((l) => !served.includes(l))) {
    throw unprocessable(
      'LINE_NOT_SERVED',
      { zh: '所选险种条线不属于该部门', en: 'The department does not serve that fund line' },
      { field: 'lines' },
    );
  }
  if (f.activeUntil && Date.parse(f.activeUntil) <= Date.parse(f.activeFrom)) {
    throw unprocessable(
      'ACTIVE_PERIOD',
      { zh: '有效期结束须晚于开始', en: 'The active period must end after it starts' },
      { field: 'activeUntil' },
    );
  }
  if (f.functions.includes('directory-admin') && f.department !== 'finance') {
    throw unprocessable(
      'ADMIN_IN_FINANCE',
      { zh: '名录管理员须为财政部门人员', en: 'Directory administrators belong to finance' },
      { field: 'functions' },
    );
  }
}

/** A subject signs in as one person only: 409 SUBJECT_TAKEN when another person has it. */
async function assertSubjectFree(subject: string | undefined, id: string | undefined) {
  if (subject === undefined) return;
  const holder = await personIdBySubject(subject);
  if (holder !== undefined && holder !== id) {
    throw conflict(
      'SUBJECT_TAKEN',
      { zh: '该登录标识已对应其他人员', en: 'That sign-in subject belongs to another person' },
      { field: 'subject' },
    );
  }
}

/** What the API shows of a person: the entry without its keys. */
export function personView(p: Person) {
  const { pk: _pk, sk: _sk, ...view } = p;
  return { ...view, active: isActive(p, nowMs()) };
}
export type PersonView = ReturnType<typeof personView>;

export async function listStaff(principal: Principal, org: string) {
  authorize(principal, 'directory.read', org);
  if (!findOrg(org)) throw notFound({ zh: '单位不存在', en: 'No such organisation' }, { org });
  return (await queryStaff(org)).map(personView);
}

export async function getPerson(principal: Principal, id: string) {
  // the one policy first, on the caller alone (a third party reads no directory), then on the person's organisation
  authorize(principal, 'directory.read');
  const p = await readPerson(id);
  if (!p) throw noSuchPerson(id);
  authorize(principal, 'directory.read', p.orgCode);
  return personView(p);
}

const newId = () => `p-${randomBytes(6).toString('hex')}`;

/** Provision the person's account at the identity provider (Cognito in AWS; nothing elsewhere) and keep its subject. */
export async function provision(person: Person, actor: Actor): Promise<Person> {
  const { subject } = await provisionAccount({ id: person.id, email: person.email, name: person.name });
  if (!subject || subject === person.subject) return person;
  return updatePerson(person, { subject }, actor, 'directory.provision');
}

export const emailTaken = () =>
  conflict(
    'EMAIL_TAKEN',
    { zh: '该电子邮箱地址已登记给其他人员', en: 'That e-mail address belongs to another person' },
    { field: 'email' },
  );

export async function addPerson(principal: Principal, fields: PersonFields): Promise<PersonView> {
  checkNewPerson(principal, fields);
  await assertSubjectFree(fields.subject, undefined);
  const at = now().toISOString();
  const actor = actorOf(principal);
  const id = newId();
  const person: Person = {
    ...fields,
    ...personKey(id),
    id,
    version: 1,
    updatedAt: at,
    updatedBy: principal.userId,
  };
  await createPerson(person, actor);
  return personView(await provision(person, actor));
}

export async function changePerson(
  principal: Principal,
  id: string,
  version: number,
  changes: Partial<PersonFields>,
): Promise<PersonView> {
  const current = await readPerson(id);
  if (!current) throw noSuchPerson(id);
  const {
    pk: _pk,
    sk: _sk,
    id: _id,
    version: _v,
    deactivatedAt: _d,
    deputy: _dep,
    updatedAt: _u,
    updatedBy: _b,
    ...fields
  } = current;
  const after = { ...fields, ...changes };
  assertMayManage(principal, current.orgCode, current, after);
  checkFields(after);
  await assertSubjectFree(changes.subject, id);
  if (current.version !== version)
    throw conflict(
      'VERSION_CONFLICT',
      { zh: '记录已被他人修改，请刷新后重试', en: 'The record was changed meanwhile; reload and try again' },
      { expectedVersion: version },
    );
  const next = await updatePerson(
    current,
    { ...changes, updatedAt: now().toISOString(), updatedBy: principal.userId },
    actorOf(principal),
    'directory.update',
  );
  forgetPerson(id);
  return personView(next);
}

/** The person `id`, once `principal` may manage them (404 if unknown, 403 if not theirs to manage). */
async function managedPerson(principal: Principal, id: string) {
  const current = await readPerson(id);
  if (!current) throw noSuchPerson(id);
  const { pk: _pk, sk: _sk, ...fields } = current;
  assertMayManage(principal, current.orgCode, current, fields);
  return current;
}

export async function deactivatePerson(principal: Principal, id: string): Promise<PersonView> {
  const current = await managedPerson(principal, id);
  if (current.deactivatedAt) return personView(current);
  const at = now().toISOString();
  const next = await updatePerson(
    current,
    { deactivatedAt: at, updatedAt: at, updatedBy: principal.userId },
    actorOf(principal),
    'directory.deactivate',
  );
  forgetPerson(id);
  await disableAccount({ email: current.email });
  return personView(next);
}

/**
 * Bring a deactivated person back (a return from leave, a deactivation by mistake): refused from their next request no
 * longer, and their account re-enabled (Cognito) — the same person, id and history, not a new entry. Idempotent.
 */
export async function reactivatePerson(principal: Principal, id: string): Promise<PersonView> {
  const current = await managedPerson(principal, id);
  if (!current.deactivatedAt) return personView(current);
  const at = now().toISOString();
  const next = await updatePerson(
    current,
    { deactivatedAt: undefined, updatedAt: at, updatedBy: principal.userId },
    actorOf(principal),
    'directory.reactivate',
  );
  forgetPerson(id);
  return personView(await provision(next, actorOf(principal)));
}

/** Longest a deputy may cover someone (a quarter): an absence beyond that is a change of the directory. */
export const MAX_DEPUTY_DAYS = 92;

/**
 * A person away names a deputy of the same organisation and department for a bounded time; or their lead or an
 * administrator does. `deputy: null` ends it. Audited in the person's chain.
 */
export async function setDeputy(
  principal: Principal,
  id: string,
  body: { deputy: z.infer<typeof PersonId> | null; until?: string | undefined },
): Promise<PersonView> {
  const current = await readPerson(id);
  if (!current) throw noSuchPerson(id);
  const self = principal.userId === id;
  const lead =
    principal.orgCode === current.orgCode &&
    principal.department === current.department &&
    principal.functions.includes('lead');
  if (!self && !lead) {
    throw forbidden(
      { zh: '只有本人或部门负责人可以指定代理人', en: 'Only the person or their lead names a deputy' },
      { code: 'NOT_YOURS_TO_MANAGE' },
    );
  }
  const at = nowMs();
  let deputy: Deputy | undefined;
  if (body.deputy !== null) {
    const d = await readPerson(body.deputy);
    if (!d || d.id === id || d.orgCode !== current.orgCode || d.department !== current.department || !isActive(d, at)) {
      throw unprocessable(
        'DEPUTY_NOT_ELIGIBLE',
        { zh: '代理人须为同一单位同一部门的在岗人员', en: 'A deputy is an active colleague of the same department' },
        { field: 'deputy' },
      );
    }
    const until = Date.parse(body.until ?? '');
    if (!(until > at) || until > at + MAX_DEPUTY_DAYS * 86_400_000) {
      throw unprocessable(
        'DEPUTY_WINDOW',
        {
          zh: `代理期限须在未来 ${MAX_DEPUTY_DAYS} 天之内`,
          en: `The deputy's window ends within ${MAX_DEPUTY_DAYS} days`,
        },
        { field: 'until' },
      );
    }
    deputy = { userId: d.id, since: new Date(at).toISOString(), until: new Date(until).toISOString() };
  }
  const next = await updatePerson(
    current,
    { deputy, updatedAt: new Date(at).toISOString(), updatedBy: principal.userId },
    actorOf(principal),
    deputy ? 'directory.deputy' : 'directory.deputy-end',
  );
  forgetPerson(id);
  return personView(next);
}

/**
 * A new deployment's first central directory administrator (docs/DEPLOY.md): written by the operator's CLI, once —
 * refused when central finance already has an administrator.
 */
export async function bootstrapAdministrator(input: { name: string; email: string }): Promise<PersonView> {
  const at = nowMs();
  const existing = (await queryStaff(CENTRAL_ORG_CODE, 'finance')).filter(
    (p) => p.functions.includes('directory-admin') && isActive(p, at),
  );
  if (existing.length) {
    throw conflict(
      'ALREADY_BOOTSTRAPPED',
      { zh: '中央财政部门已有名录管理员', en: 'Central finance already has a directory administrator' },
      { ids: existing.map((p) => p.id) },
    );
  }
  if (await personIdByEmail(input.email)) {
    throw conflict(
      'EMAIL_TAKEN',
      { zh: '该电子邮箱地址已登记给其他人员', en: 'That e-mail address belongs to another person' },
      {
        field: 'email',
      },
    );
  }
  const id = newId();
  const since = new Date(at).toISOString();
  const person: Person = {
    ...personKey(id),
    id,
    name: input.name,
    email: input.email.toLowerCase(),
    orgCode: CENTRAL_ORG_CODE,
    department: 'finance',
    functions: ['directory-admin', 'lead'],
    activeFrom: since,
    version: 1,
    updatedAt: since,
    updatedBy: 'system:bootstrap',
  };
  const actor = { id: 'system:bootstrap' };
  await createPerson(person, actor, 'directory.bootstrap');
  return personView(await provision(person, actor));
}

/** Mail a department's notice to whom it reaches (`noticeRecipients`); returns their addresses. */
export async function mailDepartment(
  org: string,
  department: Department,
  mail: Omit<Mail, 'to'>,
  fund?: string,
): Promise<string[]> {
  const to = (await noticeRecipients(org, department, fund)).map((p) => p.email);
  for (const address of to) await sendMail({ ...mail, to: address });
  return to;
}
