import { z } from 'zod';
import { api } from '#functions/commons/http';
import { VIEW_GUARDS } from '#functions/commons/task-kinds';
import { viewTask } from '#shared/tasks/tasks';

/** GET /api/tasks/{actionId} — what an email link shows. Never changes anything (mail scanners prefetch links). */
export const handler = api({ params: z.object({ actionId: z.string().max(64) }) }, async ({ principal, params }) => ({
  status: 200,
  body: await viewTask(
    params.actionId,
    principal,
    (action, p) => VIEW_GUARDS[action.subject.kind]?.(action, p) ?? Promise.resolve(),
  ),
}));
