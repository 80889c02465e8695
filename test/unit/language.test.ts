import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cycle from '#shared/cycle/notices';
import * as evaluation from '#shared/evaluation/notices';
import * as monitoring from '#shared/monitoring/notices';
import type { Bilingual } from '#shared/platform/errors';
import { renderMail } from '#shared/platform/mail';
import * as rules from '#shared/rules/notices';
import * as targets from '#shared/targets/notices';
import * as tasks from '#shared/tasks/notices';
import { MESSAGES } from '../../web/src/i18n/messages.ts';
import { englishWords, isoTimestamps, languageProblems } from '../helpers/language.ts';

/**
 * No English and no raw codes where a Chinese reader reads (issue 16, point 5): every zh string of the console's
 * message table, and every mail template of every wing rendered with representative inputs.
 */

const org: Bilingual = { zh: '广东省', en: 'Guangdong' };
const region: Bilingual = { zh: '广州市', en: 'Guangzhou' };
const fundName: Bilingual = { zh: '职工基本医疗保险基金', en: 'Employee basic medical insurance fund' };
const fund = 'EBMI';
const year = 2026;
const due = '2026-12-21T15:59:59.999Z';
const url = 'http://localhost:4000/?cycle=2026&org=440000';
const message: Bilingual = { zh: '基金支出进度滞后于时序进度', en: 'Spending lags the time elapsed' };
const stepName: Bilingual = { zh: '初审', en: 'Preliminary review' };

/** (none left: every template formats its dates with shared/platform/dates.ts) */
const PENDING_DATES_IN_ENGLISH_MAILS = new Set<string>();

type Output = Bilingual | { subject: Bilingual; paragraphs: Bilingual[]; links?: { label: Bilingual; url: string }[] };

