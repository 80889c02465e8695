import { api } from '#functions/commons/http';
import { authorize } from '#shared/reference/auth';
import { buildBudgetTemplate } from '#shared/targets/budget-sheet';

/** GET /api/budgets/template — the Excel sheet of a budget (基金预算表) to fill and import, for finance departments. */
export const handler = api({}, async ({ principal }) => {
  authorize(principal, 'budget.arrange', principal.orgCode);
  return {
    status: 200,
    body: await buildBudgetTemplate(),
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="budget.xlsx"; filename*=UTF-8''${encodeURIComponent('基金预算表.xlsx')}`,
    },
  };
});
