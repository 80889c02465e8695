import { instantText } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The rules wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

interface About {
  province: Bilingual;
  year: number;
}

/** The title of a province's rules' review task. */
export function rulesTaskTitle(n: About): Bilingual {
  const { province, year } = n;
  return {
    zh: `${province.zh}${year}年度绩效管理实施细则`,
    en: `${province.en} ${year} implementation rules`,
  };
}

/** Central is to review a province's rules by `due` (the reviewer's mail with the task link). */
export function rulesTaskNotice(n: About & { due: string; overdue: boolean }): Notice {
  const { province, year, due, overdue } = n;
  const dueText = instantText(due);
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}待办：审核${province.zh}${year}年度绩效管理实施细则`,
      en: `${overdue ? '[Overdue] ' : ''}To do: review the ${year} implementation rules of ${province.en}`,
    },
    paragraphs: [
      {
        zh: `${province.zh}已报送${year}年度绩效管理实施细则（本省指标、权重调整和内部时限），请于${dueText.zh}前审核。`,
        en: `${province.en} has submitted its ${year} implementation rules (own indicators, re-weights and internal deadlines); please review them by ${dueText.en}.`,
      },
      {
        zh: '此链接须登录后使用，本组人员中先处理者为准；如收到更新的通知，请以最新邮件为准。',
        en: 'Sign in to use this link; the first member of the group to decide settles it, and a newer notice replaces it.',
      },
    ],
  };
}

/** Central approved a province's rules: issued, in force for its regions. */
export function rulesIssuedNotice(n: About & { version: number }): Notice {
  const { province, year, version } = n;
  return {
    subject: {
      zh: `${province.zh}${year}年度绩效管理实施细则已审核印发`,
      en: `${province.en} ${year} implementation rules approved and issued`,
    },
    paragraphs: [
      {
        zh: `中央层面已审核通过贵省${year}年度绩效管理实施细则（第${version}版），自即日起用于本省各统筹地区的目标审核、监控、自评评分和时限。`,
        en: `Central has approved your ${year} implementation rules (version ${version}); from now on they govern the targets, monitoring, self-evaluation scores and deadlines of your pooling regions.`,
      },
    ],
  };
}

/** Central returned a province's rules with its comment. */
export function rulesReturnedNotice(n: About & { comment: string }): Notice {
  const { province, year, comment } = n;
  return {
    subject: {
      zh: `${province.zh}${year}年度绩效管理实施细则已退回修改`,
      en: `${province.en} ${year} implementation rules returned`,
    },
    paragraphs: [
      {
        zh: `中央层面退回了贵省${year}年度绩效管理实施细则，退回意见：${comment}`,
        en: `Central returned your ${year} implementation rules with the comment: ${comment}`,
      },
    ],
  };
}
