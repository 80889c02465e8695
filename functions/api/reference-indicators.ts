import { z } from 'zod';
import { authorize } from '#shared/auth';
import { KnownFundCode } from '#shared/funds';
import { api } from '#shared/http';
import { listIndicators } from '#shared/indicators';

/** GET /api/indicators?fund=<code> — the national indicator catalogue, or one fund's set with its weights. */
export const handler = api(
  { query: z.strictObject({ fund: KnownFundCode.optional() }) },
  async ({ principal, query }) => {
    authorize(principal, 'reference.read');
    return { status: 200, body: listIndicators(query.fund === undefined ? {} : { fund: query.fund }) };
  },
);
