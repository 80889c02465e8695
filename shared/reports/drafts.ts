import { kickoffUnits } from '#shared/cycle/cycles';
import type { SelfEvaluation } from '#shared/evaluation/records';
import { evaluationRecord, findAssessment, findRectification, provinceItems } from '#shared/evaluation/store';
import { now } from '#shared/platform/clock';
import { forbidden, notFound } from '#shared/platform/errors';
import { buildDisclosure, type Disclosure } from '#shared/publication/publication';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund, listFunds } from '#shared/reference/funds';
import { CATEGORY_LABELS, listIndicators, type TargetValue } from '#shared/reference/indicators';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';
import { lineChartPng } from '#shared/reports/chart';
import { type Block, governmentDocument, heading1, heading2, image, para, table } from '#shared/reports/layout';
import { draftedTarget, monitoredFigures } from '#shared/reports/store';

/**
 * 起草文书 (M19, issue 17): the regulation's documents drafted from the records as .docx in the layout of government
 * documents (`layout.ts`): the region's 绩效自评报告 per fund, the province's 省级绩效评价报告 and central's report to
 * the People's Congress; and each level's disclosure (第二十一条) as a document. A draft is read like the record it
 * drafts; people edit it and upload the official version through the usual upload slot.
 */

export const OUTCOME_ZH: Record<string, string> = { praise: '表扬', satisfactory: '合格', interview: '约谈' };
const STATUS_ZH: Record<SelfEvaluation['status'], string> = {
  'awaiting-report': '待报送',
  scoring: '评分中',
  'sign-off': '财政审定中',
  submitted: '已报送省级',
  reviewed: '省级已复核',
};

