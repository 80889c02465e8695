import { instantText } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The cycle wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

/**
 * The cycle has started: a provincial unit's finance is asked for its regional targets by `due`. The mail states
 * both instants its people meet: the drafting step's deadline (`draftDue`, what the drafting task's mail and page
 * say) and the day the reviewed targets are due at central (`due`, the provincial finance review's deadline).
 */
export function kickoffNotice(n: {
  org: Bilingual;
  year: number;
  due: string;
  draftDue: string;
  console: string;
}): Notice {
  const { org, year } = n;
  const due = instantText(n.due);
  const draft = instantText(n.draftDue);
  return {
    subject: {
      zh: `${year}年度社会保险基金预算绩效管理工作启动`,
      en: `The ${year} social-insurance fund performance cycle has started`,
    },
    paragraphs: [
      {
        zh: `${org.zh}：${year}年度社会保险基金预算绩效管理工作已启动。请于${due.zh}前组织制定并报送本省分险种区域绩效目标。`,
        en: `${org.en}: the ${year} budget performance cycle has started. Please set and submit your regional performance targets per fund by ${due.en}.`,
      },
      {
        zh: `各险种目标须于${draft.zh}前起草完成并提交初审，以便经办机构初审和财政部门审核在上述截止时间前完成。`,
        en: `Each fund's targets are to be drafted and submitted for preliminary review by ${draft.en}, so that the preliminary and finance reviews finish by that deadline.`,
      },
    ],
    links: [{ label: { zh: '进入工作台', en: 'Open the console' }, url: n.console }],
  };
}
