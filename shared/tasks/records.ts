import { z } from 'zod';

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
  assignee: z.object({ userId: z.string(), orgCode: z.string(), department: z.string(), email: z.string() }),
  status: TaskStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  due: z.string().optional(),
  usedAt: z.string().optional(),
  decision: z.string().optional(),
});
export type ActionRecord = z.infer<typeof ActionRecord>;

/** The pointer from a record to its open action (`<record pk>` / `OPENTASK#<record sk>`). */
export const OpenTaskPointer = Key.extend({ hash: z.string(), step: z.string() });
export type OpenTaskPointer = z.infer<typeof OpenTaskPointer>;
