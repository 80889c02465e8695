import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DirectoryImport, EmailClaim, Person, SeedMark } from '#shared/directory/records';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';
import { conflict } from '#shared/platform/errors';
import {
  type Actor,
  auditPut,
  getRecord,
  getRecords,
  isConditionFailure,
  queryAll,
  type TransactItems,
  transactWrite,
  updateWrites,
  versionConflict,
} from '#shared/platform/records';
import { indexKeys, type Key, keys, patterns } from '#shared/platform/table';

/**
 * The directory's store: people, the claim of each e-mail address, the seed mark. Every write is audited in the
 * person's chain; creates are conditional on absence, updates on the version read.
 */

const emailTaken = (email: string) =>
  conflict(
    'EMAIL_TAKEN',
    { zh: '该电子邮箱地址已登记给其他人员', en: 'That e-mail address belongs to another person' },
    { field: 'email', email },
  );

export const personKey = (id: string): Key => keys.person(id);

export async function readPerson(id: string): Promise<Person | undefined> {
  const item = await getRecord(keys.person(id));
  return item === undefined ? undefined : Person.parse(item);
}

/** The person an e-mail address is claimed by, if any. */
export async function personIdByEmail(email: string): Promise<string | undefined> {
  const item = await getRecord(keys.personEmail(email));
  return item === undefined ? undefined : EmailClaim.parse(item).personId;
}

/** Those of these people who exist, by id (an import's rows written by an earlier attempt). */
export async function readPeople(ids: string[]): Promise<Map<string, Person>> {
  const items = await getRecords(ids.map((id) => keys.person(id)));
  return new Map(items.map((item) => Person.parse(item)).map((p) => [p.id, p]));
}