/** Every exported template of every wing, each with the inputs of each of its variants. */
const TEMPLATES: Record<string, Record<string, () => Output[]>> = {
  cycle: {
    kickoffNotice: () => [cycle.kickoffNotice({ org, year, due, draftDue: due, console: url })],
  },
  evaluation: {
    reportDueNotice: () => [
      evaluation.reportDueNotice({
        org: region,
        year,
        fundName,
        due,
        overdue: false,
        missing: undefined,
        console: url,
      }),
      evaluation.reportDueNotice({ org: region, year, fundName, due, overdue: true, missing: undefined, console: url }),
      evaluation.reportDueNotice({
        org: region,
        year,
        fundName,
        due,
        overdue: false,
        missing: ['参保率', '基金支出增长率'],
        console: url,
      }),
    ],
    lateSelfEvaluationNotice: () => [evaluation.lateSelfEvaluationNotice({ org: region, year, fund, fundName })],
    selfEvaluationSubmittedNotice: () => [
      evaluation.selfEvaluationSubmittedNotice({
        org: region,
        year,
        fund,
        fundName,
        late: true,
        total: '86.5',
        grade: '良',
      }),
      evaluation.selfEvaluationSubmittedNotice({
        org: region,
        year,
        fund,
        fundName,
        late: false,
        total: undefined,
        grade: undefined,
      }),
    ],
    feedbackNotice: () => [
      evaluation.feedbackNotice({
        org: region,
        year,
        fund,
        fundName,
        score: '82',
        grade: '良',
        recommendations: ['加强基金收支预测'],
      }),
    ],
    provincialReportDueNotice: () => [evaluation.provincialReportDueNotice({ year })],
    provincialSubmittedNotice: () => [
      evaluation.provincialSubmittedNotice({ org, year, late: false }),
      evaluation.provincialSubmittedNotice({ org, year, late: true }),
    ],
    evaluationTitle: () => [evaluation.evaluationTitle({ org: region, year, fundName })],
    signOffTaskMail: () => [
      evaluation.signOffTaskMail({ org: region, year, fundName, total: '86.5', grade: '良' }),
      evaluation.signOffTaskMail({ org: region, year, fundName, total: undefined, grade: undefined }),
    ],
    reviewTaskMail: () => [
      evaluation.reviewTaskMail({ org: region, year, fundName, total: '86.5', grade: '良', late: true }),
      evaluation.reviewTaskMail({ org: region, year, fundName, total: undefined, grade: undefined, late: false }),
    ],
    provincialReportTitle: () => [evaluation.provincialReportTitle({ org, year })],
    provincialApprovalTaskMail: () => [evaluation.provincialApprovalTaskMail({ org, year })],
    assessmentTitle: () => [evaluation.assessmentTitle({ org, year })],
    assessmentTaskMail: () => [evaluation.assessmentTaskMail({ org, year })],
    assessmentNotice: () => [
      evaluation.assessmentNotice({ org, year, total: '92', outcome: 'praise', deadline: undefined }),
      evaluation.assessmentNotice({ org, year, total: '75', outcome: 'satisfactory', deadline: undefined }),
      evaluation.assessmentNotice({ org, year, total: '55', outcome: 'interview', deadline: due }),
    ],
    rectificationTitle: () => [evaluation.rectificationTitle({ org, year })],
    rectificationTaskMail: () => [evaluation.rectificationTaskMail({ org, deadline: due })],
    verificationTaskMail: () => [evaluation.verificationTaskMail({ org, evidence: 2 })],
    provincialLateNotice: () => [
      evaluation.provincialLateNotice({ org, year, due, step: stepName, toProvince: true }),
      evaluation.provincialLateNotice({ org, year, due, step: stepName, toProvince: false }),
    ],
  },
  monitoring: {
    submitterNotice: () => [
      monitoring.submitterNotice({
        org: region,
        fund: fundName,
        asOf: '2026-06-30',
        due,
        overdue: false,
        console: url,
      }),
      monitoring.submitterNotice({ org: region, fund: fundName, asOf: '2026-06-30', due, overdue: true, console: url }),
    ],
    overdueCorrectionNotice: () => [
      monitoring.overdueCorrectionNotice({
        org: region,
        fundName,
        fund,
        asOf: '2026-06-30',
        messages: [message, message],
        due,
      }),
    ],
    taxMismatchNotice: () => [
      monitoring.taxMismatchNotice({
        org: region,
        fund: fundName,
        asOf: '2026-06-30',
        agency: '10300000000',
        tax: '10000000000',
        share: '0.0300',
        console: url,
      }),
    ],
    reserveRiskNotice: () => [
      monitoring.reserveRiskNotice({
        org: region,
        fund: fundName,
        asOf: '2026-06-30',
        monthsPayable: 0,
        runsOutIn: 10,
        severity: 'major',
        console: url,
      }),
      monitoring.reserveRiskNotice({
        org: region,
        fund: fundName,
        asOf: '2026-06-30',
        monthsPayable: 4.5,
        runsOutIn: null,
        severity: 'minor',
        console: url,
      }),
    ],
    outlierNotice: () => [
      monitoring.outlierNotice({
        org: region,
        fund: fundName,
        asOf: '2026-06-30',
        finding: {
          zh: '基金支出执行率与全省其他统筹地区差异显著',
          en: 'Expenditure execution rate far from the others',
        },
        console: url,
      }),
    ],
    correctionTaskTitle: () => [monitoring.correctionTaskTitle({ org: region, fund: fundName, asOf: '2026-06-30' })],
    correctionTaskMail: () =>
      (['info', 'minor', 'major'] as const).flatMap((severity) => [
        monitoring.correctionTaskMail({
          org: region,
          fund: fundName,
          asOf: '2026-06-30',
          step: 'respond',
          stepName: { zh: '整改反馈', en: 'Response' },
          due,
          overdue: true,
          findings: [
            {
              message,
              dimension: 'timeliness',
              severity,
              correction: { lastComment: { text: '请补充佐证材料', by: 'finance.440100', at: due } },
            },
            { message, dimension: 'effectiveness', severity, correction: {} },
          ],
        }),
        monitoring.correctionTaskMail({
          org: region,
          fund: fundName,
          asOf: '2026-06-30',
          step: 'review',
          stepName: { zh: '整改审核', en: 'Review' },
          due,
          overdue: false,
          findings: [
            {
              message,
              dimension: 'effectiveness',
              severity,
              correction: { response: { text: '已完成整改', by: 'medsec-agency.440100', at: due } },
            },
          ],
        }),
      ]),
  },
  targets: {
    deadlineMissedNotice: () => [targets.deadlineMissedNotice({ org, year, fund, fundName, stepName })],
    issuedNotice: () => [targets.issuedNotice({ org, year, fund, fundName, version: 3 })],
    decomposedNotice: () => [targets.decomposedNotice({ org: region, year, fund, fundName })],
    targetTaskTitle: () => [targets.targetTaskTitle({ org, year, fundName, stepName })],
    targetTaskNotice: () => [
      targets.targetTaskNotice({ org, year, fundName, stepName, due, overdue: false }),
      targets.targetTaskNotice({ org, year, fundName, stepName, due, overdue: true, returned: '请调整参保率目标' }),
    ],
    budgetTaskTitle: () => [targets.budgetTaskTitle({ org, year, fundName, stepName })],
    budgetTaskNotice: () => [
      targets.budgetTaskNotice({ org, year, fundName, stepName, due, overdue: false, reason: '待遇标准提高' }),
      targets.budgetTaskNotice({ org, year, fundName, stepName, due, overdue: true, reason: '待遇标准提高' }),
    ],
  },
  tasks: {
    taskLink: () => [{ subject: { zh: '', en: '' }, paragraphs: [], links: [tasks.taskLink(url)] }],
    assignedMail: () => [
      tasks.assignedMail({ zh: '广东省2026年度绩效目标', en: 'Guangdong 2026 targets' }, '张三', due),
      tasks.assignedMail({ zh: '广东省2026年度绩效目标', en: 'Guangdong 2026 targets' }, '张三', undefined),
    ],
    digestMail: () => [
      tasks.digestMail([
        {
          subject: { zh: '待办：广东省2026年度绩效目标制定', en: 'To do: Guangdong 2026 targets' },
          url,
          kind: 'reminder',
        },
        {
          subject: { zh: '【已逾期】待办：广州市监控问题整改反馈', en: '[Overdue] To do: Guangzhou correction' },
          url,
          kind: 'overdue',
        },
      ]),
      tasks.digestMail([
        { subject: { zh: '待办：广东省2026年度绩效目标制定', en: 'To do: targets' }, url, kind: 'reminder' },
      ]),
    ],
  },
  rules: {
    rulesTaskTitle: () => [rules.rulesTaskTitle({ province: org, year })],
    rulesTaskNotice: () => [
      rules.rulesTaskNotice({ province: org, year, due, overdue: false }),
      rules.rulesTaskNotice({ province: org, year, due, overdue: true }),
    ],
    rulesIssuedNotice: () => [rules.rulesIssuedNotice({ province: org, year, version: 2 })],
    rulesReturnedNotice: () => [rules.rulesReturnedNotice({ province: org, year, comment: '请降低新增指标分值' })],
  },
};