/** `2026年12月31日` in Asia/Shanghai. */
export function chineseDate(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}年${parts.month}月${parts.day}日`;
}

const today = () => chineseDate(now().toISOString());
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numbered = (i: number, text: string) => `${NUMERALS[i] ?? String(i + 1)}、${text}`;
const sub = (i: number, text: string) => `（${NUMERALS[i] ?? String(i + 1)}）${text}`;

/** A target as a person reads it: `≥98%`, `95～100%`, `良`. */
export function targetText(target: TargetValue, unit = '', direction?: string): string {
  if ('grade' in target) return target.grade;
  if ('min' in target) return `${target.min}～${target.max}${unit}`;
  const sign = direction === 'higher-better' ? '≥' : direction === 'lower-better' ? '≤' : '';
  return `${sign}${target.value}${unit}`;
}

/** A third party reviews what it is delegated; the drafts are the units' own documents. */
function notThirdParty(principal: Principal) {
  if (principal.department === 'third-party') {
    throw forbidden({ zh: '第三方机构不起草单位文书', en: 'A third party does not draft a unit’s documents' });
  }
}

function indicatorOf(fund: string, id: string) {
  return listIndicators({ fund }).find((i) => i.id === id);
}

// --- 绩效自评报告 -------------------------------------------------------------------------------------------------

/** The region's 绩效自评报告 draft of one fund, from its self-evaluation, issued target and monitoring. */
export async function selfEvaluationDraft(principal: Principal, year: number, org: string, fund: string) {
  notThirdParty(principal);
  authorize(principal, 'reference.read', org, fund);
  const e = await evaluationRecord(year, org, fund);
  const target = await draftedTarget(year, org, fund);
  const figures = await monitoredFigures(year, org, fund);
  const region = getOrg(org).name.zh;
  const fundName = getFund(fund).name.zh;
  const targets = new Map((target?.approved?.draft.indicators ?? []).map((i) => [i.id, i]));
  const actuals = new Map((e.actuals ?? []).map((a) => [a.id, a]));
  const card = e.score;
  const rows = (card?.indicators ?? [...targets.keys()].map((id) => ({ id, weight: '', score: '' }))).map((s) => {
    const ind = indicatorOf(fund, s.id);
    const t = targets.get(s.id);
    const met = card?.comparisons.find((c) => c.id === s.id)?.met;
    return [
      ind?.name.zh ?? s.id,
      t ? targetText(t.target, t.unit ?? ind?.unit, ind?.direction) : '—',
      actuals.get(s.id)?.actual ?? '—',
      s.weight || '—',
      s.score || '—',
      met === undefined ? '—' : met ? '达标' : '未达标',
    ];
  });
  const body: Block[] = [
    heading1(numbered(0, '基本情况')),
    para(
      `本报告为${region}${fundName}${year}年度绩效自评报告草稿，依据《社会保险基金预算绩效管理办法》（财社〔2022〕65号）` +
        `由系统根据已下达的绩效目标、绩效监控和自评数据生成。当前状态：${STATUS_ZH[e.status]}` +
        (e.submittedAt ? `，于${chineseDate(e.submittedAt)}报送` : '') +
        (e.late ? '，逾期报送' : '') +
        '。',
    ),
    ...(target?.approved?.draft.goals.length
      ? [heading2(sub(0, '年度绩效目标')), ...target.approved.draft.goals.map((g) => para(g))]
      : []),
    heading1(numbered(1, '自评得分')),
    card ? para(`自评总分${card.total}分，等级为“${card.grade}”。`) : para('自评尚未评分，待报送自评数据后生成得分。'),
    ...(card
      ? [
          table(
            ['指标类别', '得分'],
            Object.entries(card.subtotals).map(([c, v]) => [
              CATEGORY_LABELS[c as keyof typeof CATEGORY_LABELS]?.zh ?? c,
              v,
            ]),
          ),
        ]
      : []),
    heading1(numbered(2, '绩效指标完成情况')),
    table(['绩效指标', '目标值', '实际完成值', '分值', '得分', '完成情况'], rows),
    heading1(numbered(3, '偏离绩效目标的原因及改进措施')),
    ...deviations(e, fund),
    heading1(numbered(4, '绩效监控情况')),
    ...trajectory(figures, fund, `${region}${fundName}绩效监控趋势`),
    ...(e.review
      ? [
          heading1(numbered(5, '省级复核意见')),
          para(
            `省级复核得分${e.review.score}分，等级为“${e.review.grade}”。` +
              (e.review.comment ? `复核意见：${e.review.comment}` : ''),
          ),
          ...e.review.recommendations.map((r) => para(r)),
        ]
      : []),
  ];
  const title = `${region}${year}年度${fundName}绩效自评报告`;
  return {
    name: `${title}（草稿）.docx`,
    ascii: `self-evaluation-${year}-${org}-${fund}.docx`,
    buf: await governmentDocument({ title, issuer: region, date: today(), body }),
  };
}

function deviations(e: SelfEvaluation, fund: string): Block[] {
  const missed = (e.actuals ?? []).filter((a) => a.cause || a.measure);
  if (missed.length === 0) return [para('各项绩效指标均达到年度目标，无需说明偏离原因。')];
  return missed.flatMap((a, i) => [
    heading2(sub(i, indicatorOf(fund, a.id)?.name.zh ?? a.id)),
    para(`偏离原因：${a.cause ?? '（待补充）'}`),
    para(`改进措施：${a.measure ?? '（待补充）'}`),
  ]);
}

/** The monitoring trajectory: each quantitative indicator's submitted value by period, as a chart (PNG). */
function trajectory(figures: Awaited<ReturnType<typeof monitoredFigures>>, fund: string, title: string): Block[] {
  if (figures.length === 0) return [para('本年度尚无绩效监控数据。')];
  const ids = [...new Set(figures.flatMap((f) => f.indicators.filter((i) => i.value !== undefined).map((i) => i.id)))];
  const shown = ids.slice(0, 6);
  const series = shown.map((id) => ({
    name: indicatorOf(fund, id)?.name.zh ?? id,
    values: figures.map((f) => {
      const v = f.indicators.find((i) => i.id === id)?.value;
      return v === undefined ? null : Number(v);
    }),
  }));
  const labels = figures.map((f) => chineseDate(`${f.asOf}T04:00:00Z`));
  const blocks: Block[] = [para(`本年度共报送绩效监控数据${figures.length}期，主要指标走势如下图。`)];
  const png = series.length > 0 ? lineChartPng(title, labels, series) : undefined;
  if (png) blocks.push(image(png, 600, 320, title));
  return blocks;
}

// --- 省级绩效评价报告 ---------------------------------------------------------------------------------------------

/** The province's 省级绩效评价报告 draft: its regions' results, the feedback, problems and rectification. */
export async function provincialDraft(principal: Principal, year: number, province: string) {
  notThirdParty(principal);
  authorize(principal, 'reference.read', province);
  if (getOrg(province).tier !== 'province') {
    throw notFound({ zh: '省级绩效评价报告仅限省级单位', en: 'A provincial report is for a provincial unit' });
  }
  const items = (await provinceItems(year, province)).sort((a, b) =>
    `${a.org}${a.fund}`.localeCompare(`${b.org}${b.fund}`),
  );
  const assessment = await findAssessment(year, province);
  const rectification = await findRectification(year, province);
  const name = getOrg(province).name.zh;
  const done = items.filter((i) => i.status === 'submitted' || i.status === 'reviewed');
  const problems = items.filter(
    (i) => i.late || ['中', '差'].includes(i.review?.grade ?? i.score?.grade ?? '') || i.status === 'awaiting-report',
  );
  const body: Block[] = [
    heading1(numbered(0, '总体情况')),
    para(
      `${year}年度，本省应开展绩效自评${items.length}项，已报送${done.length}项，` +
        `省级已复核${items.filter((i) => i.status === 'reviewed').length}项，逾期${items.filter((i) => i.late).length}项。`,
    ),
    heading1(numbered(1, '各统筹地区评价结果')),
    table(
      ['统筹地区', '险种', '自评得分', '复核得分', '等级', '按时报送'],
      items.map((i) => [
        getOrg(i.org).name.zh,
        getFund(i.fund).name.zh,
        i.score?.total ?? '—',
        i.review?.score ?? '—',
        i.review?.grade ?? i.score?.grade ?? '—',
        i.late ? '逾期' : '按时',
      ]),
    ),
    heading1(numbered(2, '评价结果反馈')),
    ...(items.some((i) => i.review)
      ? items
          .filter((i) => i.review)
          .flatMap((i, n) => [
            heading2(sub(n, `${getOrg(i.org).name.zh}${getFund(i.fund).name.zh}`)),
            para(`复核得分${i.review?.score}分，等级“${i.review?.grade}”。${i.review?.comment ?? ''}`),
            ...(i.review?.recommendations ?? []).map((r) => para(r)),
          ])
      : [para('省级复核尚未完成。')]),
    heading1(numbered(3, '存在的问题及整改')),
    ...(problems.length
      ? problems.map((i) =>
          para(
            `${getOrg(i.org).name.zh}${getFund(i.fund).name.zh}：` +
              [
                i.late ? '未按时报送' : '',
                i.status === 'awaiting-report' ? '尚未报送自评' : '',
                ['中', '差'].includes(i.review?.grade ?? i.score?.grade ?? '') ? '评价等级偏低' : '',
              ]
                .filter(Boolean)
                .join('，') +
              '，需督促整改。',
          ),
        )
      : [para('未发现需整改的问题。')]),
    ...(assessment?.status === 'notified'
      ? [
          para(
            `中央考核得分${assessment.total ?? '—'}分，结果为“${OUTCOME_ZH[assessment.outcome ?? ''] ?? '—'}”。` +
              (rectification
                ? `整改${rectification.status === 'closed' ? '已验收' : '进行中'}，期限${chineseDate(rectification.deadline)}。`
                : ''),
          ),
        ]
      : []),
  ];
  const title = `${name}${year}年度社会保险基金绩效评价报告`;
  return {
    name: `${title}（草稿）.docx`,
    ascii: `provincial-evaluation-${year}-${province}.docx`,
    buf: await governmentDocument({ title, issuer: `${name}财政厅`, date: today(), body }),
  };
}

// --- 向人民代表大会报告 --------------------------------------------------------------------------------------------

/** Central's report to the People's Congress: key targets, results by province and by fund, assessments. */
export async function nationalReport(principal: Principal, year: number) {
  authorize(principal, 'results.publish', CENTRAL_ORG_CODE);
  if (principal.tier !== 'central') {
    throw forbidden({ zh: '全国报告由中央层面起草', en: 'Central drafts the national report' });
  }
  const d = await buildDisclosure(year);
  const title = `关于${year}年度社会保险基金预算绩效情况的报告`;
  return {
    name: `${title}（草稿）.docx`,
    ascii: `national-report-${year}.docx`,
    buf: await governmentDocument({ title, issuer: '财政部', date: today(), body: disclosureBody(d, true) }),
  };
}

const mean = (xs: string[]) => (xs.length ? (xs.reduce((s, x) => s + Number(x), 0) / xs.length).toFixed(2) : '—');

function gradeCounts(rs: Disclosure['results']) {
  const n = (g: string) => rs.filter((r) => r.grade === g).length;
  return `${n('优')}/${n('良')}/${n('中')}/${n('差')}`;
}

/** The body of a disclosure or the national report: key targets, results by province (every one) and fund, assessments. */
function disclosureBody(d: Disclosure, national: boolean): Block[] {
  const scores = (rs: Disclosure['results']) => rs.map((r) => r.score).filter((s): s is string => s !== null);
  const provinces = national ? kickoffUnits() : [d.org ?? CENTRAL_ORG_CODE];
  const body: Block[] = [
    heading1(numbered(0, '重点绩效目标')),
    ...(d.targets.length ? [] : [para('尚无已下达的绩效目标。')]),
    ...d.targets.flatMap((t, i) => [
      heading2(sub(i, `${t.orgName.zh}${t.fundName.zh}`)),
      ...t.goals.map((g) => para(g)),
      table(
        ['绩效指标', '目标值', '权重'],
        t.indicators.map((x) => [x.name?.zh ?? x.id, targetText(x.target, x.unit ?? ''), x.weight ?? '—']),
      ),
    ]),
    heading1(numbered(1, national ? '各省评价结果' : '各统筹地区评价结果')),
  ];
  if (national) {
    body.push(
      table(
        ['省份', '已评价项数', '平均得分', '优/良/中/差', '逾期'],
        provinces.map((p) => {
          const rs = d.results.filter((r) => r.province === p);
          return [
            getOrg(p).name.zh,
            String(rs.length),
            mean(scores(rs)),
            rs.length ? gradeCounts(rs) : '—',
            String(rs.filter((r) => r.late).length),
          ];
        }),
      ),
    );
  } else {
    body.push(
      table(
        ['统筹地区', '险种', '得分', '等级', '按时报送'],
        d.results.map((r) => [r.orgName.zh, r.fundName.zh, r.score ?? '—', r.grade ?? '—', r.late ? '逾期' : '按时']),
      ),
    );
  }
  body.push(
    heading1(numbered(2, '分险种评价结果')),
    table(
      ['险种', '已评价项数', '平均得分', '优/良/中/差'],
      listFunds({ year: d.year })
        .map((f) => ({ f, rs: d.results.filter((r) => r.fund === f.code) }))
        .filter(({ rs }) => national || rs.length > 0)
        .map(({ f, rs }) => [f.name.zh, String(rs.length), mean(scores(rs)), rs.length ? gradeCounts(rs) : '—']),
    ),
  );
  if (national || d.assessments.length) {
    body.push(
      heading1(numbered(3, '考核结果')),
      d.assessments.length
        ? table(
            ['省份', '考核得分', '考核结果'],
            d.assessments.map((a) => [a.orgName.zh, a.total ?? '—', OUTCOME_ZH[a.outcome ?? ''] ?? '—']),
          )
        : para('中央层面考核尚未完成。'),
    );
  }
  return body;
}

/** A published disclosure as a document (the public page's .docx download). */
export async function disclosureDocument(d: Disclosure) {
  const org = d.org ?? CENTRAL_ORG_CODE;
  const who = org === CENTRAL_ORG_CODE ? '全国' : getOrg(org).name.zh;
  const title = `${who}${d.year}年度社会保险基金绩效信息公开`;
  return {
    name: `${title}.docx`,
    ascii: `disclosure-${d.year}-${org}.docx`,
    buf: await governmentDocument({
      title,
      issuer: org === CENTRAL_ORG_CODE ? '财政部' : `${getOrg(org).name.zh}财政厅`,
      date: chineseDate(d.publishedAt),
      body: disclosureBody(d, org === CENTRAL_ORG_CODE),
    }),
  };
}