/** Who holds each of these addresses, where someone does: address → person id. */
export async function emailOwners(emails: string[]): Promise<Map<string, string>> {
  const items = await getRecords(emails.map((e) => keys.personEmail(e)));
  return new Map(
    items.map((item) => [String(item.pk).replace(/^EMAIL#/, ''), EmailClaim.parse(item).personId] as const),
  );
}

/** The person a subject of the identity provider signs in as (the index is eventually consistent: re-read the person). */
export async function personIdBySubject(subject: string): Promise<string | undefined> {
  const [item] = await queryAll(patterns.personBySubject(subject));
  return item === undefined ? undefined : Person.parse(item).id;
}

/** An organisation's staff, of one department if given (an index read). */
export async function queryStaff(org: string, department?: string): Promise<Person[]> {
  return (await queryAll(patterns.staff(org, department))).map((item) => Person.parse(item));
}

const indexOf = (p: Pick<Person, 'orgCode' | 'department' | 'id' | 'subject'>) =>
  indexKeys.person(p.orgCode, p.department, p.id, p.subject);

function claimPut(email: string, personId: string) {
  return {
    Put: {
      TableName: config().SIFPM_TABLE,
      Item: { ...keys.personEmail(email), personId },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Create a person and claim their address, in one transaction; 409 EMAIL_TAKEN when the address is claimed. */
export async function createPerson(person: Person, actor: Actor, action = 'directory.create'): Promise<void> {
  const TableName = config().SIFPM_TABLE;
  try {
    await transactWrite([
      {
        Put: { TableName, Item: { ...person, ...indexOf(person) }, ConditionExpression: 'attribute_not_exists(pk)' },
      },
      claimPut(person.email, person.id),
      auditPut({ entity: personKey(person.id), actor, action, after: person }),
    ]);
  } catch (e) {
    if (isConditionFailure(e)) throw emailTaken(person.email);
    throw e;
  }
}

/** A transaction holds at most 100 items; a person takes four (the person, the claim, an audit entry, its head). */
export const PEOPLE_PER_TRANSACTION = 25;

/**
 * Create several people and claim their addresses in one transaction (at most `PEOPLE_PER_TRANSACTION`), each
 * audited in their own chain: all of them or none. 409 EMAIL_TAKEN (details without the address: the caller
 * finds which) when any address is claimed or any person exists meanwhile.
 */
export async function createPeople(people: Person[], actor: Actor, action: string): Promise<void> {
  if (people.length > PEOPLE_PER_TRANSACTION) throw new RangeError('too many people for one transaction');
  const TableName = config().SIFPM_TABLE;
  try {
    await transactWrite(
      people.flatMap((person) => [
        {
          Put: { TableName, Item: { ...person, ...indexOf(person) }, ConditionExpression: 'attribute_not_exists(pk)' },
        },
        claimPut(person.email, person.id),
        auditPut({ entity: personKey(person.id), actor, action, after: person }),
      ]),
    );
  } catch (e) {
    if (isConditionFailure(e))
      throw conflict('EMAIL_TAKEN', {
        zh: '导入期间有电子邮箱地址已登记给其他人员，请重新导入',
        en: 'An address was claimed meanwhile; import again',
      });
    throw e;
  }
}

/**
 * Change a person at the version read (their index keys follow their organisation, department and subject; a new
 * address moves the claim). 409 VERSION_CONFLICT when changed meanwhile, 409 EMAIL_TAKEN when the address is claimed.
 */
export async function updatePerson(
  current: Person,
  changes: Partial<Omit<Person, 'pk' | 'sk' | 'id' | 'version'>>,
  actor: Actor,
  action: string,
): Promise<Person> {
  const next = { ...current, ...changes };
  const index = indexOf(next);
  const writes: TransactItems = [...updateWrites(current, { ...changes, ...index }, { actor, action })];
  const TableName = config().SIFPM_TABLE;
  const moved = next.email !== current.email;
  if (moved) {
    writes.push(claimPut(next.email, current.id), {
      Delete: {
        TableName,
        Key: keys.personEmail(current.email),
        ConditionExpression: 'personId = :me',
        ExpressionAttributeValues: { ':me': current.id },
      },
    });
  }
  try {
    await transactWrite(writes);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
    if (moved && (await personIdByEmail(next.email)) !== undefined) throw emailTaken(next.email);
    throw versionConflict(current, e);
  }
  return { ...next, version: current.version + 1 };
}

/** The record of a completed import of the file with this SHA-256, if any. */
export async function readImport(sha: string): Promise<DirectoryImport | undefined> {
  const item = await getRecord(keys.directoryImport(sha));
  return item === undefined ? undefined : DirectoryImport.parse(item);
}

/**
 * Record a completed import, audited, once: a second record of the same file (a retry that raced the first) is
 * dropped — the people it names are the same, their ids being derived from the file.
 */
export async function recordImport(record: Omit<DirectoryImport, 'pk' | 'sk'>, actor: Actor): Promise<void> {
  const item = DirectoryImport.parse({ ...keys.directoryImport(record.sha256), ...record });
  try {
    await transactWrite([
      { Put: { TableName: config().SIFPM_TABLE, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      auditPut({ entity: keys.directoryImport(record.sha256), actor, action: 'directory.import', after: record }),
    ]);
  } catch (e) {
    if (!isConditionFailure(e)) throw e;
  }
}

/** Whether the seed was written (the local default writes it once per data folder). */
export async function seedWritten(): Promise<boolean> {
  return (await getRecord(keys.directorySeed())) !== undefined;
}

/**
 * Write the seed: every person and their address claim in batches, then the mark with one audit entry for the
 * whole seed (its count). Only for an empty directory (the local default's first start); a retried seed rewrites
 * the same items.
 */
export async function writeSeed(people: Person[], at: string): Promise<void> {
  const TableName = config().SIFPM_TABLE;
  const items = people.flatMap((p) => [
    { ...p, ...indexOf(p) },
    { ...keys.personEmail(p.email), personId: p.id },
  ]);
  for (let i = 0; i < items.length; i += 25) {
    let RequestItems: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [TableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    // what the table leaves unprocessed is sent again
    while (RequestItems && Object.keys(RequestItems).length) {
      const out = await aws().ddb.send(new BatchWriteCommand({ RequestItems }));
      RequestItems = out.UnprocessedItems as typeof RequestItems;
    }
  }
  const mark = SeedMark.parse({ ...keys.directorySeed(), people: people.length, at });
  await transactWrite([
    { Put: { TableName, Item: mark } },
    auditPut({
      entity: keys.directorySeed(),
      actor: { id: 'system:seed' },
      action: 'directory.seed',
      after: { people: people.length },
    }),
  ]);
}
