/**
 * Importing an Excel staff list (人员名单导入) into the directory. Every row is checked exactly as one person added
 * through the API (`checkNewPerson`: the management policy and the fields' rules), plus e-mail addresses repeated
 * within the file or already in the directory; every refusal names its cell. Nothing is written when any row is
 * refused. Crash-safe: a row's person id is derived from the file's SHA-256 and the row, so an import that stopped
 * part-way is completed by importing the same file again (rows already written are skipped), and the completed
 * import is recorded once (`DIRECTORY#IMPORT#<sha>`, audited).
 */
import { createHash } from 'node:crypto';
import { actorOf, checkNewPerson, emailTaken, provision } from '#shared/directory/directory';
import { type Person, PersonFields } from '#shared/directory/records';
import {
  type CellError,
  parseStaffList,
  STAFF_COLUMNS,
  type StaffColumn,
  type StaffRow,
} from '#shared/directory/staff-list';
import {
  createPeople,
  emailOwners,
  PEOPLE_PER_TRANSACTION,
  personKey,
  readImport,
  readPeople,
  recordImport,
} from '#shared/directory/store';
import { now } from '#shared/platform/clock';
import { type Bilingual, isAppError, notFound, unprocessable } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import type { FundLine } from '#shared/reference/funds';
import { findOrg, regionsOf } from '#shared/reference/orgs';
import { DEPARTMENT_LABELS, type Department, STAFF_FUNCTION_LABELS, type StaffFunction } from '#shared/reference/roles';

export interface ImportResult {
  sha256: string;
  /** rows in the file */
  rows: number;
  /** people written by this request */
  created: number;
  /** rows written by an earlier attempt of the same file */
  skipped: number;
  people: string[];
}

/** The id of the person a row of a file becomes: the same for the same file and row, on every attempt. */
export const importedPersonId = (sha: string, row: number) =>
  `p-${createHash('sha256').update(`${sha}:${row}`).digest('hex').slice(0, 12)}`;

const LINES: Record<string, FundLine> = { 人社: 'hrss', 医保: 'medsec', hrss: 'hrss', medsec: 'medsec' };
const byLabel = <K extends string>(labels: Record<K, Bilingual>) =>
  new Map<string, K>(
    (Object.entries(labels) as [K, Bilingual][]).flatMap(([k, l]) => [
      [k, k],
      [l.zh, k],
    ]),
  );
const DEPARTMENTS = byLabel<Department>(DEPARTMENT_LABELS);
const FUNCTIONS = byLabel<StaffFunction>(STAFF_FUNCTION_LABELS);

const split = (s: string) =>
  s
    .split(/[,，、;；]/)
    .map((x) => x.trim())
    .filter(Boolean);

