import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The evaluation wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

/** The region is asked for (or reminded of, or returned) its self-evaluation. */
export function reportDueNotice(n: {
  org: Bilingual;
  year: number;
  fundName: Bilingual;
  due: string;
  overdue: boolean;
  missing: string[] | undefined;
  console: string;
}): Notice {
  const { org, year, fundName, due, overdue, missing } = n;
  const dueText = new Date(due).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}${missing ? '【退回】' : ''}${org.zh} ${year} 年度${fundName.zh}绩效自评`,
      en: `${overdue ? '[Overdue] ' : ''}${missing ? '[Returned] ' : ''}${org.en} ${year} ${fundName.en} self-evaluation`,
    },
    paragraphs: [
      missing
        ? {
            zh: `以下指标未完成目标或偏离目标较大，须说明原因并提出改进措施后重新报送：${missing.join('、')}`,
            en: `These indicators missed or deviate strongly from their targets; add a cause and a measure and resubmit: ${missing.join(', ')}`,
          }
        : {
            zh: `请于 ${dueText} 前填报 ${year} 年度${fundName.zh}绩效自评表并上传自评报告（第十八条：5月底前报送省级）。`,
            en: `Please fill in the ${year} ${fundName.en} self-evaluation and upload the report by ${due} (Art. 18: by the end of May).`,
          },
    ],
    links: [{ label: { zh: '进入工作台', en: 'Open the workspace' }, url: n.console }],
  };
}

/** A self-evaluation missed the end of May: the province's finance is told. */
export function lateSelfEvaluationNotice(n: {
  org: Bilingual;
  year: number;
  fund: string;
  fundName: Bilingual;
}): Notice {
  const { org, year, fund, fundName } = n;
  return {
    subject: {
      zh: `逾期提示：${org.zh} ${fundName.zh}绩效自评未按期报送`,
      en: `Late: ${org.en} ${fund} self-evaluation not submitted by its deadline`,
    },
    paragraphs: [
      {
        zh: `${org.zh} ${year} 年度${fundName.zh}绩效自评报告未于5月底前报送，已记录为逾期。`,
        en: `${org.en}'s ${year} ${fund} self-evaluation missed the end-of-May deadline and is recorded as late.`,
      },
    ],
  };
}

/** A self-evaluation reached the province. */
export function selfEvaluationSubmittedNotice(n: {
  org: Bilingual;
  year: number;
  fund: string;
  fundName: Bilingual;
  late: boolean;
  total: string | undefined;
  grade: string | undefined;
}): Notice {
  const { org, year, fund, fundName, late, total, grade } = n;
  return {
    subject: {
      zh: `${org.zh} ${year} 年度${fundName.zh}绩效自评已报送${late ? '（逾期）' : ''}`,
      en: `${org.en} ${year} ${fund} self-evaluation submitted${late ? ' (late)' : ''}`,
    },
    paragraphs: [{ zh: `得分 ${total}，等级 ${grade}。`, en: `Score ${total}, grade ${grade}.` }],
  };
}

/** The province's review of one region × fund, fed back to that region (R19.1). */
export function feedbackNotice(n: {
  org: Bilingual;
  year: number;
  fund: string;
  fundName: Bilingual;
  score: string;
  grade: string;
  recommendations: string[];
}): Notice {
  const { org, year, fund, fundName, score, grade } = n;
  return {
    subject: {
      zh: `${org.zh} ${year} 年度${fundName.zh}省级绩效评价结果反馈`,
      en: `${org.en}: provincial evaluation result for ${year} ${fund}`,
    },
    paragraphs: [
      { zh: `省级评价得分 ${score}，等级 ${grade}。`, en: `Provincial score ${score}, grade ${grade}.` },
      ...n.recommendations.map((r) => ({ zh: `建议：${r}`, en: `Recommendation: ${r}` })),
    ],
  };
}

/** Every region is reviewed: the province's finance is asked for the provincial report. */
export function provincialReportDueNotice(n: { year: number }): Notice {
  return {
    subject: { zh: `请上传 ${n.year} 年度省级绩效评价报告`, en: `Upload the ${n.year} provincial evaluation report` },
    paragraphs: [
      {
        zh: '各统筹地区评价已完成。请于7月底前上传省级绩效评价报告并报财政审定。',
        en: 'Every region has been reviewed. Upload the provincial evaluation report by the end of July.',
      },
    ],
  };
}

/** The provincial report reached central. */
export function provincialSubmittedNotice(n: { org: Bilingual; year: number; late: boolean }): Notice {
  const { org, year, late } = n;
  return {
    subject: {
      zh: `${org.zh} ${year} 年度省级绩效评价报告已报送${late ? '（逾期）' : ''}`,
      en: `${org.en} ${year} provincial evaluation report submitted${late ? ' (late)' : ''}`,
    },
    paragraphs: [{ zh: '请中央层面审核。', en: 'Submitted for central review.' }],
  };
}