const MODULES: Record<string, Record<string, unknown>> = { cycle, evaluation, monitoring, targets, tasks, rules };

/** The Chinese a reader meets in one template's output: its subject (or title), its paragraphs, its links. */
function chinese(out: Output): string[] {
  if ('zh' in out) return [out.zh];
  return [out.subject.zh, ...out.paragraphs.map((p) => p.zh), ...(out.links ?? []).map((l) => l.label.zh)];
}
function english(out: Output): string[] {
  if ('en' in out) return [out.en];
  return [out.subject.en, ...out.paragraphs.map((p) => p.en), ...(out.links ?? []).map((l) => l.label.en)];
}

describe('the language of every mail template', () => {
  it('knows every template each wing exports', () => {
    for (const [wing, mod] of Object.entries(MODULES)) {
      const exported = Object.entries(mod)
        .filter(([, v]) => typeof v === 'function')
        .map(([k]) => k)
        .sort();
      expect(Object.keys(TEMPLATES[wing] ?? {}).sort(), `shared/${wing}/notices.ts`).toEqual(exported);
    }
  });

  for (const [wing, templates] of Object.entries(TEMPLATES)) {
    for (const [name, render] of Object.entries(templates)) {
      it(`${wing}/${name}: no English, raw code, ISO timestamp or spaced digit in the Chinese`, () => {
        const problems = render().flatMap((out) =>
          chinese(out).flatMap((text) => languageProblems(text).map((p) => `${p} in “${text}”`)),
        );
        expect(problems).toEqual([]);
      });
      const pending = PENDING_DATES_IN_ENGLISH_MAILS.has(`${wing}/${name}`);
      it(`${wing}/${name}: no ISO timestamp in the English either${pending ? ' (pending: listed in PENDING_DATES_IN_ENGLISH_MAILS)' : ''}`, () => {
        const found = render().flatMap((out) => english(out).flatMap(isoTimestamps));
        if (pending) expect(found.length, 'fixed: remove it from PENDING_DATES_IN_ENGLISH_MAILS').toBeGreaterThan(0);
        else expect(found).toEqual([]);
      });
    }
  }

  it('the rendered mail keeps its Chinese half free of English (renderMail)', () => {
    const mail = renderMail({
      to: 'x@sifpm.example.cn',
      ...cycle.kickoffNotice({ org, year, due, draftDue: due, console: url }),
    });
    const zhHalf = mail.text.split('——')[0] ?? '';
    expect(englishWords(zhHalf)).toEqual([]);
    expect(englishWords(mail.subject.split(' | ')[0] ?? '')).toEqual([]);
  });
});

describe('the language of the console’s message table', () => {
  /** A placeholder is filled by the page; its name is not text a reader sees. */
  const filled = (text: string) => text.replace(/\{[a-zA-Z]+\}/g, '');
  const zh = Object.entries(MESSAGES.zh);

  it('has Chinese strings to check', () => {
    expect(zh.length).toBeGreaterThan(300);
  });

  it('every zh string is free of English words and raw codes', () => {
    const problems = zh.flatMap(([key, text]) =>
      englishWords(filled(text)).map((w) => `${key}: English word “${w}” in “${text}”`),
    );
    expect(problems).toEqual([]);
  });

  it('every zh string writes Chinese and digits (or a placeholder) together', () => {
    const problems = zh.flatMap(([key, text]) => {
      const spaced = text.match(/[\u4e00-\u9fff][ \u00a0]+(?:\d|\{)|(?:\d|\})[ \u00a0]+[\u4e00-\u9fff]/g) ?? [];
      return spaced.map((s) => `${key}: “${s}” in “${text}”`);
    });
    expect(problems).toEqual([]);
  });
});

describe('the codes a reader meets have words', () => {
  /** Every audit action written in `shared/` (the timeline shows each one as `action.<code>`). */
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  const actions = new Set(
    sources(path.resolve(import.meta.dirname, '../../shared')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\baction: '([a-z.-]+)'/g)].map((m) => m[1] ?? ''),
    ),
  );

  it('finds the audit actions', () => {
    expect(actions.size).toBeGreaterThan(20);
  });

  it('names every audit action in the timeline (action.<code>), in Chinese', () => {
    expect([...actions].filter((a) => !(`action.${a}` in MESSAGES.zh)).sort()).toEqual([]);
  });
});
