import { formatInstant, instantText } from '#shared/platform/dates';
import type { Bilingual } from '#shared/platform/errors';
import type { Mail } from '#shared/platform/mail';

/** The evaluation wing's mail text (bilingual, Chinese first). */
export type Notice = Omit<Mail, 'to'>;

/** A score and its grade as one sentence, or that there is none yet (never `undefined` in a mail). */
function scoreLine(zh: string, en: string, total: string | undefined, grade: string | undefined): Bilingual {
  if (total === undefined) return { zh: '尚无得分。', en: 'No score yet.' };
  return {
    zh: `${zh}${total}${grade ? `，等级${grade}` : ''}。`,
    en: `${en} ${total}${grade ? `, grade ${grade}` : ''}.`,
  };
}

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
  const dueText = instantText(due);
  return {
    subject: {
      zh: `${overdue ? '【已逾期】' : ''}${missing ? '【退回】' : ''}${org.zh}${year}年度${fundName.zh}绩效自评`,
      en: `${overdue ? '[Overdue] ' : ''}${missing ? '[Returned] ' : ''}${org.en} ${year} ${fundName.en} self-evaluation`,
    },
    paragraphs: [
      missing
        ? {
            zh: `以下指标未完成目标或偏离目标较大，须说明原因并提出改进措施后重新报送：${missing.join('、')}`,
            en: `These indicators missed or deviate strongly from their targets; add a cause and a measure and resubmit: ${missing.join(', ')}`,
          }
        : {
            zh: `请于${dueText.zh}前填报${year}年度${fundName.zh}绩效自评表并上传自评报告（第十八条：5月底前报送省级）。`,
            en: `Please fill in the ${year} ${fundName.en} self-evaluation and upload the report by ${dueText.en} (Art. 18: by the end of May).`,
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
      zh: `逾期提示：${org.zh}${fundName.zh}绩效自评未按期报送`,
      en: `Late: ${org.en} ${fund} self-evaluation not submitted by its deadline`,
    },
    paragraphs: [
      {
        zh: `${org.zh}${year}年度${fundName.zh}绩效自评报告未于5月底前报送，已记录为逾期。`,
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
      zh: `${org.zh}${year}年度${fundName.zh}绩效自评已报送${late ? '（逾期）' : ''}`,
      en: `${org.en} ${year} ${fund} self-evaluation submitted${late ? ' (late)' : ''}`,
    },
    paragraphs: [scoreLine('得分', 'Score', total, grade)],
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
      zh: `${org.zh}${year}年度${fundName.zh}省级绩效评价结果反馈`,
      en: `${org.en}: provincial evaluation result for ${year} ${fund}`,
    },
    paragraphs: [
      { zh: `省级评价得分${score}，等级${grade}。`, en: `Provincial score ${score}, grade ${grade}.` },
      ...n.recommendations.map((r) => ({ zh: `建议：${r}`, en: `Recommendation: ${r}` })),
    ],
  };
}

/** Every region is reviewed: the province's finance is asked for the provincial report. */
export function provincialReportDueNotice(n: { year: number }): Notice {
  return {
    subject: { zh: `请上传${n.year}年度省级绩效评价报告`, en: `Upload the ${n.year} provincial evaluation report` },
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
      zh: `${org.zh}${year}年度省级绩效评价报告已报送${late ? '（逾期）' : ''}`,
      en: `${org.en} ${year} provincial evaluation report submitted${late ? ' (late)' : ''}`,
    },
    paragraphs: [{ zh: '请中央层面审核。', en: 'Submitted for central review.' }],
  };
}

// --- the titles and mail of the chain's human tasks ---------------------------------------------------------------

/** The title of a task about one self-evaluation. */
export function evaluationTitle(n: { org: Bilingual; year: number; fundName: Bilingual }): Bilingual {
  const { org, year, fundName } = n;
  return {
    zh: `${org.zh}${year}年度${fundName.zh}绩效自评`,
    en: `${org.en} ${year} ${fundName.en} self-evaluation`,
  };
}

/** The region's finance department is asked to sign the self-evaluation off (R17.1). */
export function signOffTaskMail(n: {
  org: Bilingual;
  year: number;
  fundName: Bilingual;
  total: string | undefined;
  grade: string | undefined;
}): Notice {
  const { org, year, fundName, total, grade } = n;
  return {
    subject: {
      zh: `待办：${org.zh}${year}年度${fundName.zh}绩效自评财政审定`,
      en: `To do: sign off ${org.en} ${year} ${fundName.en} self-evaluation`,
    },
    paragraphs: [
      {
        zh: `${scoreLine('自评得分', 'Score', total, grade).zh}请审定后报送省级。`,
        en: `${scoreLine('自评得分', 'Score', total, grade).en} Please sign it off for submission to the province.`,
      },
    ],
  };
}

/** The province (or its delegated third party) is asked to review one region × fund. */
export function reviewTaskMail(n: {
  org: Bilingual;
  year: number;
  fundName: Bilingual;
  total: string | undefined;
  grade: string | undefined;
  late: boolean;
}): Notice {
  const { org, year, fundName, total, grade, late } = n;
  return {
    subject: {
      zh: `待办：评价${org.zh}${year}年度${fundName.zh}绩效自评`,
      en: `To do: review ${org.en} ${year} ${fundName.en} self-evaluation`,
    },
    paragraphs: [
      {
        zh: `${scoreLine('自评得分', 'Self-assessed score', total, grade).zh}${late ? '逾期报送。' : ''}请确认或调整得分并提出建议，或退回修改。`,
        en: `${scoreLine('自评得分', 'Self-assessed score', total, grade).en}${late ? ' Submitted late.' : ''} Confirm or adjust it with recommendations, or return it.`,
      },
    ],
  };
}

