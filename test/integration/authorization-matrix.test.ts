import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '#functions/manifest';
import { LOCAL_AUDIENCE } from '#local/identity';
import { BUDGET_LINES, FIGURES } from '#shared/monitoring/compare';
import { listIndicators } from '#shared/reference/indicators';
import type { Action } from '#shared/reference/roles';
import {
  CENTRAL,
  expectedAllow,
  GD,
  GZ,
  JS,
  type Need,
  principals,
  type Sample,
  SZ,
  type Who,
  ZH,
} from '../helpers/authorization-matrix.ts';
import { PDF } from '../helpers/documents.ts';
import { IN_TIME_FOR_2025, runningClock, startSystem, type TestSystem } from '../helpers/local.ts';
import { guidingDraft, issueToRegions } from '../helpers/targets.ts';
import { decide, taskLink } from '../helpers/tasks.ts';

/**
 * Issue 14: every route of the manifest × every kind of principal → the answer the policy table gives, computed here
 * independently of the handlers. Observed allow = the answer is neither 401 nor 403.
 */
const YEAR = 2025;
const ASOF = `${YEAR}-01-31`;
const UNTIL = '2026-08-15T00:00:00+08:00';

const actuals = (fund: string) =>
  listIndicators({ fund }).map((i) => {
    const t = i.defaultTarget as { value?: string; min?: string; grade?: string };
    return { id: i.id, actual: t.grade ?? t.value ?? t.min ?? '0' };
  });
const monitoringBody = {
  budget: Object.fromEntries(BUDGET_LINES.map((l) => [l, '1000000'])),
  actual: Object.fromEntries(Object.keys(FIGURES).map((f) => [f, '100000'])),
  indicators: [],
  notes: { riskControl: '风险可控 / under control', financialManagement: '核算规范 / in order' },
};

const BUDGET_LINES_IN = {
  contributionIncome: '1000.00',
  subsidy: '0',
  interestIncome: '0',
  otherIncome: '0',
  benefits: '800.00',
  otherExpenditure: '0',
  openingBalance: '0',
};

const read = (action: Action = 'reference.read'): Need => ({
  kind: 'action',
  action,
  scope: 'read',
});
const none = (action: Action, extra: Partial<Extract<Need, { kind: 'action' }>> = {}): Need => ({
  kind: 'action',
  action,
  scope: 'none',
  ...extra,
});
const own = (action: Action, extra: Partial<Extract<Need, { kind: 'action' }>> = {}): Need => ({
  kind: 'action',
  action,
  scope: 'own',
  ...extra,
});

/** The task links the matrix uses, found in the mailbox during setup. */
interface Tasks {
  draft: { id: string; assignee: string };
  active: { id: string; assignee: string };
  revoked: { id: string; assignee: string };
  expired: { id: string; assignee: string };
  /** each region's recorded self-evaluation report (EBMI), by region */
  reports: Record<string, string>;
}

interface Entry {
  need: Need;
  write?: boolean;
  samples: (t: Tasks) => Sample[];
}

const y = `/api/cycles/${YEAR}`;
/** org × fund samples: the province and one of its regions, a medical fund and an hrss one */
const orgFund = (make: (org: string, fund: string) => Omit<Sample, 'label' | 'org' | 'fund'>, orgs = [GD, GZ]) =>
  orgs.flatMap((org) => ['EBMI', 'UI'].map((fund) => ({ label: `${org}/${fund}`, org, fund, ...make(org, fund) })));
const orgOnly = (make: (org: string) => Omit<Sample, 'label' | 'org'>, orgs = [GD, GZ, JS]) =>
  orgs.map((org) => ({ label: org, org, ...make(org) }));
const one = (path: string, body?: unknown): Sample[] => [{ label: path, path, ...(body ? { body } : {}) }];

