import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { z } from 'zod';
import { badRequest } from '#shared/platform/errors';

/** Time an invocation keeps in hand when it stops between units of work: a third of the functions' 30 s timeout. */
export const RESERVE_MS = 10_000;

/**
 * The edge of a state-machine step: validate the input the machine passes (zod), then call the domain.
 * Errors propagate with their name, which Step Functions sees as the error type for Retry/Catch. A step whose work
 * grows with the country (the daily tick's) is given `timeLeft`: true while the invocation has more than
 * `RESERVE_MS` before its timeout; it stops between units of work and answers `more`, and its machine invokes it
 * again (each unit is idempotent, so the next invocation goes on where this one stopped).
 */
export function step<S extends z.ZodType, R>(
  schema: S,
  fn: (input: z.infer<S>, timeLeft: () => boolean) => Promise<R>,
) {
  return middy(async (event: unknown, context: Context) => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) {
      throw badRequest(
        'INVALID_STEP_INPUT',
        { zh: '流程步骤输入无效', en: 'Invalid step input' },
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    return fn(parsed.data, () => context.getRemainingTimeInMillis() > RESERVE_MS);
  });
}