/** A day written in the list (YYYY-MM-DD, or YYYY/M/D) as the start of that day in China; undefined if not a day. */
function dayOf(s: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]?.padStart(2, '0')}-${m[3]?.padStart(2, '0')}`;
  const at = `${iso}T00:00:00+08:00`;
  return Number.isNaN(Date.parse(at)) || new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10) !== iso
    ? undefined
    : at;
}

/** The zod message of the directory's schemas is `中文 · English`. */
function bilingual(message: string, fallback: Bilingual): Bilingual {
  const [zh, en] = message.split(' · ');
  return zh && en ? { zh, en } : fallback;
}

const label = (key: StaffColumn) => STAFF_COLUMNS.find((c) => c.key === key) ?? STAFF_COLUMNS[0];

/** 404 for an unknown organisation, 403 unless the principal may manage its staff (before the file is looked at). */
export function assertMayImport(principal: Principal, org: string): void {
  if (!findOrg(org)) throw notFound({ zh: '单位不存在', en: 'No such organisation' }, { org });
  authorize(principal, 'directory.manage', org);
}

/**
 * Import a staff list into `org` (its own staff and, for a province, its regions'). 403 before the file is read
 * when the principal may not manage `org`; 422 `IMPORT_REFUSED` with `details.errors` (one per cell) when any row
 * is refused, nothing written; otherwise every row is written (or found written by an earlier attempt).
 */
export async function importStaff(principal: Principal, org: string, file: Buffer): Promise<ImportResult> {
  assertMayImport(principal, org);
  const sha = createHash('sha256').update(file).digest('hex');
  const done = await readImport(sha);
  if (done?.org === org)
    return { sha256: sha, rows: done.rows, created: 0, skipped: done.people.length, people: done.people };

  const parsed = await parseStaffList(file, {});
  if (!parsed.ok) throw refused(parsed.errors);
  const { sheet } = parsed;
  const errors: CellError[] = [];
  const within = new Set([org, ...regionsOf(org).map((r) => r.code)]);
  const seen = new Map<string, string>(); // address → the cell it was first given in
  const candidates: { row: StaffRow; person: Person; fail: Fail }[] = [];
  const at = now().toISOString();

  for (const row of parsed.rows) {
    const rowErrors: CellError[] = [];
    const fail = (key: StaffColumn, code: string, message: Bilingual, into = rowErrors) =>
      into.push({
        sheet,
        cell: row.values[key]?.cell ?? row.cells[key] ?? `A${row.row}`,
        code,
        message: {
          zh: `${label(key).zh}：${message.zh}`,
          en: `${label(key).en}: ${message.en}`,
        },
      });
    const v = (key: StaffColumn) => row.values[key]?.text;
    // an address given twice in the file: the later cell is refused, whatever else is wrong with either row
    const address = v('email')?.toLowerCase();
    const first = address === undefined ? undefined : seen.get(address);
    if (address !== undefined && first) {
      fail('email', 'EMAIL_REPEATED', { zh: `与 ${first} 的电子邮箱重复`, en: `the same address as ${first}` });
    } else if (address !== undefined) {
      seen.set(address, row.values.email?.cell ?? row.cells.email);
    }
    for (const c of STAFF_COLUMNS) {
      if (c.required && v(c.key) === undefined) {
        fail(c.key, 'VALUE_MISSING', { zh: '必填', en: 'required' });
      }
    }
    const department = v('department') === undefined ? undefined : DEPARTMENTS.get(v('department') as string);
    if (v('department') !== undefined && !department) {
      fail('department', 'UNKNOWN_DEPARTMENT', {
        zh: `“${v('department')}”不是部门名称，请从列表中选择`,
        en: `"${v('department')}" is not a department; choose one from the list`,
      });
    }
    const functionLabels = split(v('functions') ?? '');
    const functions = functionLabels.map((f) => FUNCTIONS.get(f));
    const unknownFunction = functionLabels.find((_, i) => !functions[i]);
    if (unknownFunction) {
      fail('functions', 'UNKNOWN_FUNCTION', {
        zh: `“${unknownFunction}”不是岗位职能（可选：${Object.values(STAFF_FUNCTION_LABELS)
          .map((l) => l.zh)
          .join('、')}）`,
        en: `"${unknownFunction}" is not a function`,
      });
    }
    const lineLabels = split(v('lines') ?? '');
    const lines = lineLabels.map((l) => LINES[l]);
    if (lines.some((l) => !l)) {
      fail('lines', 'UNKNOWN_LINE', { zh: '险种条线须为“人社”或“医保”', en: 'a fund line is 人社 or 医保' });
    }
    const dates: Partial<Record<'activeFrom' | 'activeUntil', string>> = {};
    for (const key of ['activeFrom', 'activeUntil'] as const) {
      const s = v(key);
      if (s === undefined) continue;
      const d = dayOf(s);
      if (d) dates[key] = d;
      else
        fail(key, 'NOT_A_DATE', { zh: `“${s}”不是日期（如 2026-01-01）`, en: `"${s}" is not a day (e.g. 2026-01-01)` });
    }
    const orgCode = v('orgCode') ?? '';
    if (orgCode && !within.has(orgCode)) {
      fail('orgCode', 'OUTSIDE_IMPORT', {
        zh: `单位代码 ${orgCode} 不属于本次导入的单位 ${org} 及其统筹地区`,
        en: `${orgCode} is neither ${org} nor one of its regions`,
      });
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const input = {
      name: v('name'),
      email: v('email'),
      ...(v('mobile') ? { mobile: v('mobile') } : {}),
      orgCode,
      department,
      ...(lines.length ? { lines } : {}),
      functions,
      activeFrom: dates.activeFrom ?? at,
      ...(dates.activeUntil ? { activeUntil: dates.activeUntil } : {}),
    };
    const fields = PersonFields.safeParse(input);
    if (!fields.success) {
      const byField = new Set<string>();
      for (const issue of fields.error.issues) {
        const key = String(issue.path[0] ?? 'name') as StaffColumn;
        const cell = row.values[key]?.cell ?? row.cells[key];
        if (byField.has(cell)) continue;
        byField.add(cell);
        fail(key, 'INVALID_VALUE', bilingual(issue.message, { zh: '取值不正确', en: 'not a valid value' }));
      }
      errors.push(...rowErrors);
      continue;
    }
    // the one check of a new person: the management policy, then the fields' rules
    try {
      checkNewPerson(principal, fields.data);
    } catch (e) {
      if (!isAppError(e)) throw e;
      const field = (e.details as { field?: string } | undefined)?.field as StaffColumn | undefined;
      const key: StaffColumn = field && STAFF_COLUMNS.some((c) => c.key === field) ? field : 'orgCode';
      fail(key, e.code === 'FORBIDDEN' ? ((e.details as { code?: string })?.code ?? e.code) : e.code, e.bilingual);
      errors.push(...rowErrors);
      continue;
    }
    const id = importedPersonId(sha, row.row);
    candidates.push({
      row,
      fail,
      person: { ...fields.data, ...personKey(id), id, version: 1, updatedAt: at, updatedBy: principal.userId },
    });
  }
  // against the directory, in batched reads: a row written by an earlier attempt of this file is kept; an address
  // another person holds is refused
  const written = await readPeople(candidates.map((c) => c.person.id));
  const owners = await emailOwners(candidates.filter((c) => !written.has(c.person.id)).map((c) => c.person.email));
  const people = candidates.map((c) => ({ ...c, written: written.has(c.person.id) }));
  for (const c of people) {
    const owner = owners.get(c.person.email);
    if (!c.written && owner && owner !== c.person.id) c.fail('email', 'EMAIL_TAKEN', emailTaken().bilingual, errors);
  }
  errors.sort((a, b) => rowOf(a.cell) - rowOf(b.cell) || columnOf(a.cell) - columnOf(b.cell));
  if (errors.length) throw refused(errors);

  const actor = actorOf(principal);
  const fresh = people.filter((p) => !p.written).map((p) => p.person);
  // in transactions of several people each, all of a batch or none: a crash between batches is completed by
  // importing the same file again
  for (let i = 0; i < fresh.length; i += PEOPLE_PER_TRANSACTION) {
    await createPeople(fresh.slice(i, i + PEOPLE_PER_TRANSACTION), actor, 'directory.import');
  }
  // accounts for the new people, and for those an attempt cut short wrote but did not provision (not for anyone
  // deactivated since: provisioning re-enables an account)
  const unprovisioned = [...written.values()].filter((p) => !p.subject && !p.deactivatedAt);
  await mapLimited([...fresh, ...unprovisioned], PROVISIONS_AT_ONCE, (person) => provision(person, actor));
  const created = fresh.length;
  const ids = people.map((p) => p.person.id);
  await recordImport({ sha256: sha, org, rows: parsed.rows.length, people: ids, at, by: principal.userId }, actor);
  return { sha256: sha, rows: parsed.rows.length, created, skipped: people.length - created, people: ids };
}

type Fail = (key: StaffColumn, code: string, message: Bilingual, into?: CellError[]) => void;

/** How many accounts are provisioned at the identity provider at once. */
const PROVISIONS_AT_ONCE = 8;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const rowOf = (cell: string) => Number(/\d+$/.exec(cell)?.[0] ?? 0);
const columnOf = (cell: string) =>
  [...(/^[A-Z]+/.exec(cell)?.[0] ?? '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

const refused = (errors: CellError[]) =>
  unprocessable(
    'IMPORT_REFUSED',
    { zh: '名单未导入：请按所列单元格修改后重新导入', en: 'Nothing was imported: correct the cells listed and retry' },
    { errors },
  );
