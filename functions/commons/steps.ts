import middy from '@middy/core';
import type { z } from 'zod';
import { badRequest } from '#shared/platform/errors';

/**
 * The edge of a state-machine step: validate the input the machine passes (zod), then call the domain.
 * Errors propagate with their name, which Step Functions sees as the error type for Retry/Catch.
 */
export function step<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>) => Promise<R>) {
  return middy(async (event: unknown) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw badRequest(
        'INVALID_STEP_INPUT',
        { zh: '流程步骤输入无效', en: 'Invalid step input' },
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    return fn(parsed.data);
  });
}
