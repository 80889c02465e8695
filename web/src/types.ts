import type { WorkItem } from '#shared/cycle/cycles';
import type { DocumentRef } from '#shared/evaluation/records';
import type { Comparison, Dimension, Severity } from '#shared/monitoring/compare';
import type { TargetDraft, TargetIndicator } from '#shared/targets/targets';

export type { WorkItem } from '#shared/cycle/cycles';
export type { DocumentRef } from '#shared/evaluation/records';
export type { Comparison } from '#shared/monitoring/compare';
export type { Indicator } from '#shared/reference/indicators';
export type { TargetDraft, TargetIndicator } from '#shared/targets/targets';

import type { TargetValue } from '#shared/reference/indicators';
import type { Org, Tier } from '#shared/reference/orgs';
import type { Grade } from '#shared/reference/scoring';
import type { Bilingual } from './i18n/i18n.tsx';

export type { TimelineEntry } from '#shared/cycle/timeline';
export type { UploadSlot } from '#shared/documents/documents';
export type { Dimension, Severity } from '#shared/monitoring/compare';
export type { Fund } from '#shared/reference/funds';
export type { TargetValue } from '#shared/reference/indicators';
export type { Org, Tier } from '#shared/reference/orgs';
export type { Grade } from '#shared/reference/scoring';
export type { TaskView } from '#shared/tasks/tasks';

export interface Me {
  userId: string;
  email: string;
  name: string;
  orgCode: string;
  tier: Tier;
  department: string;
  org?: Org;
}

export interface Cycle {
  year: number;
  phase: string;
  deadlines: { targets: string; selfEvaluation: string; provincialEvaluation: string };
  createdAt: string;
  createdBy: string;
  version: number;
  executionArn: string;
  execution?: { arn: string; status: string; state?: string; since?: string };
}

export interface LocalUser {
  id: string;
  name: string;
  orgCode: string;
  tier: Tier;
  department: string;
  email: string;
}

export interface MailMessage {
  id: string;
  at: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  links: string[];
}

export const GRADES: Grade[] = ['优', '良', '中', '差'];

/** `GET /api/cycles/{year}/targets?org=` (shared/targets/targets.ts viewTargets). */
export interface TargetView {
  year: number;
  org: string;
  fund: string;
  status: string;
  version: number;
  approvedVersion: number | null;
  step: { name: string; label: Bilingual; since: string | null; due: string | null } | null;
  draft: TargetDraft | null;
  approved: { version: number; draft: TargetDraft; approvedAt: string; approvedBy: string } | null;
  guidance: TargetIndicator[] | null;
  decomposedFrom: { org: string; version: number } | null;
  lastComment: { step: string; by: string; at: string; text: string } | null;
  late: Record<string, string>;
}

export interface ScoreCard {
  indicators: { id: string; category: string; weight: string; fraction: string; score: string }[];
  subtotals: Record<string, string>;
  total: string;
  grade: string;
  comparisons?: { id: string; met: boolean; explanationRequired: boolean }[];
}

/** `GET /api/cycles/{year}/evaluations?org=` (shared/evaluation/self-evaluation.ts evaluationView). */
export interface Evaluation {
  year: number;
  org: string;
  province: string;
  fund: string;
  status: 'awaiting-report' | 'scoring' | 'sign-off' | 'submitted' | 'reviewed';
  step: string;
  due: string;
  late: boolean;
  lateSince: string | null;
  score: string | null;
  grade: string | null;
  scoreCard: ScoreCard | null;
  missingExplanations: string[];
  documentErrors: { code: string; message: Bilingual; cell?: string }[];
  report: DocumentRef | null;
  review: {
    score: string;
    grade: string;
    adjusted: boolean;
    comment?: string;
    recommendations: string[];
    by: string;
    at: string;
  } | null;
  version: number;
}

/** A work item as `GET /api/cycles/{year}/items` lists it; evaluation items carry their results. */
export interface EvaluationItem extends WorkItem {
  province?: string;
  late?: string;
  score?: { total: string; grade: string };
  review?: { score: string; grade: string };
}