/** Route → what it needs and sample requests (path filled, a valid body). Every manifest route must be here. */
const ROUTES: Record<string, Entry> = {
  'GET /api/health': { need: { kind: 'public' }, samples: () => one('/api/health') },
  'POST /api/cycles': { need: none('cycle.kickoff'), write: true, samples: () => one('/api/cycles', { year: YEAR }) },
  'GET /api/cycles/{year}': { need: none('reference.read'), samples: () => one(y) },
  'GET /api/openapi.json': { need: { kind: 'public' }, samples: () => one('/api/openapi.json') },
  'GET /api/me': { need: { kind: 'self' }, samples: () => one('/api/me') },
  'GET /api/me/tasks': { need: { kind: 'self' }, samples: () => one('/api/me/tasks') },
  'GET /api/directory': {
    need: { kind: 'action', action: 'directory.read', scope: 'read' },
    samples: () => orgOnly((o) => ({ path: `/api/directory?org=${o}` })),
  },
  'GET /api/directory/people/{id}': {
    need: { kind: 'action', action: 'directory.read', scope: 'read' },
    samples: () => orgOnly((o) => ({ path: `/api/directory/people/finance.${o}` })),
  },
  // the directory's writes: central manages central staff, a province its own and its regions' (directory
  // administrators only: the finance leads of central and the provinces); the people written are not principals here
  'POST /api/directory/people': {
    need: { kind: 'action', action: 'directory.manage', scope: 'read' },
    write: true,
    samples: () =>
      [CENTRAL, GD, ZH].map((org) => ({
        label: org,
        org,
        path: '/api/directory/people',
        body: {
          name: '测试人员',
          email: `matrix.${org}@sifpm.example.cn`,
          orgCode: org,
          department: 'tax',
          functions: ['drafter'],
        },
        ...(org === CENTRAL
          ? {}
          : { need: { kind: 'action', action: 'directory.manage', scope: 'read', tiers: ['province'] } as Need }),
      })),
  },
  'PATCH /api/directory/people/{id}': {
    need: { kind: 'action', action: 'directory.manage', scope: 'read', tiers: ['province'] },
    write: true,
    samples: () => [
      {
        label: ZH,
        org: ZH,
        path: `/api/directory/people/hrss-agency.${ZH}`,
        body: { version: 1, changes: { mobile: '13800000000' } },
      },
    ],
  },
  'POST /api/directory/people/{id}/deactivate': {
    need: { kind: 'action', action: 'directory.manage', scope: 'read', tiers: ['province'] },
    write: true,
    samples: () => [{ label: ZH, org: ZH, path: `/api/directory/people/tax.${ZH}/deactivate` }],
  },
  'POST /api/directory/people/{id}/reactivate': {
    need: { kind: 'action', action: 'directory.manage', scope: 'read', tiers: ['province'] },
    write: true,
    samples: () => [{ label: ZH, org: ZH, path: `/api/directory/people/tax.${ZH}/reactivate` }],
  },
  'PUT /api/directory/people/{id}/deputy': {
    // the person themself or the lead of their department
    need: { kind: 'assignee' },
    write: true,
    samples: () => [
      {
        label: `finance.${GD}.2`,
        path: `/api/directory/people/finance.${GD}.2/deputy`,
        assignee: `finance.${GD}`,
        body: { deputy: null },
      },
    ],
  },
  // the import: who may import into the organisation (its rows are then checked as the people they add; a JSON body
  // here is refused 415 once the caller is let through)
  'POST /api/directory/import': {
    need: { kind: 'action', action: 'directory.manage', scope: 'read' },
    samples: () => orgOnly((o) => ({ path: `/api/directory/import?org=${o}`, body: {} })),
  },
  'GET /api/directory/template': {
    need: { kind: 'action', action: 'directory.manage', scope: 'caller' },
    samples: () => one('/api/directory/template'),
  },
  'GET /api/funds': { need: none('reference.read'), samples: () => one('/api/funds') },
  'GET /api/orgs': { need: none('reference.read'), samples: () => one(`/api/orgs?parent=${GD}`) },
  'GET /api/indicators': { need: none('reference.read'), samples: () => one('/api/indicators?fund=EBMI') },
  'POST /api/funds/{fund}/explanations-needed': {
    need: none('reference.read'),
    samples: () => one('/api/funds/EBMI/explanations-needed', { actuals: actuals('EBMI').slice(0, 2) }),
  },
  'GET /api/cycles': { need: none('reference.read'), samples: () => one('/api/cycles') },
  'GET /api/cycles/{year}/items': { need: read(), samples: () => orgOnly((o) => ({ path: `${y}/items?org=${o}` })) },
  'GET /api/cycles/{year}/targets': {
    need: read(),
    samples: () => orgOnly((o) => ({ path: `${y}/targets?org=${o}` })),
  },
  'PUT /api/cycles/{year}/targets/{org}/{fund}/draft': {
    need: own('targets.draft', { fund: true }),
    write: true,
    samples: () => orgFund((o, f) => ({ path: `${y}/targets/${o}/${f}/draft`, body: guidingDraft(f) })),
  },
  'POST /api/cycles/{year}/targets/{org}/{fund}/adjust': {
    need: own('targets.finance-review', { central: 'targets.central-review' }),
    write: true,
    // the UI targets are still being drafted: an allowed adjustment is refused (409) and changes nothing
    samples: () =>
      [GD, GZ, JS].map((org) => ({
        label: `${org}/UI`,
        org,
        fund: 'UI',
        path: `${y}/targets/${org}/UI/adjust`,
        body: { reason: '授权矩阵 / authorization matrix' },
      })),
  },
  'PUT /api/cycles/{year}/targets/{org}/{fund}/regions': {
    need: own('targets.decompose'),
    write: true,
    samples: () =>
      [GD, GZ].map((org) => ({
        label: `${org}/UI`,
        org,
        fund: 'UI',
        path: `${y}/targets/${org}/UI/regions`,
        body: { regions: [{ org: SZ, indicators: guidingDraft('UI').indicators }] },
      })),
  },
  'PUT /api/cycles/{year}/central-targets/{fund}': {
    need: none('targets.draft', { fund: true, tiers: ['central'] }),
    write: true,
    samples: () =>
      ['EBMI', 'UI'].map((fund) => ({
        label: fund,
        fund,
        path: `${y}/central-targets/${fund}`,
        body: {
          overall: { from: YEAR, to: YEAR + 2, goals: ['稳健运行 / sound operation'], indicators: [] },
          annual: guidingDraft(fund),
        },
      })),
  },
  'GET /api/cycles/{year}/central-targets/{fund}': {
    need: none('reference.read'),
    samples: () => one(`${y}/central-targets/EBMI`),
  },
  'GET /api/cycles/{year}/targets/{org}/{fund}/against-overall': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/targets/${o}/${f}/against-overall` })),
  },
  'POST /api/cycles/{year}/guidance': {
    need: none('targets.central-review', { fund: true }),
    write: true,
    samples: () => [
      {
        label: 'UI to JS',
        fund: 'UI',
        path: `${y}/guidance`,
        body: { fund: 'UI', indicators: guidingDraft('UI').indicators, provinces: [JS] },
      },
    ],
  },
  'POST /api/budgets': {
    need: own('budget.arrange'),
    write: true,
    samples: () =>
      [GD, GZ, JS].map((org) => ({
        label: `${org}/EBMI`,
        org,
        fund: 'EBMI',
        path: '/api/budgets',
        body: { year: YEAR, org, fund: 'EBMI', lines: BUDGET_LINES_IN },
      })),
  },
  'GET /api/cycles/{year}/budgets/{org}/{fund}': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/budgets/${o}/${f}` })),
  },
  'POST /api/cycles/{year}/budgets/{org}/{fund}/adjust': {
    need: own('budget.arrange', { fund: true }),
    write: true,
    samples: () =>
      orgFund((o, f) => ({ path: `${y}/budgets/${o}/${f}/adjust`, body: { lines: BUDGET_LINES_IN, reason: '调整' } })),
  },
  'PUT /api/cycles/{year}/budgets/{org}/{fund}/final-accounts': {
    need: own('budget.arrange', { fund: true }),
    write: true,
    samples: () =>
      orgFund((o, f) => ({ path: `${y}/budgets/${o}/${f}/final-accounts`, body: { lines: BUDGET_LINES_IN } })),
  },
  'POST /api/budgets/import': {
    need: own('budget.arrange'),
    samples: () => orgOnly((o) => ({ path: `/api/budgets/import?year=${YEAR}&org=${o}&kind=budget`, body: {} })),
  },
  'GET /api/budgets/template': {
    need: { kind: 'action', action: 'budget.arrange', scope: 'caller' },
    samples: () => one('/api/budgets/template'),
  },
  'GET /api/tasks/{actionId}': {
    need: { kind: 'assignee' },
    samples: (t) => [
      { label: 'draft task', path: `/api/tasks/${t.draft.id}`, assignee: t.draft.assignee },
      { label: 'review, delegated', path: `/api/tasks/${t.active.id}`, assignee: t.active.assignee },
      { label: 'review, revoked', path: `/api/tasks/${t.revoked.id}`, assignee: t.revoked.assignee, open: false },
      { label: 'review, expired', path: `/api/tasks/${t.expired.id}`, assignee: t.expired.assignee, open: false },
    ],
  },
  'POST /api/tasks/{actionId}/assignment': {
    // the lead of the task's group: among the matrix's principals, the draft task's assignee
    need: { kind: 'assignee' },
    write: true,
    samples: (t) => [
      {
        label: 'draft task',
        path: `/api/tasks/${t.draft.id}/assignment`,
        assignee: t.draft.assignee,
        body: { userId: null },
      },
    ],
  },
  'POST /api/tasks/{actionId}/decision': {
    need: { kind: 'assignee' },
    write: true,
    samples: (t) => [
      {
        label: 'draft task',
        path: `/api/tasks/${t.draft.id}/decision`,
        assignee: t.draft.assignee,
        body: { decision: 'submit' },
      },
      ...(['revoked', 'expired', 'active'] as const).map((k) => ({
        label: `review, ${k}`,
        path: `/api/tasks/${t[k].id}/decision`,
        assignee: t[k].assignee,
        open: k === 'active',
        body: { decision: 'confirm', data: {} },
      })),
    ],
  },
  'POST /api/cycles/{year}/evaluations/open': {
    need: none('cycle.kickoff'),
    write: true,
    samples: () => one(`${y}/evaluations/open`),
  },
  'GET /api/cycles/{year}/evaluations/readiness': {
    need: none('cycle.kickoff'),
    samples: () => one(`${y}/evaluations/readiness`),
  },
  'GET /api/cycles/{year}/evaluations': {
    need: { kind: 'action', action: 'reference.read', scope: 'read', thirdPartyList: true },
    samples: () => orgOnly((o) => ({ path: `${y}/evaluations?org=${o}` })),
  },
  'GET /api/cycles/{year}/evaluations/{org}/{fund}/history': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/evaluations/${o}/${f}/history` })),
  },
  'PUT /api/cycles/{year}/evaluations/{org}/{fund}/actuals': {
    need: own('self-evaluation.submit', { fund: true }),
    write: true,
    samples: () =>
      orgFund((o, f) => ({ path: `${y}/evaluations/${o}/${f}/actuals`, body: { actuals: actuals(f) } }), [GZ, SZ]),
  },
  'POST /api/cycles/{year}/evaluations/{org}/{fund}/uploads': {
    need: own('self-evaluation.submit', { fund: true }),
    write: true,
    samples: () => [
      ...orgFund(
        (o, f) => ({ path: `${y}/evaluations/${o}/${f}/uploads`, body: { kind: 'self-evaluation', type: 'pdf' } }),
        [GZ, SZ],
      ),
      ...[GD, JS].map((org) => ({
        label: `${org} provincial report`,
        org,
        fund: 'ALL',
        path: `${y}/evaluations/${org}/ALL/uploads`,
        body: { kind: 'provincial-report', type: 'pdf' },
        need: own('provincial-evaluation.approve'),
      })),
      ...[GD, CENTRAL].map((org) => ({
        label: `${org} rectification`,
        org,
        fund: 'ALL',
        path: `${y}/evaluations/${org}/ALL/uploads`,
        body: { kind: 'rectification', type: 'pdf' },
        need: own('rectification.order'),
      })),
    ],
  },
  'GET /api/cycles/{year}/evaluations/{org}/{fund}/template': {
    need: own('self-evaluation.submit', { fund: true }),
    samples: () => orgFund((o, f) => ({ path: `${y}/evaluations/${o}/${f}/template` }), [GZ, SZ]),
  },
  'GET /api/documents': {
    // as the record the document belongs to: read scope and the fund line; a third party its open delegation only
    need: { kind: 'action', action: 'reference.read', scope: 'read', fund: true },
    samples: (t) =>
      Object.entries(t.reports).map(([org, key]) => ({
        label: `${org} report`,
        org,
        fund: 'EBMI',
        path: `/api/documents?key=${encodeURIComponent(key)}`,
        ...(org === ZH ? { delegate: `third-party.${GD}` } : {}),
      })),
  },
  'GET /api/cycles/{year}/provincial-evaluations/{org}': {
    need: read(),
    samples: () => orgOnly((o) => ({ path: `${y}/provincial-evaluations/${o}` })),
  },
  'POST /api/cycles/{year}/delegations': {
    // the province's finance, for items of its own province
    need: { kind: 'action', action: 'provincial-evaluation.approve', scope: 'read', tiers: ['province'] },
    write: true,
    samples: () =>
      [
        [ZH, 'EBMI'],
        [GZ, 'UI'],
      ].map(([org, fund]) => ({
        label: `${org}/${fund}`,
        org,
        path: `${y}/delegations`,
        body: { delegate: `third-party.${GD}`, items: [{ org, fund }], until: UNTIL },
      })),
  },
  'DELETE /api/cycles/{year}/delegations/{org}/{fund}': {
    need: { kind: 'action', action: 'provincial-evaluation.approve', scope: 'read', tiers: ['province'] },
    write: true,
    // SZ's grant is already revoked and GZ has no UI item: an allowed revocation changes nothing (409, 404)
    samples: () =>
      [
        [SZ, 'EBMI'],
        [GZ, 'UI'],
      ].map(([org, fund]) => ({ label: `${org}/${fund}`, org, path: `${y}/delegations/${org}/${fund}` })),
  },
  'POST /api/cycles/{year}/central-review': {
    need: none('central-review.assess', { tiers: ['central'], departments: ['finance'] }),
    write: true,
    samples: () => one(`${y}/central-review`, {}),
  },
  'GET /api/cycles/{year}/assessments': {
    need: { kind: 'action', action: 'reference.read', scope: 'caller' },
    samples: () => one(`${y}/assessments`),
  },
  'GET /api/cycles/{year}/timeline': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/timeline?org=${o}&kind=targets&fund=${f}` })),
  },
  'GET /api/audit/verify': { need: none('audit.verify'), samples: () => one(`/api/audit/verify?year=${YEAR}`) },
  'POST /api/cycles/{year}/publication': {
    need: none('results.publish', { tiers: ['central'] }),
    write: true,
    samples: () => one(`${y}/publication`),
  },
  'GET /api/public/cycles': { need: { kind: 'public' }, samples: () => one('/api/public/cycles') },
  // issue 17: the drafts are read like the record they draft; a province publishes its own disclosure
  'GET /api/cycles/{year}/evaluations/{org}/{fund}/draft': {
    need: { kind: 'action', action: 'reference.read', scope: 'read', fund: true },
    samples: () => orgFund((o, f) => ({ path: `${y}/evaluations/${o}/${f}/draft` }), [GZ, SZ]),
  },
  'GET /api/cycles/{year}/provincial-evaluations/{org}/draft': {
    need: read(),
    samples: () => orgOnly((o) => ({ path: `${y}/provincial-evaluations/${o}/draft` })),
  },
  'GET /api/cycles/{year}/national-report': {
    need: none('results.publish', { tiers: ['central'] }),
    samples: () => one(`${y}/national-report`),
  },
  'POST /api/cycles/{year}/publication/{org}': {
    need: own('results.publish', { tiers: ['province'] }),
    write: true,
    samples: () => orgOnly((o) => ({ path: `${y}/publication/${o}` })),
  },
  'GET /api/public/cycles/{year}': { need: { kind: 'public' }, samples: () => one(`/api/public/cycles/${YEAR}`) },
  'GET /api/cycles/{year}/monitoring': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/monitoring?org=${o}&fund=${f}` })),
  },
  'GET /api/cycles/{year}/monitoring/summary': {
    need: read(),
    samples: () => orgOnly((o) => ({ path: `${y}/monitoring/summary?org=${o}` })),
  },
  // the overviews (issue 16): central nationally, a province its own (and by default); a region none
  'GET /api/cycles/{year}/overviews/monitoring': {
    need: read('overview.read'),
    samples: () => [
      { label: 'national', path: `${y}/overviews/monitoring`, need: none('overview.read') },
      ...orgOnly((o) => ({ path: `${y}/overviews/monitoring?org=${o}` })),
    ],
  },
  'GET /api/cycles/{year}/overviews/regions': {
    need: read('overview.read'),
    samples: () => orgOnly((o) => ({ path: `${y}/overviews/regions?org=${o}&format=xlsx` })),
  },
  'GET /api/cycles/{year}/overviews/completeness': {
    need: read('overview.read'),
    samples: () => [
      { label: 'national', path: `${y}/overviews/completeness?format=xlsx`, need: none('overview.read') },
      ...orgOnly((o) => ({ path: `${y}/overviews/completeness?org=${o}` })),
    ],
  },
  'PUT /api/cycles/{year}/monitoring/config': {
    need: none('cycle.kickoff'),
    write: true,
    samples: () => one(`${y}/monitoring/config`, {}),
  },
  'PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}': {
    need: own('monitoring.submit', { fund: true }),
    write: true,
    samples: () => orgFund((o, f) => ({ path: `${y}/monitoring/${o}/${f}/periods/${ASOF}`, body: monitoringBody })),
  },
  // issue 18: the tax department's collection of its own region; the risk view as the overviews
  'PUT /api/cycles/{year}/monitoring/{org}/{fund}/tax/{asOf}': {
    need: own('monitoring.tax-report', { fund: true }),
    write: true,
    samples: () =>
      orgFund((o, f) => ({ path: `${y}/monitoring/${o}/${f}/tax/${ASOF}`, body: { contributions: '1.00' } })),
  },
  'GET /api/cycles/{year}/risk': {
    need: read('overview.read'),
    samples: () => [
      { label: 'national', path: `${y}/risk`, need: none('overview.read') },
      ...orgOnly((o) => ({ path: `${y}/risk?org=${o}` })),
    ],
  },
  'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/template': {
    need: own('monitoring.submit', { fund: true }),
    samples: () => orgFund((o, f) => ({ path: `${y}/monitoring/${o}/${f}/periods/${ASOF}/template` })),
  },
  'POST /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads': {
    need: own('monitoring.submit', { fund: true }),
    write: true,
    samples: () => orgFund((o, f) => ({ path: `${y}/monitoring/${o}/${f}/periods/${ASOF}/uploads` })),
  },
  'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads': {
    // a read: scoped by organisation only
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/monitoring/${o}/${f}/periods/${ASOF}/uploads` })),
  },
  'POST /api/cycles/{year}/monitoring/{org}/{fund}/findings/{asOf}/{code}/evidence': {
    // the correction response's people (agency or tax of the region itself); no such finding: an allowed call is 404
    need: own('findings.close', { fund: true }),
    write: true,
    samples: () =>
      orgFund((o, f) => ({
        path: `${y}/monitoring/${o}/${f}/findings/${ASOF}/subsidy-late/evidence`,
        body: { type: 'pdf' },
      })),
  }, // issue 17: a province's implementation rules (第二十四条): read in scope, drafted and submitted by its own finance
  'GET /api/cycles/{year}/rules': {
    need: read(),
    samples: () => [
      {
        label: 'own or every province',
        path: `${y}/rules`,
        need: { kind: 'action', action: 'reference.read', scope: 'caller' },
      },
      ...orgOnly((o) => ({ path: `${y}/rules?province=${o}` })),
    ],
  },
  'PUT /api/cycles/{year}/rules/{province}': {
    need: own('catalog.manage'),
    write: true,
    samples: () => orgOnly((o) => ({ path: `${y}/rules/${o}`, body: {} }), [GD, JS]),
  },
  'POST /api/cycles/{year}/rules/{province}/submit': {
    need: own('catalog.manage'),
    write: true,
    samples: () => orgOnly((o) => ({ path: `${y}/rules/${o}/submit`, body: {} }), [GD, JS]),
  },
  // 结果应用 (第二十条)
  'GET /api/cycles/{year}/results/rules': { need: none('reference.read'), samples: () => one(`${y}/results/rules`) },
  'PUT /api/cycles/{year}/results/rules': {
    need: none('results.set-rules'),
    write: true,
    samples: () => one(`${y}/results/rules`, { rules: [{ grade: '差', requires: ['finance-decision'] }] }),
  },
  'GET /api/cycles/{year}/results': {
    need: { kind: 'action', action: 'reference.read', scope: 'caller' },
    samples: () => one(`${y}/results`),
  },
  'GET /api/cycles/{year}/results/{org}/{fund}': {
    need: read(),
    samples: () => orgFund((o, f) => ({ path: `${y}/results/${o}/${f}` })),
  },
  'PUT /api/cycles/{year}/results/{org}/{fund}/proposal': {
    need: { kind: 'action', action: 'results.propose-use', scope: 'read', fund: true },
    write: true,
    samples: () => orgFund((o, f) => ({ path: `${y}/results/${o}/${f}/proposal`, body: { text: '结果应用建议' } })),
  },
  'PUT /api/cycles/{year}/results/{org}/{fund}/decision': {
    need: own('results.decide-use'),
    write: true,
    samples: () =>
      orgFund((o, f) => ({ path: `${y}/results/${o}/${f}/decision`, body: { applied: true, reason: '按结果应用' } })),
  },
};

