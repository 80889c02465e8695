import { z } from 'zod';
import { workItemTrail } from '#shared/cycle/store';
import { authorize, type Principal } from '#shared/reference/auth';

/** The kinds of work item that have a workflow (and so a timeline). */
export const TimelineKind = z.enum(['targets', 'self-evaluation', 'provincial-evaluation', 'assessment']);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** A string field of an audit entry's `after`, if it has one. */
const text = (after: Record<string, unknown> | null | undefined, field: string) =>
  typeof after?.[field] === 'string' ? (after[field] as string) : undefined;

export interface TimelineEntry {
  at: string;
  actor: { id: string; orgCode?: string };
  action: string;
  comment?: string;
  status?: string;
  step?: string;
  assignee?: string;
}

/**
 * Every step of one work item's workflow: who did what, when, with which comment (the item's audit trail, oldest
 * first). The record's contents (drafts, figures, workflow tokens) stay out: only the action, actor, comment and the
 * status/step/assignee it moved to.
 */
export async function workItemTimeline(
  principal: Principal,
  year: number,
  org: string,
  kind: TimelineKind,
  fund: string,
): Promise<TimelineEntry[]> {
  authorize(principal, 'reference.read', org);
  const entries = await workItemTrail(year, org, kind, fund);
  return entries
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
}
