import { z } from 'zod';
import { api } from '#functions/commons/http';
import { FundCode, OrgCode, Year } from '#functions/commons/params';
import { revoke } from '#shared/evaluation/delegations';

/** DELETE /api/cycles/{year}/delegations/{org}/{fund} — end a third party's delegation of one item now (第十七条). */
export const handler = api(
  { params: z.object({ year: Year, org: OrgCode, fund: FundCode }) },
  async ({ principal, params }) => ({
    status: 200,
    body: await revoke(principal, params.year, params.org, params.fund),
  }),
);
