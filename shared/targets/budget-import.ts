/**
 * Importing the budget system's Excel export (基金预算表) of one organisation and year: each row a fund's budget
 * (`kind: 'budget'`, arranged through `arrangeBudget`, the one entry, with every rule of it) or its final accounts
 * (`kind: 'final-accounts'`, 决算). Every row is checked before any is written, and every refusal names its sheet,
 * cell and field; nothing is written when any row is refused. Idempotent: a row whose lines equal what is recorded
 * changes nothing, so importing the same file again writes nothing more.
 */
import { AppError, isAppError, unprocessable } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { findFund } from '#shared/reference/funds';
import { type CellError, parseBudgetSheet } from '#shared/targets/budget-sheet';
import {
  BUDGET_LINE_LABELS,
  type BudgetLinesIn,
  budgetLines,
  finalAccountsRefusal,
  recordFinalAccounts,
  sameLines,
} from '#shared/targets/budgets';
import { BUDGET_INPUT_LINES } from '#shared/targets/records';
import { readBudget } from '#shared/targets/store';
import { arrangeBudget } from '#shared/targets/targets';

export type BudgetImportKind = 'budget' | 'final-accounts';

export interface BudgetImportResult {
  kind: BudgetImportKind;
  rows: number;
  /** funds whose budget or final accounts this request wrote */
  written: string[];
  /** funds already recorded with the same lines */
  unchanged: string[];
}

const AMOUNT = /^-?\d{1,15}(\.\d{1,2})?$/;

/** Who may import is answered before what was sent: the organisation's own finance department. */
export function assertMayImportBudget(principal: Principal, org: string) {
  authorize(principal, 'budget.arrange', org);
  if (principal.orgCode !== org) {
    throw new AppError(403, 'FORBIDDEN', {
      zh: '预算由本级财政部门安排',
      en: 'A budget is arranged by the finance department of that organisation',
    });
  }
}

export async function importBudgets(
  principal: Principal,
  year: number,
  org: string,
  kind: BudgetImportKind,
  file: Buffer,
): Promise<BudgetImportResult> {
  assertMayImportBudget(principal, org);
  const parsed = await parseBudgetSheet(file, {});
  if (!parsed.ok) throw refused(parsed.errors);
  const { sheet, rows } = parsed;
  const errors: CellError[] = [];
  const seen = new Map<string, number>();
  const checked: { fund: string; lines: BudgetLinesIn; unchanged: boolean }[] = [];
  for (const row of rows) {
    const fundCell = row.values.fund?.cell ?? row.cells.fund;
    const code = row.values.fund?.text ?? '';
    const rowErrors: CellError[] = [];
    const fund = code ? findFund(code) : undefined;
    if (!fund) {
      rowErrors.push({
        sheet,
        cell: fundCell,
        field: 'fund',
        code: code ? 'UNKNOWN_FUND' : 'REQUIRED',
        message: code
          ? { zh: `险种代码“${code}”不存在`, en: `No fund has the code “${code}”` }
          : { zh: '须填写险种代码', en: 'The fund code is required' },
      });
    } else if (seen.has(fund.code)) {
      rowErrors.push({
        sheet,
        cell: fundCell,
        field: 'fund',
        code: 'DUPLICATE_FUND',
        message: {
          zh: `险种${fund.code}在第${seen.get(fund.code)}行已出现`,
          en: `Fund ${fund.code} is already on row ${seen.get(fund.code)}`,
        },
      });
    }
    if (fund) seen.set(fund.code, row.row);
    const lines = {} as Record<(typeof BUDGET_INPUT_LINES)[number], string>;
    for (const line of BUDGET_INPUT_LINES) {
      const v = row.values[line];
      const label = BUDGET_LINE_LABELS[line];
      const signed = line === 'openingBalance';
      if (!v) {
        rowErrors.push({
          sheet,
          cell: row.cells[line],
          field: line,
          code: 'REQUIRED',
          message: { zh: `须填写${label.zh}（元）`, en: `${label.en} (yuan) is required` },
        });
      } else if (!AMOUNT.test(v.text) || (!signed && v.text.startsWith('-'))) {
        rowErrors.push({
          sheet,
          cell: v.cell,
          field: line,
          code: 'NOT_AN_AMOUNT',
          message: {
            zh: `${label.zh}须为${signed ? '' : '非负'}金额（元，最多两位小数），现为“${v.text}”`,
            en: `${label.en} must be ${signed ? 'an' : 'a non-negative'} amount in yuan (at most 2 decimals), not “${v.text}”`,
          },
        });
      } else lines[line] = v.text;
    }
    if (rowErrors.length || !fund) {
      errors.push(...rowErrors);
      continue;
    }
    // the rules of the record itself, refused on the row's fund cell
    try {
      if (kind === 'budget') {
        const res = await arrangeBudget(principal, { year, org, fund: fund.code, lines }, 'check');
        checked.push({ fund: fund.code, lines, unchanged: !res.arranged });
      } else {
        const budget = await readBudget(year, org, fund.code);
        const refusal = budget
          ? finalAccountsRefusal(budget)
          : unprocessable('BUDGET_NOT_ARRANGED', {
              zh: `${fund.name.zh}尚未安排预算，不能录入决算`,
              en: `No ${fund.code} budget has been arranged: no final accounts can be recorded`,
            });
        if (refusal) throw refusal;
        const same = Boolean(budget?.finalAccounts && sameLines(budget.finalAccounts.lines, budgetLines(lines)));
        checked.push({ fund: fund.code, lines, unchanged: same });
      }
    } catch (e) {
      if (!isAppError(e) || e.status >= 500) throw e;
      errors.push({ sheet, cell: fundCell, field: 'fund', code: e.code, message: e.bilingual });
    }
  }
  if (errors.length) throw refused(errors);
  const written: string[] = [];
  for (const row of checked) {
    if (row.unchanged) continue;
    if (kind === 'budget') await arrangeBudget(principal, { year, org, fund: row.fund, lines: row.lines });
    else await recordFinalAccounts(principal, year, org, row.fund, { lines: row.lines }, 'import');
    written.push(row.fund);
  }
  return { kind, rows: rows.length, written, unchanged: checked.filter((r) => r.unchanged).map((r) => r.fund) };
}

const refused = (errors: CellError[]) =>
  unprocessable(
    'IMPORT_REFUSED',
    {
      zh: `导入未完成：${errors.length}处有误，未写入任何数据`,
      en: `Nothing imported: ${errors.length} cell(s) refused`,
    },
    { errors },
  );