/** The title of the provincial report's approval task. */
export function provincialReportTitle(n: { org: Bilingual; year: number }): Bilingual {
  return { zh: `${n.org.zh}${n.year}年度省级绩效评价报告`, en: `${n.org.en} ${n.year} provincial evaluation report` };
}

/** The province's finance is asked to approve the provincial report. */
export function provincialApprovalTaskMail(n: { org: Bilingual; year: number }): Notice {
  const { org, year } = n;
  return {
    subject: {
      zh: `待办：审定${org.zh}${year}年度省级绩效评价报告`,
      en: `To do: approve the ${org.en} ${year} provincial evaluation report`,
    },
    paragraphs: [
      { zh: '请审定后报送中央层面（7月底前）。', en: 'Approve it for submission to central (by the end of July).' },
    ],
  };
}

/** The title of a province's assessment task. */
export function assessmentTitle(n: { org: Bilingual; year: number }): Bilingual {
  return {
    zh: `${n.org.zh}${n.year}年度预算绩效管理工作考核`,
    en: `${n.org.en} ${n.year} performance-management assessment`,
  };
}

/** Central finance is asked to assess a province. */
export function assessmentTaskMail(n: { org: Bilingual; year: number }): Notice {
  const { org, year } = n;
  return {
    subject: {
      zh: `待办：考核${org.zh}${year}年度社会保险基金预算绩效管理工作`,
      en: `To do: assess ${org.en}'s ${year} performance-management work`,
    },
    paragraphs: [
      {
        zh: '请审阅省级报告及各统筹地区结果，评定自评质量得分。',
        en: 'Read the provincial report and the regional results, and score the quality of the self-evaluations.',
      },
    ],
  };
}

/** The notice of the assessment to the province (通报): praise, satisfactory, or an interview and a rectification. */
export function assessmentNotice(n: {
  org: Bilingual;
  year: number;
  total: string | undefined;
  outcome: 'praise' | 'satisfactory' | 'interview';
  deadline: string | undefined;
}): Notice {
  const { org, year, total, deadline } = n;
  const text: Record<string, Bilingual> = {
    praise: {
      zh: `考核得分${total}，预算绩效管理工作成效明显，予以表扬。`,
      en: `Score ${total}: effective performance-management work, commended.`,
    },
    satisfactory: { zh: `考核得分${total}，考核合格。`, en: `Score ${total}: satisfactory.` },
    interview: {
      zh: `考核得分${total}，工作推进不力，将进行约谈并责令于${deadline ? formatInstant(deadline, 'zh') : ''}前完成整改。`,
      en: `Score ${total}: insufficient progress. An interview will be held, and rectification is ordered by ${deadline ? formatInstant(deadline, 'en') : ''}.`,
    },
  };
  return {
    subject: {
      zh: `${year}年度社会保险基金预算绩效管理工作考核结果通报（${org.zh}）`,
      en: `${year} performance-management assessment notice (${org.en})`,
    },
    paragraphs: [text[n.outcome] as Bilingual],
  };
}

/** The title of a province's rectification tasks. */
export function rectificationTitle(n: { org: Bilingual; year: number }): Bilingual {
  return { zh: `${n.org.zh}${n.year}年度整改`, en: `${n.org.en} ${n.year} rectification` };
}

/** The province is asked to submit its rectification with evidence. */
export function rectificationTaskMail(n: { org: Bilingual; deadline: string }): Notice {
  const { org, deadline } = n;
  return {
    subject: { zh: `待办：${org.zh}限期整改`, en: `To do: ${org.en} rectification` },
    paragraphs: [
      {
        zh: `请于${formatInstant(deadline, 'zh')}前上传整改材料并报送。`,
        en: `Upload your rectification evidence and submit it by ${formatInstant(deadline, 'en')}.`,
      },
    ],
  };
}

/** Central is asked to verify a rectification. */
export function verificationTaskMail(n: { org: Bilingual; evidence: number }): Notice {
  const { org, evidence } = n;
  return {
    subject: { zh: `待办：验收${org.zh}整改情况`, en: `To do: verify ${org.en}'s rectification` },
    paragraphs: [{ zh: `已提交整改材料${evidence}份。`, en: `${evidence} evidence document(s) submitted.` }],
  };
}

/**
 * 31 July passed without the provincial report (第十八条): the escalation to the province's finance leads
 * (`toProvince`) and to central finance, naming the step it stands at.
 */
export function provincialLateNotice(n: {
  org: Bilingual;
  year: number;
  due: string;
  step: Bilingual;
  toProvince: boolean;
}): Notice {
  const { org, year, step, toProvince } = n;
  const due = instantText(n.due);
  return {
    subject: {
      zh: `【逾期】${org.zh}${year}年度省级绩效评价报告未按期报送`,
      en: `[Overdue] ${org.en}: the ${year} provincial evaluation report is late`,
    },
    paragraphs: [
      {
        zh: `${org.zh}${year}年度省级绩效评价报告应于${due.zh}前报送中央层面（第十八条），至今未报送，已记录为逾期。当前环节：${step.zh}。`,
        en: `${org.en}'s ${year} provincial evaluation report was due at central by ${due.en} (Art. 18) and has not arrived; it is recorded as late. It stands at: ${step.en}.`,
      },
      toProvince
        ? {
            zh: '请尽快完成并报送；逾期情况将计入中央考核的及时性评分。',
            en: 'Please complete and submit it now; the delay counts in the timeliness score of the central assessment.',
          }
        : { zh: '已同时通知该省财政部门。', en: 'The province’s finance department has been told as well.' },
    ],
  };
}
