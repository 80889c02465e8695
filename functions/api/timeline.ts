import { z } from 'zod';
import { api } from '#functions/commons/http';
import { OrgCode, YearPath } from '#functions/commons/params';
import { TimelineKind, workItemTimeline } from '#shared/cycle/timeline';

/**
 * GET /api/cycles/{year}/timeline?org=&kind=&fund= — every step of one work item's workflow: who did what, when,
 * with which comment (`shared/cycle/timeline.ts`). Read-only.
 */
export const handler = api(
  {
    params: YearPath,
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
