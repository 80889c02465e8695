import { z } from 'zod';
import { api } from '#functions/commons/http';
import { auditTrail } from '#shared/platform/records';
import { keys } from '#shared/platform/table';
import { authorize } from '#shared/reference/auth';
import { OrgCode } from '#shared/reference/orgs';

/** The kinds of work item that have a workflow (and so a timeline). */
const Kind = z.enum(['targets', 'self-evaluation', 'provincial-evaluation', 'assessment']);

/** A string field of an audit entry's `after`, if it has one. */
const text = (after: Record<string, unknown> | undefined, field: string) =>
  typeof after?.[field] === 'string' ? (after[field] as string) : undefined;

/**
 * GET /api/cycles/{year}/timeline?org=&kind=&fund= — every step of one work item's workflow: who did what, when,
 * with which comment (the item's audit trail, oldest first). Read-only; the record's contents (drafts, figures,
 * workflow tokens) stay out: only the action, actor, comment and the status/step/assignee it moved to.
 */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({
      org: OrgCode,
      kind: Kind,
      fund: z
        .string()
        .regex(/^[A-Z0-9]{1,8}$/)
        .default('ALL'),
    }),
  },
  async ({ principal, params, query }) => {
    authorize(principal, 'reference.read', query.org);
    const entries = await auditTrail(keys.workItem(params.year, query.org, query.kind, query.fund));
    const body = entries
      .map((e) => {
        const status = text(e.after, 'status');
        const step = text(e.after, 'step');
        const assignee = text(e.after, 'assignee');
        return {
          at: e.at,
          actor: { id: e.actor.id, ...(e.actor.orgCode ? { orgCode: e.actor.orgCode } : {}) },
          action: e.action,
          ...(e.comment ? { comment: e.comment } : {}),
          ...(status ? { status } : {}),
          ...(step ? { step } : {}),
          ...(assignee ? { assignee } : {}),
        };
      })
      .sort((a, b) => a.at.localeCompare(b.at));
    return { status: 200, body };
  },
);
