import { z } from 'zod';
import { FundLine } from '#shared/reference/funds';
import { OrgCode } from '#shared/reference/orgs';
import { Department, StaffFunction } from '#shared/reference/roles';

/**
 * The stored items of the staff directory, as zod schemas: what the store reads is parsed, not cast. A person is
 * `PERSON#<id>` / `PERSON`, listed in their organisation (gsi1 `ORG#<org>`, `STAFF#<department>#<id>`) and found by
 * the subject their identity provider signs them in as (gsi2 `SUBJECT#<subject>`); their e-mail address is claimed
 * by `EMAIL#<address>` so that no two people share one.
 */
const Key = z.object({ pk: z.string(), sk: z.string() });

export const PersonId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{2,47}$/, { message: '人员编号格式不正确 · Not a person id' })
  .meta({ description: 'A person’s id in the directory' });

/** A candidate group of a human step: the active people of a department of an organisation with the step's function. */
export const Group = z.object({
  org: OrgCode,
  department: Department,
  /** the fund the step is about: members must serve its line */
  fund: z.string().optional(),
  function: StaffFunction,
});
export type Group = z.infer<typeof Group>;

/** A day or an instant, as ISO 8601. */
const Instant = z.iso.datetime({ offset: true });

/** A deputy covers a person’s tasks in the same group for a bounded time (代理). */
export const Deputy = z.object({ userId: PersonId, until: Instant, since: Instant });
export type Deputy = z.infer<typeof Deputy>;

/** What an administrator writes about a person (create and update). */
export const PersonFields = z.object({
  name: z
    .string()
    .trim()
    .min(2, { message: '姓名至少 2 个字 · Name too short' })
    .max(20, { message: '姓名最多 20 个字 · Name too long' }),
  email: z.email({ message: '电子邮箱地址格式不正确 · Not an e-mail address' }).max(120).toLowerCase(),
  mobile: z
    .string()
    .regex(/^1[3-9]\d{9}$/, { message: '手机号码须为 11 位数字 · A mobile number has 11 digits' })
    .optional(),
  orgCode: OrgCode,
  department: Department,
  /** where the department serves more than one fund line: the lines this person serves (absent: all) */
  lines: z.array(FundLine).min(1).optional(),
  functions: z.array(StaffFunction).min(1, { message: '至少选择一项岗位职能 · Choose at least one function' }),
  activeFrom: Instant,
  activeUntil: Instant.optional(),
  /** the identity provider’s subject (Cognito `sub`, or the unified identity platform’s user id) */
  subject: z.string().min(1).max(128).optional(),
});
export type PersonFields = z.infer<typeof PersonFields>;

export const Person = Key.extend(PersonFields.shape).extend({
  id: PersonId,
  version: z.number().int().positive(),
  deactivatedAt: Instant.optional(),
  deputy: Deputy.optional(),
  updatedAt: Instant,
  updatedBy: z.string(),
});
export type Person = z.infer<typeof Person>;

export const EmailClaim = Key.extend({ personId: PersonId });

/** One completed import of an Excel staff list (人员名单导入): the file by its SHA-256, who imported it, whom it added. */
export const DirectoryImport = Key.extend({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  org: OrgCode,
  rows: z.number().int().nonnegative(),
  people: z.array(PersonId),
  at: Instant,
  by: z.string(),
});
export type DirectoryImport = z.infer<typeof DirectoryImport>;

export const SeedMark = Key.extend({ people: z.number().int(), at: Instant });

/** The API's input for a new person: strict (an unknown field is refused); `activeFrom` defaults to now. */
export const PersonInput = z.strictObject({ ...PersonFields.shape, activeFrom: Instant.optional() });
/** The API's changes to a person: any of the fields an administrator writes, strict. */
export const PersonChanges = z.strictObject(PersonFields.shape).partial();
