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

/** A correction notice is overdue: the province's (or central's) finance is told, once, of what is uncorrected. */
export function overdueCorrectionNotice(n: {
  org: Bilingual;
  fundName: Bilingual;
  fund: string;
  asOf: string;
  messages: Bilingual[];
  due: string;
}): Notice {
  const { org, fundName, fund, asOf, messages, due } = n;
  return {
    subject: {
      zh: `逾期提示：${org.zh}${fundName.zh}${asOf}期监控问题未按期整改`,
      en: `Overdue correction: ${org.en} ${fund} monitoring findings of ${asOf}`,
    },
    paragraphs: [
      {
        zh: `${org.zh}${asOf}期整改通知所列${messages.length}项问题应于${formatInstant(due, 'zh')}前整改，至今未反馈，已记录为逾期并上报：`,
        en: `${org.en} was to correct the ${messages.length} finding(s) of its notice for ${asOf} by ${formatInstant(due, 'en')}; it has not responded. Recorded as overdue and escalated:`,
      },
      ...messages.map((m, i) => ({ zh: `${i + 1}．${m.zh}`, en: `${i + 1}. ${m.en}` })),
    ],
  };
}

/** What a correction notice is about: the region, the fund and the period. */
interface NoticeAbout {
  org: Bilingual;
  fund: Bilingual;
  asOf: string;
}

/** The title of a correction notice's human task. */
export function correctionTaskTitle(n: NoticeAbout): Bilingual {
  return {
    zh: `${n.org.zh}${n.fund.zh}${n.asOf}期监控问题整改通知`,
    en: `${n.org.en} ${n.fund.en} correction notice for ${n.asOf}`,
  };
}

/** One finding of a notice as its mail lists it. */
export interface NoticeFinding {
  message: Bilingual;
  dimension: Dimension;
  severity: Severity;
  correction: Pick<Correction, 'response' | 'lastComment'>;
}

/**
 * The mail of a correction notice's human task, listing the findings of the step: the region answers each
 * (`respond`), or finance closes or returns each (`review`).
 */
export function correctionTaskMail(
  n: NoticeAbout & {
    step: 'respond' | 'review';
    stepName: Bilingual;
    due: string;
    overdue: boolean;
    findings: NoticeFinding[];
  },
): { subject: Bilingual; paragraphs: Bilingual[] } {
  const { org, fund, step, stepName, due, overdue, findings } = n;
  const dueText = shanghai(due);
  const dims = [...new Set(findings.map((f) => f.dimension))].map((d) => DIMENSION_LABELS[d]);
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}待办：${org.zh}${fund.zh}${n.asOf}期监控问题${stepName.zh}（${dims.map((d) => d.zh).join('、')}）`,
      en: `${overdue ? '[Overdue] ' : ''}To do: ${stepName.en} of ${org.en} ${fund.en} monitoring findings of ${n.asOf} (${dims.map((d) => d.en).join(', ')})`,
    },
    paragraphs: [
      step === 'respond'
        ? {
            zh: `本期整改通知列出${findings.length}项问题，请于${dueText.zh}前逐项整改并反馈整改情况及佐证材料说明：`,
            en: `This notice lists ${findings.length} finding(s). Please correct each and report what was done, with evidence, by ${dueText.en}:`,
          }
        : {
            zh: `${findings.length}项问题已反馈整改情况，请逐项审核后销号或退回：`,
            en: `${findings.length} finding(s) have a correction response. Please close or return each:`,
          },
      ...findings.flatMap((f, i) => [
        {
          zh: `${i + 1}．${f.message.zh}（${DIMENSION_LABELS[f.dimension].zh}，${SEVERITY_LABELS[f.severity].zh}）`,
          en: `${i + 1}. ${f.message.en} (${DIMENSION_LABELS[f.dimension].en}, ${SEVERITY_LABELS[f.severity].en})`,
        },
        ...(step === 'review' && f.correction.response
          ? [{ zh: `整改反馈：${f.correction.response.text}`, en: `Response: ${f.correction.response.text}` }]
          : []),
        ...(step === 'respond' && f.correction.lastComment
          ? [
              {
                zh: `退回意见：${f.correction.lastComment.text}`,
                en: `Returned with the comment: ${f.correction.lastComment.text}`,
              },
            ]
          : []),
      ]),
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
