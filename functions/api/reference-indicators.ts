import { z } from 'zod';
import { api } from '#functions/commons/http';
import { authorize } from '#shared/reference/auth';
import { KnownFundCode } from '#shared/reference/funds';
import { listIndicators } from '#shared/reference/indicators';

/** GET /api/indicators?fund=<code> — the national indicator catalogue, or one fund's set with its weights. */
export const handler = api(
  { query: z.strictObject({ fund: KnownFundCode.optional() }) },
  async ({ principal, query }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: listIndicators(query.fund === undefined ? {} : { fund: query.fund }) };
  },
);
