import { instantText } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The targets wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

interface About {
  org: Bilingual;
  year: number;
  fund: string;
  fundName: Bilingual;
}

/** A step of the review chain passed its deadline: central finance is told. */
export function deadlineMissedNotice(n: About & { stepName: Bilingual }): Notice {
  const { org, year, fund, fundName, stepName } = n;
  return {
    subject: {
      zh: `逾期提示：${org.zh}${fundName.zh}绩效目标${stepName.zh}未按期完成`,
      en: `Deadline missed: ${stepName.en} of ${org.en} ${fund} targets`,
    },
    paragraphs: [
      {
        zh: `${org.zh}${year}年度${fundName.zh}绩效目标的${stepName.zh}已超过截止时间，已记录为逾期。`,
        en: `The ${stepName.en.toLowerCase()} of ${org.en}'s ${year} ${fund} targets passed its deadline and is recorded as late.`,
      },
    ],
  };
}

/** Central approved and issued a provincial unit's targets (下达). */
export function issuedNotice(n: About & { version: number }): Notice {
  const { org, year, fund, fundName, version } = n;
  return {
    subject: {
      zh: `${org.zh}${year}年度${fundName.zh}绩效目标已审核下达`,
      en: `${org.en} ${year} ${fund} targets approved and issued`,
    },
    paragraphs: [
      {
        zh: `中央层面已审核并下达贵单位${year}年度${fundName.zh}绩效目标（第${version}版）。请据此分解下达至各统筹地区。`,
        en: `Central has approved and issued your ${year} ${fund} targets (version ${version}). Please decompose them to your pooling regions.`,
      },
    ],
  };
}

/** The province decomposed its targets to a pooling region. */
export function decomposedNotice(n: About): Notice {
  const { org, year, fund, fundName } = n;
  return {
    subject: {
      zh: `${org.zh}${year}年度${fundName.zh}绩效目标已下达`,
      en: `${org.en}: ${year} ${fund} targets issued`,
    },
    paragraphs: [
      {
        zh: `省级已分解下达贵地区${year}年度${fundName.zh}绩效目标。`,
        en: `Your province has issued your ${year} ${fund} targets.`,
      },
    ],
  };
}

interface TaskAbout {
  org: Bilingual;
  year: number;
  fundName: Bilingual;
  stepName: Bilingual;
}

/** The title of a target's human task. */
export function targetTaskTitle(n: TaskAbout): Bilingual {
  const { org, year, fundName } = n;
  return {
    zh: `${org.zh}${year}年度${fundName.zh}绩效目标`,
    en: `${org.en} ${year} ${fundName.en} performance targets`,
  };
}

/** A step of the review chain is to be done by `due` (the assignee's mail with the task link). */
export function targetTaskNotice(n: TaskAbout & { due: string; overdue: boolean; returned?: string | undefined }): {
  subject: Bilingual;
  paragraphs: Bilingual[];
} {
  const { org, year, fundName, stepName, due, overdue, returned } = n;
  const dueText = instantText(due);
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}待办：${org.zh}${year}年度${fundName.zh}绩效目标${stepName.zh}`,
      en: `${overdue ? '[Overdue] ' : ''}To do: ${stepName.en} of ${org.en} ${year} ${fundName.en} targets`,
    },
    paragraphs: [
      {
        zh: `请于${dueText.zh}前完成${org.zh}${year}年度${fundName.zh}绩效目标的${stepName.zh}。`,
        en: `Please complete the ${stepName.en.toLowerCase()} of the ${year} ${fundName.en} targets of ${org.en} by ${dueText.en}.`,
      },
      ...(returned !== undefined
        ? [{ zh: `退回意见：${returned}`, en: `Returned with the comment: ${returned}` }]
        : []),
      {
        zh: '此链接须登录后使用，本组人员中先处理者为准；如收到更新的通知，请以最新邮件为准。',
        en: 'Sign in to use this link; the first member of the group to decide settles it, and a newer notice replaces it.',
      },
    ],
  };
}

/** The title of a budget adjustment's human task. */
export function budgetTaskTitle(n: TaskAbout): Bilingual {
  const { org, year, fundName } = n;
  return {
    zh: `${org.zh}${year}年度${fundName.zh}预算调整`,
    en: `${org.en} ${year} ${fundName.en} budget adjustment`,
  };
}

/** A review step of a budget adjustment is to be done by `due` (the assignee's mail with the task link). */
export function budgetTaskNotice(n: TaskAbout & { due: string; overdue: boolean; reason: string }): {
  subject: Bilingual;
  paragraphs: Bilingual[];
} {
  const { org, year, fundName, stepName, due, overdue, reason } = n;
  const dueText = instantText(due);
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}待办：${org.zh}${year}年度${fundName.zh}预算调整${stepName.zh}`,
      en: `${overdue ? '[Overdue] ' : ''}To do: ${stepName.en} of the ${org.en} ${year} ${fundName.en} budget adjustment`,
    },
    paragraphs: [
      {
        zh: `请于${dueText.zh}前完成${org.zh}${year}年度${fundName.zh}预算调整的${stepName.zh}。`,
        en: `Please complete the ${stepName.en.toLowerCase()} of the ${year} ${fundName.en} budget adjustment of ${org.en} by ${dueText.en}.`,
      },
      { zh: `调整理由：${reason}`, en: `Reason given: ${reason}` },
      {
        zh: '此链接须登录后使用，本组人员中先处理者为准；如收到更新的通知，请以最新邮件为准。',
        en: 'Sign in to use this link; the first member of the group to decide settles it, and a newer notice replaces it.',
      },
    ],
  };
}