const manifestRoutes = () =>
  Object.values(FUNCTIONS)
    .map((f): string | undefined => ('route' in f ? f.route : undefined))
    .filter((r): r is string => r !== undefined);

async function upload(sys: TestSystem, as: string, org: string, fund: string) {
  const slot = await sys.call('POST', `${y}/evaluations/${org}/${fund}/uploads`, {
    as,
    body: { kind: 'self-evaluation', type: 'pdf' },
  });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const form = new FormData();
  for (const [k, v] of Object.entries(slot.body.fields as Record<string, string>)) form.append(k, v);
  form.append('file', new Blob([PDF]), 'report.pdf');
  const res = await fetch(slot.body.url, { method: 'POST', body: form });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  await sys.settled();
  return slot.body.key as string;
}

/** Every task link mailed to `user`, by the kind, org and fund of its subject (read as the assignee). */
async function tasksOf(sys: TestSystem, user: string) {
  const mail = (await sys.mail()).filter((m) => m.to.includes(`${user}@sifpm.example.cn`));
  const out: { id: string; kind: string; org: string; fund: string }[] = [];
  for (const link of mail.flatMap((m) => m.links.filter((l) => l.includes('/tasks/')))) {
    const id = link.split('/tasks/')[1] as string;
    const view = await sys.call('GET', `/api/tasks/${id}`, { as: user });
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    out.push({ id, kind: view.body.subject.kind, org: view.body.subject.org, fund: view.body.subject.fund });
  }
  return out;
}

