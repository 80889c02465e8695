import { DIMENSION_LABELS, type Dimension, type Severity } from '#shared/monitoring/compare';
import type { Correction } from '#shared/monitoring/records';
import { formatInstant, instantText } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The monitoring wing's mail text (bilingual, Chinese first): what each notice says, given what it is about. */
export type Notice = Omit<Mail, 'to'>;

/** A finding's severity as a reader sees it (the console's `severity.<code>` says the same). */
const SEVERITY_LABELS: Record<Severity, Bilingual> = {
  info: { zh: '提示', en: 'info' },
  minor: { zh: '一般', en: 'minor' },
  major: { zh: '重大', en: 'major' },
};

const shanghai = (instant: string) => instantText(instant);

/** A period is open (or overdue): the region's agency is asked to submit. */
export function submitterNotice(n: {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
  due: string;
  overdue: boolean;
  console: string;
}): Notice {
  const { org, fund, asOf, due, overdue } = n;
  const dueText = shanghai(due);
  return {
    subject: overdue
      ? {
          zh: `【催报】${org.zh}${fund.zh}${asOf}期绩效监控数据已逾期`,
          en: `[Reminder] ${org.en} ${fund.en} monitoring data for ${asOf} is overdue`,
        }
      : {
          zh: `请报送${org.zh}${fund.zh}${asOf}期绩效监控数据`,
          en: `Please submit ${org.en} ${fund.en} monitoring data for ${asOf}`,
        },
    paragraphs: [
      overdue
        ? {
            zh: `截至${asOf}的绩效监控数据应于${dueText.zh}前报送，至今未收到，已记录为及时性问题。请尽快报送。`,
            en: `Monitoring data as of ${asOf} was due by ${dueText.en} and has not arrived; it is recorded as a timeliness finding. Please submit it now.`,
          }
        : {
            zh: `请于${dueText.zh}前报送截至${asOf}的累计收支、财政补助到位、待遇支付等数据及各绩效指标当前值（绩效监控表）。`,
            en: `Please submit the year-to-date figures as of ${asOf} and the current value of each indicator by ${dueText.en}.`,
          },
    ],
    links: [{ label: { zh: '进入监控报送', en: 'Open monitoring' }, url: n.console }],
  };
}

/** A correction item is overdue: the province's (or central's) finance is told. */
export function overdueCorrectionNotice(n: {
  org: Bilingual;
  fundName: Bilingual;
  fund: string;
  asOf: string;
  message: Bilingual;
  due: string;
}): Notice {
  const { org, fundName, fund, asOf, message, due } = n;
  return {
    subject: {
      zh: `逾期提示：${org.zh}${fundName.zh}监控问题未按期整改`,
      en: `Overdue correction: ${org.en} ${fund} monitoring finding`,
    },
    paragraphs: [
      {
        zh: `${org.zh}${asOf}期监控问题“${message.zh}”应于${formatInstant(due, 'zh')}前整改，至今未反馈，已记录为逾期并上报。`,
        en: `${org.en} was to correct “${message.en}” (period ${asOf}) by ${formatInstant(due, 'en')}; it has not responded. Recorded as overdue and escalated.`,
      },
    ],
  };
}

/** What a correction task is about: the region, the fund, the period and the finding's message. */
interface CorrectionAbout {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
  message: Bilingual;
}

/** The title of a correction item's human task. */
export function correctionTaskTitle(n: CorrectionAbout): Bilingual {
  return {
    zh: `${n.org.zh}${n.fund.zh}${n.asOf}期监控问题整改：${n.message.zh}`,
    en: `${n.org.en} ${n.fund.en} ${n.asOf} monitoring finding: ${n.message.en}`,
  };
}

