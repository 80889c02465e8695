import { z } from 'zod';
import { api, jsonContentType } from '#functions/commons/http';
import { PersonId } from '#shared/directory/records';
import { assignTask } from '#shared/tasks/tasks';

/**
 * POST /api/tasks/{actionId}/assignment — the group's lead hands the task to one member (`userId`), or back to the
 * whole group (`null`): a fresh link to them, the earlier ones superseded.
 */
export const handler = api(
  {
    use: [jsonContentType()],
    params: z.object({ actionId: z.string().max(64) }),
    body: z.strictObject({ userId: PersonId.nullable() }),
  },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await assignTask(params.actionId, principal, body.userId),
  }),
);