/** Run `fn` over `items`, at most `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

describe('authorization matrix (issue 14): every manifest route × every kind of principal', () => {
  let sys: TestSystem;
  let restoreClock: (() => void) | undefined;
  let restoreKickoffClock = () => {};
  let tasks: Tasks;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    sys = await startSystem();
    // kicked off in time, the targets due late in May: no unit still drafting falls overdue while the matrix runs
    restoreKickoffClock = runningClock(IN_TIME_FOR_2025);
    const kicked = await sys.call('POST', '/api/cycles', {
      as: 'finance.100000',
      body: { year: YEAR, targetsDue: '2026-05-30' },
    });
    expect(kicked.status, JSON.stringify(kicked.body)).toBe(202);
    await sys.settled();
    // a medical fund issued to three of Guangdong's regions, so that their self-evaluations exist and can be delegated
    await issueToRegions(sys, YEAR, GD, 'EBMI', [GZ, SZ, ZH]);
    restoreClock = runningClock('2026-01-05T02:00:00Z'); // the budget year is over
    expect((await sys.call('POST', `${y}/evaluations/open`, { as: 'finance.100000' })).status).toBe(202);
    await sys.settled();
    // three delegations: one to stay open, one to be revoked, one with a short window to expire
    for (const [org, delegate, until] of [
      [ZH, `third-party.${GD}`, UNTIL],
      [SZ, `third-party.${CENTRAL}`, UNTIL],
      [GZ, `third-party.${GD}`, '2026-01-05T12:00:00Z'],
    ] as const) {
      const res = await sys.call('POST', `${y}/delegations`, {
        as: `finance.${GD}`,
        body: { delegate, items: [{ org, fund: 'EBMI' }], until },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    // each region submits and its finance signs off: the review tasks go to the delegates
    const reports: Record<string, string> = {};
    for (const org of [GZ, SZ, ZH]) {
      const saved = await sys.call('PUT', `${y}/evaluations/${org}/EBMI/actuals`, {
        as: `medsec-agency.${org}`,
        body: { actuals: actuals('EBMI') },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      reports[org] = await upload(sys, `medsec-agency.${org}`, org, 'EBMI');
      const link = await taskLink(sys, `finance.${org}`, /职工基本医疗.*财政审定/);
      expect((await decide(sys, `finance.${org}`, link, 'approve')).status).toBe(200);
    }
    const review = async (user: string, org: string) => {
      const found = (await tasksOf(sys, user)).find((t) => t.kind === 'provincial-review' && t.org === org);
      if (!found) throw new Error(`no review task of ${org} for ${user}`);
      return { id: found.id, assignee: user };
    };
    const draftAssignee = `hrss-agency.${JS}`;
    tasks = {
      draft: { id: await taskLink(sys, draftAssignee, /失业保险.*制定/), assignee: draftAssignee },
      active: await review(`third-party.${GD}`, ZH),
      revoked: await review(`third-party.${CENTRAL}`, SZ),
      expired: await review(`third-party.${GD}`, GZ),
      reports,
    };
    expect((await sys.call('DELETE', `${y}/delegations/${SZ}/EBMI`, { as: `finance.${GD}` })).status).toBe(200);
    restoreClock();
    restoreClock = runningClock('2026-01-06T02:00:00Z'); // GZ's window has closed
    // tokens that must not authenticate: a real one with its payload changed, and an expired one
    const real = await sys.token('finance.100000');
    const [h, p, s] = real.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    tokens.forged = [
      h,
      Buffer.from(JSON.stringify({ ...payload, sub: 'finance.440000' })).toString('base64url'),
      s,
    ].join('.');
    const now = Math.floor(Date.now() / 1000);
    tokens.expired = await sys.local.issuer.signClaims({
      ...payload,
      aud: LOCAL_AUDIENCE,
      iat: now - 7200,
      exp: now - 3600,
    });
  });
  afterAll(async () => {
    restoreClock?.();
    restoreKickoffClock();
    await sys?.close();
  });

  it('has an entry for every route of the manifest, and none for a route it does not have', () => {
    const routes = manifestRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('shows a third party exactly its open grants: the delegated item, not the revoked or expired one', async () => {
    const seen = async (user: string) =>
      (await sys.call('GET', `${y}/evaluations?org=${GD}`, { as: user })).body.map(
        (e: { org: string; fund: string }) => `${e.org}/${e.fund}`,
      );
    expect(await seen(`third-party.${GD}`)).toEqual([`${ZH}/EBMI`]);
    expect(await seen(`third-party.${CENTRAL}`)).toEqual([]);
  });

  it('answers every case as the policy table says: no unexpected allow, no unexpected deny', async () => {
    const who = principals();
    interface Case {
      route: string;
      method: string;
      sample: Sample;
      who: Who;
      expected: boolean;
    }
    const counts = { cases: 0, allows: 0, denies: 0, unexpectedAllows: 0, unexpectedDenies: 0, notExercised: 0 };
    const problems: string[] = [];
    const errors: string[] = [];
    const run = async (c: Case) => {
      const token = c.who.token === 'none' ? undefined : c.who.token ? tokens[c.who.token] : undefined;
      const res = await sys.call(c.method, c.sample.path.replace(/^[A-Z]+ /, ''), {
        ...(c.who.id ? { as: c.who.id } : token ? { token } : {}),
        ...(c.sample.body !== undefined ? { body: c.sample.body } : {}),
      });
      const observed = res.status !== 401 && res.status !== 403;
      const line = `${c.method} ${c.sample.path} [${c.sample.label}] as ${c.who.label}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`;
      if (res.status >= 500) errors.push(line);
      if (c.expected && !observed) {
        counts.unexpectedDenies++;
        problems.push(`unexpected deny: ${line}`);
      } else if (!c.expected && res.status === 400) counts.notExercised++;
      else if (!c.expected && observed) {
        counts.unexpectedAllows++;
        problems.push(`UNEXPECTED ALLOW: ${line}`);
      }
    };
    // reads first, writes after them, task decisions last; within a route its denies before its allows
    const order = Object.entries(ROUTES).sort(
      ([a, x], [b, z]) =>
        Number(a.startsWith('POST /api/tasks')) - Number(b.startsWith('POST /api/tasks')) ||
        Number(x.write ?? false) - Number(z.write ?? false),
    );
    for (const [route, entry] of order) {
      const method = route.split(' ')[0] as string;
      const cases = entry.samples(tasks).flatMap((sample) =>
        who.map(
          (w): Case => ({
            route,
            method,
            sample,
            who: w,
            expected: expectedAllow(w, sample.need ?? entry.need, sample),
          }),
        ),
      );
      counts.cases += cases.length;
      counts.allows += cases.filter((c) => c.expected).length;
      counts.denies += cases.filter((c) => !c.expected).length;
      await pool(
        cases.filter((c) => !c.expected),
        4,
        run,
      );
      if (entry.write) for (const c of cases.filter((c) => c.expected)) await run(c);
      else
        await pool(
          cases.filter((c) => c.expected),
          4,
          run,
        );
      await sys.settled();
    }
    console.log(
      `authorization matrix: ${counts.cases} cases (${Object.keys(ROUTES).length} routes × ${who.length} principals), ` +
        `${counts.allows} expected allows, ${counts.denies} expected denies, ${counts.unexpectedAllows} unexpected allows, ` +
        `${counts.unexpectedDenies} unexpected denies, ${counts.notExercised} denies not exercised (400)`,
    );
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    expect(counts.unexpectedAllows).toBe(0);
    expect(counts.unexpectedDenies).toBe(0);
    expect(counts.notExercised).toBe(0);
    expect(counts.cases).toBeGreaterThan(3000);
  }, 300_000); // some 5,000 requests: about a minute alone, more beside the browser tests
});