/** The mail of a correction item's human task: the region responds (`respond`), or finance reviews (`review`). */
export function correctionTaskMail(
  n: CorrectionAbout & {
    step: 'respond' | 'review';
    stepName: Bilingual;
    dimension: Dimension;
    severity: Severity;
    due: string;
    overdue: boolean;
    correction: Pick<Correction, 'response' | 'lastComment'>;
  },
): { subject: Bilingual; paragraphs: Bilingual[] } {
  const { org, fund, step, stepName, due, overdue, correction } = n;
  const dueText = shanghai(due);
  const dim = DIMENSION_LABELS[n.dimension];
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}待办：${org.zh}${fund.zh}监控问题${stepName.zh}（${dim.zh}）`,
      en: `${overdue ? '[Overdue] ' : ''}To do: ${stepName.en} of a ${org.en} ${fund.en} monitoring finding (${dim.en})`,
    },
    paragraphs: [
      {
        zh: `问题：${n.message.zh}（${dim.zh}，${SEVERITY_LABELS[n.severity].zh}）`,
        en: `Finding: ${n.message.en} (${dim.en}, ${SEVERITY_LABELS[n.severity].en})`,
      },
      step === 'respond'
        ? {
            zh: `请于${dueText.zh}前完成整改并反馈整改情况及佐证材料说明。`,
            en: `Please correct it and report what was done, with evidence, by ${dueText.en}.`,
          }
        : {
            zh: `整改反馈：${correction.response?.text ?? ''}。请审核后销号或退回。`,
            en: `Response: ${correction.response?.text ?? ''}. Please close the item or return it.`,
          },
      ...(step === 'respond' && correction.lastComment
        ? [
            {
              zh: `退回意见：${correction.lastComment.text}`,
              en: `Returned with the comment: ${correction.lastComment.text}`,
            },
          ]
        : []),
    ],
  };
}

/** The agency's recorded contributions and the tax department's collection differ (第五条): both are told. */
export function taxMismatchNotice(n: {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
  agency: string;
  tax: string;
  share: string;
  console: string;
}): Notice {
  const pct = `${(Number(n.share) * 100).toFixed(2)}%`;
  const yuan = (fen: string) => (Number(fen) / 100).toFixed(2);
  return {
    subject: {
      zh: `【数据核对】${n.org.zh}${n.fund.zh}${n.asOf}期社会保险费收入与税务征收数不一致`,
      en: `[Data check] ${n.org.en} ${n.fund.en}: contribution income as of ${n.asOf} differs from the tax collection`,
    },
    paragraphs: [
      {
        zh: `截至${n.asOf}，经办机构记录的社会保险费收入为${yuan(n.agency)}元，税务部门征收数为${yuan(n.tax)}元，相差${pct}。请经办机构与税务部门核对后更正报送数据或说明原因。`,
        en: `By ${n.asOf} the agency recorded ${yuan(n.agency)} yuan of contribution income and the tax department collected ${yuan(n.tax)} yuan, a difference of ${pct}. The agency and the tax department are asked to reconcile and correct the figures or explain the difference.`,
      },
    ],
    links: [{ label: { zh: '查看监控数据', en: 'Open monitoring' }, url: n.console }],
  };
}

/** The projected reserve of a region × fund is short (第二条 防范基金运行风险): the province and central are told. */
export function reserveRiskNotice(n: {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
  monthsPayable: number | null;
  runsOutIn: number | null;
  severity: Severity;
  console: string;
}): Notice {
  const level = SEVERITY_LABELS[n.severity];
  const months =
    n.monthsPayable === null ? { zh: '—', en: '—' } : { zh: `${n.monthsPayable}个月`, en: `${n.monthsPayable} months` };
  return {
    subject: {
      zh: `【基金风险预警·${level.zh}】${n.org.zh}${n.fund.zh}`,
      en: `[Fund risk warning, ${level.en}] ${n.org.en} ${n.fund.en}`,
    },
    paragraphs: [
      n.runsOutIn !== null
        ? {
            zh: `按截至${n.asOf}的监控数据推算，该基金累计结余预计于${n.runsOutIn}月用尽，年末可支付月数${months.zh}。请督促统筹地区采取措施，防范支付风险。`,
            en: `From the monitoring data as of ${n.asOf}, the fund's accumulated balance is projected to run out in month ${n.runsOutIn}; months payable at year end: ${months.en}. Please have the region act against the payment risk.`,
          }
        : {
            zh: `按截至${n.asOf}的监控数据推算，该基金年末累计结余可支付月数为${months.zh}，低于预警线。请关注基金运行风险。`,
            en: `From the monitoring data as of ${n.asOf}, the fund's accumulated balance at year end is projected to pay ${months.en} of expenditure, below the warning line.`,
          },
    ],
    links: [{ label: { zh: '查看风险预警', en: 'Open the risk warnings' }, url: n.console }],
  };
}

/** A region's figures stand far from the province's other regions: the province's finance is to verify them. */
export function outlierNotice(n: {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
  finding: Bilingual;
  console: string;
}): Notice {
  return {
    subject: {
      zh: `【待核实】${n.org.zh}${n.fund.zh}${n.asOf}期监控数据`,
      en: `[To be verified] ${n.org.en} ${n.fund.en} monitoring data for ${n.asOf}`,
    },
    paragraphs: [
      {
        zh: `${n.finding.zh}。请核实该统筹地区报送的数据是否真实准确。`,
        en: `${n.finding.en}. Please verify that the region's figures are true and accurate.`,
      },
    ],
    links: [{ label: { zh: '查看监控数据', en: 'Open monitoring' }, url: n.console }],
  };
}
