import { z } from 'zod';
import { api } from '#functions/commons/http';
import { authorize } from '#shared/reference/auth';
import { ExplanationCheck, ExplanationsNeeded, explanationsNeeded } from '#shared/reference/deviation';
import { KnownFundCode } from '#shared/reference/funds';

/**
 * POST /api/funds/{fund}/explanations-needed — a pure check, nothing stored: which of the actual values a form holds
 * need a cause analysis and an improvement measure (R18.3), by the rule scoring enforces (reference/deviation.ts).
 */
export const handler = api(
  { params: z.object({ fund: KnownFundCode }), body: ExplanationCheck, response: ExplanationsNeeded },
  async ({ principal, params, body }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: explanationsNeeded(params.fund, body.actuals) };
  },
);
