import { api } from '#functions/commons/http';
import { myTasks } from '#shared/tasks/tasks';

/** GET /api/me/tasks — the open tasks of every group the caller belongs to (a new member sees what is already open). */
export const handler = api({}, async ({ principal }) => ({ status: 200, body: await myTasks(principal) }));
