import { api } from '#functions/commons/http';
import { arrangeBudget, BudgetRequest } from '#shared/targets/targets';

/**
 * POST /api/budgets — arrange a fund's budget, its lines in yuan; refused while the fund and region has no approved
 * target (第七条). 201 when arranged, 200 when the same lines were arranged already.
 */
export const handler = api({ body: BudgetRequest }, async ({ principal, body }) => {
  const result = await arrangeBudget(principal, body);
  return { status: result.arranged ? 201 : 200, body: result };
});
