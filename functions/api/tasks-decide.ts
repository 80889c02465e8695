import { z } from 'zod';
import { api, jsonContentType } from '#functions/commons/http';
import { DECIDERS, VIEW_GUARDS } from '#functions/commons/task-kinds';
import { internal } from '#shared/platform/errors';
import { text } from '#shared/reference/text';
import { decideTask } from '#shared/tasks/tasks';

/**
 * POST /api/tasks/{actionId}/decision — the assignee decides. Bearer-token authentication (never a cookie) and a
 * JSON body make it immune to cross-site request forgery: a form on another site can send neither.
 */
export const handler = api(
  {
    use: [jsonContentType()],
    params: z.object({ actionId: z.string().max(64) }),
    body: z.strictObject({
      decision: z.enum(['submit', 'approve', 'return', 'confirm', 'close']),
      comment: text({ max: 2000 }).optional(),
      data: z.record(z.string(), z.unknown()).optional(),
    }),
  },
  async ({ principal, params, body }) => {
    const result = await decideTask(
      params.actionId,
      principal,
      body,
      async (action, input, p) => {
        const decider = DECIDERS[action.subject.kind];
        if (!decider) {
          throw internal(
            'NO_DECIDER',
            { zh: `没有任务类型 ${action.subject.kind} 的处理`, en: `no decider for ${action.subject.kind}` },
            { kind: action.subject.kind },
          );
        }
        return decider(action, input, p);
      },
      (action, p) => VIEW_GUARDS[action.subject.kind]?.(action, p) ?? Promise.resolve(),
    );
    return { status: 200, body: result };
  },
);
