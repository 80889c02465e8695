/**
 * Thresholds of the fund risk early warning, per fund, in months of payable expenditure (可支付月数) of the
 * projected year-end accumulated balance: below `minor` a warning, below `major` (or a balance projected to run
 * out within the year) a serious one. Data, not code: central may change a row, and a further fund adds one.
 *
 * The figures follow the reserve each fund is managed to (docs/DOMAIN.md, fund risk early warning): the medical
 * funds are run at 6–9 months of expenditure (a balance under 6 months is the usual warning line, under 3 a
 * payment risk); pension and unemployment funds keep a reserve of about a year; the work-injury fund holds a
 * reserve besides its balance, so 6 months; 机关事业单位养老保险 is pay-as-you-go with little reserve by design.
 * `default` covers a fund added without its row.
 */
type Months = { minor: number; major: number };
export const RESERVE_THRESHOLDS: Record<string, Months> & { default: Months } = {
  EEPI: { minor: 12, major: 6 },
  URPI: { minor: 12, major: 6 },
  PSPI: { minor: 3, major: 1 },
  EBMI: { minor: 6, major: 3 },
  URMI: { minor: 6, major: 3 },
  WII: { minor: 6, major: 3 },
  UI: { minor: 12, major: 6 },
  default: { minor: 6, major: 3 },
};
