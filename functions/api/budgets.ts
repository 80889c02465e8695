import { api } from '#functions/commons/http';
import { arrangeBudget, BudgetRequest } from '#shared/targets/targets';

/** POST /api/budgets — arrange a fund's budget; refused while the fund and region has no approved target (第七条). */
export const handler = api({ body: BudgetRequest }, async ({ principal, body }) => ({
  status: 201,
  body: await arrangeBudget(principal, body),
}));
