import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The cycle wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

/** The cycle has started: a provincial unit's finance is asked for its regional targets by `due`. */
export function kickoffNotice(n: { org: Bilingual; year: number; due: string; console: string }): Notice {
  const { org, year } = n;
  const due = new Date(n.due).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
  return {
    subject: {
      zh: `${year} 年度社会保险基金预算绩效管理工作启动`,
      en: `The ${year} social-insurance fund performance cycle has started`,
    },
    paragraphs: [
      {
        zh: `${org.zh}：${year} 年度社会保险基金预算绩效管理工作已启动。请于 ${due} 前组织制定并报送本省分险种区域绩效目标。`,
        en: `${org.en}: the ${year} budget performance cycle has started. Please set and submit your regional performance targets per fund by ${due} (Asia/Shanghai).`,
      },
    ],
    links: [{ label: { zh: '进入工作台', en: 'Open the console' }, url: n.console }],
  };
}