// --- monitoring (第三章) ------------------------------------------------------------------------------------------

export const BUDGET_LINES = ['contributionIncome', 'subsidy', 'benefits', 'income', 'expenditure'] as const;
export type BudgetLine = (typeof BUDGET_LINES)[number];
export const FIGURES = [...BUDGET_LINES, 'balance'] as const;
export type Figure = (typeof FIGURES)[number];

/** A finding of the comparison (shared/monitoring/submissions.ts findingView). */
export interface Finding {
  asOf: string;
  code: string;
  dimension: Dimension;
  severity: Severity;
  message: Bilingual;
  details: Record<string, unknown>;
  status: 'noted' | 'correcting' | 'responded' | 'closed' | 'resolved';
  raisedAt: string;
  correction: {
    due: string;
    overdue: boolean;
    escalatedAt?: string;
    response?: { text: string; by: string; at: string };
    closedAt?: string;
  } | null;
  org: string;
  fund: string;
}

export interface MonitoringSubmissionView {
  budget: Record<BudgetLine, string>;
  actual: Record<Figure, string>;
  indicators: { id: string; value?: string; grade?: string }[];
  notes: { riskControl: string; financialManagement: string };
  submittedBy: string;
  submittedAt: string;
  late: boolean;
  version: number;
}

export interface MonitoringPeriod {
  asOf: string;
  opensAt: string;
  due: string;
  status: 'open' | 'submitted' | 'missed';
  late: boolean;
  submittedAt: string | null;
  submission: MonitoringSubmissionView | null;
  comparison: Comparison | null;
  findings: Finding[];
}

/** One fund of `GET /api/cycles/{year}/monitoring?org=` (shared/monitoring/submissions.ts viewMonitoring). */
export interface FundMonitoring {
  org: string;
  fund: string;
  monitored: boolean;
  target?: { version: number; indicators: TargetIndicator[] } | null;
  periods?: MonitoringPeriod[];
  findings?: Finding[];
  execution?: { asOf: string; elapsedShare: string; rates: Partial<Record<BudgetLine, string>> }[];
}

export interface MonitoringView {
  year: number;
  org: string;
  config: { frequency: string; dueDays: number; points: string[] };
  funds: FundMonitoring[];
}

/** `PUT …/monitoring/{org}/{fund}/periods/{asOf}`: the stored submission, its comparison and the period's findings. */
export interface SubmitResult {
  period: { asOf: string; due: string; status: string; late: boolean };
  submission: MonitoringSubmissionView;
  comparison: Comparison;
  findings: Finding[];
}

/** `GET /api/cycles/{year}/monitoring/summary?org=<province>`. */
export interface MonitoringSummary {
  year: number;
  province: string;
  regions: {
    org: string;
    name: Bilingual;
    funds: string[];
    openFindings: number;
    openCorrections: number;
    overdueCorrections: number;
    bySeverity: Record<Severity, number>;
    byDimension: Record<Dimension, number>;
    latePeriods: number;
    missingPeriods: number;
  }[];
}

// --- public disclosure (第二十一条) -----------------------------------------------------------------------------------

/** `GET /api/public/cycles/{year}` (shared/publication/publication.ts Disclosure); names are absent from older snapshots. */
export interface Disclosure {
  year: number;
  publishedAt: string;
  targets: {
    org: string;
    orgName: Bilingual;
    fund: string;
    fundName?: Bilingual;
    version: number;
    goals: string[];
    indicators: { id: string; target: TargetValue; name?: Bilingual; unit?: string; weight?: string }[];
  }[];
  results: {
    org: string;
    orgName: Bilingual;
    province: string;
    provinceName?: Bilingual;
    fund: string;
    fundName?: Bilingual;
    score: string | null;
    grade: string | null;
    late: boolean;
  }[];
  assessments: { org: string; orgName: Bilingual; total: string | null; outcome: string | null }[];
}
