import { z } from 'zod';
import { Group } from '#shared/directory/records';

/**
 * The stored items of the tasks wing, as zod schemas: what the store reads is parsed, not cast. An action is
 * `ACTION#<sha-256 of the action id>` / `ACTION` (keys in `platform/table.ts`); the Step Functions token never
 * leaves the server.
 */
const Bilingual = z.object({ zh: z.string(), en: z.string() });
const Key = z.object({ pk: z.string(), sk: z.string() });

export const TaskStatus = z.enum(['open', 'used', 'superseded']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskSubject = z.object({
  kind: z.string(),
  /** the record the task decides about */
  record: Key,
  year: z.number(),
  org: z.string(),
  fund: z.string().optional(),
  title: Bilingual,
});
export type TaskSubject = z.infer<typeof TaskSubject>;

export const ActionRecord = Key.extend({
  hash: z.string(),
  token: z.string(),
  subject: TaskSubject,
  step: z.string(),
  decisions: z.array(z.string()),
  /** who may open and decide it: the group's active members (DESIGN: tasks go to persons) */
  group: Group,
  /** handed to one member (by the group's lead, or a delegation to a third party): only they, and their deputy */
  assignedTo: z.object({ userId: z.string(), name: z.string() }).optional(),
  /** who decided, once used: the others' links say so */
  decidedBy: z.object({ userId: z.string(), name: z.string() }).optional(),
  status: TaskStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  due: z.string().optional(),
  usedAt: z.string().optional(),
  decision: z.string().optional(),
  /** superseded by a reminder (the same step in the same hands): the action its link now opens */
  forward: z.string().optional(),
  /** the first action of a chain of reminders, which forwards to the newest */
  root: z.string().optional(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

/** The pointer from a record to its open action (`<record pk>` / `OPENTASK#<record sk>`). */
export const OpenTaskPointer = Key.extend({ hash: z.string(), step: z.string() });
export type OpenTaskPointer = z.infer<typeof OpenTaskPointer>;

/** What kind of task mail it is: a new task, a reminder before its deadline, or one after it. */
export const MailKind = z.enum(['task', 'reminder', 'overdue']);
export type MailKind = z.infer<typeof MailKind>;

/**
 * A task mail waiting for its person's daily digest (`DIGESTS` / `<person>#<at>#<hash>`): what the mail would have
 * said and its link. Deleted once the digest is sent; an entry whose task is no longer open by then is dropped.
 */
export const DigestEntry = Key.extend({
  person: z.string(),
  email: z.string(),
  kind: MailKind,
  subject: Bilingual,
  url: z.string(),
  hash: z.string(),
  at: z.string(),
});
export type DigestEntry = z.infer<typeof DigestEntry>;
