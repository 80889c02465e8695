import { z } from 'zod';
import { api } from '#functions/commons/http';
import { TimelineKind, workItemTimeline } from '#shared/cycle/timeline';
import { OrgCode } from '#shared/reference/orgs';

/**
 * GET /api/cycles/{year}/timeline?org=&kind=&fund= — every step of one work item's workflow: who did what, when,
 * with which comment (`shared/cycle/timeline.ts`). Read-only.
 */
export const handler = api(
  {
    params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }),
    query: z.strictObject({
      org: OrgCode,
      kind: TimelineKind,
      fund: z
        .string()
        .regex(/^[A-Z0-9]{1,8}$/)
        .default('ALL'),
    }),
  },
  async ({ principal, params, query }) => ({
    status: 200,
    body: await workItemTimeline(principal, params.year, query.org, query.kind, query.fund),
  }),
);
