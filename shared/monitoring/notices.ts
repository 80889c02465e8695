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
