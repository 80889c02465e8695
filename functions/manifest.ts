/**
 * The one list of functions, routes and state machines. The CDK stack deploys exactly these; the local default
 * serves exactly these. A route is `METHOD /path/{param}` as API Gateway HTTP API writes it.
 */
/**
 * What a function may do in AWS, and nothing more: the stack turns exactly this into the function's IAM policy
 * (infra/stack.ts `accessStatements`), and `test/infra/least-privilege.test.ts` holds every deployed policy to it.
 * Declare what the handler and everything it calls really use (its AWS SDK commands); new keys extend this type.
 */
/**
 * The phase machines' names, listed apart from their specs so that a function's `access` can name machines while the
 * machines name functions (one list each, no circular type).
 */
export const MACHINE_NAMES = [
  'kickoff',
  'target-approval',
  'evaluation-phase',
  'self-evaluation',
  'provincial-evaluation',
  'central-review',
  'monitoring-tick',
  'monitoring-correction',
  'budget-adjustment',
  'rules-approval',
] as const;

export type StateMachineId = (typeof MACHINE_NAMES)[number];

export interface Access {
  /**
   * The table and its two indexes. `read`: GetItem, Query, BatchGetItem (every authenticated route reads the person
   * from the directory); `write` adds PutItem, UpdateItem, DeleteItem, ConditionCheckItem (the conditional items of
   * TransactWriteItems). No BatchWriteItem: nothing uses it.
   */
  table?: 'read' | 'write';
  /** dynamodb:Scan of the table (the audit verifier reads every chain) */
  scan?: true;
  /**
   * The documents bucket. `read`: GetObject, GetObjectVersion, and ListBucket (without it a missing key answers 403,
   * not 404); `write` adds PutObject (also what a presigned POST the function signs may do).
   */
  documents?: 'read' | 'write';
  /** states:StartExecution of exactly these machines */
  start?: readonly StateMachineId[];
  /** states:DescribeExecution and GetExecutionHistory of these machines' executions */
  observe?: readonly StateMachineId[];
  /** states:SendTaskSuccess: completes callback tasks by their token */
  tokens?: true;
  /** send mail through the configured transport (SES: ses:SendEmail from the sender's identity) */
  mail?: true;
  /** provision and disable sign-in accounts (Cognito: AdminCreateUser/GetUser/EnableUser/DisableUser on the pool) */
  accounts?: true;
  /** the health check's probes: DescribeTable, HeadBucket, DescribeStateMachine (kickoff), the mail transport */
  probe?: true;
}

/** An authenticated route that only reads: the person from the directory and the records it shows. */
const READER = { table: 'read' } as const satisfies Access;
/** An authenticated route that writes records (with their audit entries) and does nothing else in AWS. */
const WRITER = { table: 'write' } as const satisfies Access;

export interface FunctionSpec {
  /** path of the handler module, relative to the repository root; it exports `handler` */
  entry: string;
  route?: string;
  /** no JWT authorizer in front (health, public disclosure) */
  public?: boolean;
  /** exactly what the function may do (an empty object: nothing beyond writing its logs and traces) */
  access: Access;
  /** invoked by the documents bucket's ObjectCreated notification for keys under `uploads/` */
  onUpload?: boolean;
}

/** Every function's timeout (CDK `timeout`; the local runtime's default, `local/lambda.ts`). */
export const FUNCTION_TIMEOUT_SECONDS = 30;

export const FUNCTIONS = {
  'api-health': {
    entry: 'functions/api/health.ts',
    route: 'GET /api/health',
    public: true,
    access: { probe: true },
  },
  'api-cycles-create': {
    entry: 'functions/api/cycles-create.ts',
    route: 'POST /api/cycles',
    access: { table: 'write', start: ['kickoff'], observe: ['kickoff'] },
  },
  'api-cycles-get': {
    entry: 'functions/api/cycles-get.ts',
    route: 'GET /api/cycles/{year}',
    access: { table: 'read', observe: ['kickoff'] },
  },
  'api-openapi': { entry: 'functions/api/openapi.ts', route: 'GET /api/openapi.json', public: true, access: {} },
  'api-me': { entry: 'functions/api/me.ts', route: 'GET /api/me', access: READER },
  'api-me-tasks': { entry: 'functions/api/me-tasks.ts', route: 'GET /api/me/tasks', access: READER },
  'api-directory-list': { entry: 'functions/api/directory-list.ts', route: 'GET /api/directory', access: READER },
  'api-directory-get': {
    entry: 'functions/api/directory-get.ts',
    route: 'GET /api/directory/people/{id}',
    access: READER,
  },
  'api-directory-create': {
    entry: 'functions/api/directory-create.ts',
    route: 'POST /api/directory/people',
    access: { table: 'write', accounts: true },
  },
  'api-directory-update': {
    entry: 'functions/api/directory-update.ts',
    route: 'PATCH /api/directory/people/{id}',
    access: WRITER,
  },
  'api-directory-deactivate': {
    entry: 'functions/api/directory-deactivate.ts',
    route: 'POST /api/directory/people/{id}/deactivate',
    access: { table: 'write', accounts: true },
  },
  'api-directory-reactivate': {
    entry: 'functions/api/directory-reactivate.ts',
    route: 'POST /api/directory/people/{id}/reactivate',
    access: { table: 'write', accounts: true },
  },
  'api-directory-deputy': {
    entry: 'functions/api/directory-deputy.ts',
    route: 'PUT /api/directory/people/{id}/deputy',
    access: WRITER,
  },
  'api-directory-import': {
    entry: 'functions/api/directory-import.ts',
    route: 'POST /api/directory/import',
    access: { table: 'write', accounts: true },
  },
  'api-directory-template': {
    entry: 'functions/api/directory-template.ts',
    route: 'GET /api/directory/template',
    access: READER,
  },
  'api-funds': { entry: 'functions/api/reference-funds.ts', route: 'GET /api/funds', access: READER },
  'api-orgs': { entry: 'functions/api/reference-orgs.ts', route: 'GET /api/orgs', access: READER },
  'api-indicators': { entry: 'functions/api/reference-indicators.ts', route: 'GET /api/indicators', access: READER },
  'api-explanations-needed': {
    entry: 'functions/api/explanations-needed.ts',
    route: 'POST /api/funds/{fund}/explanations-needed',
    access: READER,
  },
  'api-cycles-list': { entry: 'functions/api/cycles-list.ts', route: 'GET /api/cycles', access: READER },
  'api-cycles-items': { entry: 'functions/api/cycles-items.ts', route: 'GET /api/cycles/{year}/items', access: READER },
  'api-targets-list': {
    entry: 'functions/api/targets-list.ts',
    route: 'GET /api/cycles/{year}/targets',
    access: READER,
  },
  'api-targets-draft': {
    entry: 'functions/api/targets-draft.ts',
    route: 'PUT /api/cycles/{year}/targets/{org}/{fund}/draft',
    access: WRITER,
  },
  'api-targets-adjust': {
    entry: 'functions/api/targets-adjust.ts',
    route: 'POST /api/cycles/{year}/targets/{org}/{fund}/adjust',
    access: { table: 'write', start: ['target-approval'] },
  },
  'api-targets-decompose': {
    entry: 'functions/api/targets-decompose.ts',
    route: 'PUT /api/cycles/{year}/targets/{org}/{fund}/regions',
    access: { table: 'write', mail: true },
  },
  'api-central-targets-put': {
    entry: 'functions/api/central-targets-put.ts',
    route: 'PUT /api/cycles/{year}/central-targets/{fund}',
    access: WRITER,
  },
  'api-central-targets-get': {
    entry: 'functions/api/central-targets-get.ts',
    route: 'GET /api/cycles/{year}/central-targets/{fund}',
    access: READER,
  },
  'api-guidance': { entry: 'functions/api/guidance.ts', route: 'POST /api/cycles/{year}/guidance', access: WRITER },
  'api-budgets': { entry: 'functions/api/budgets.ts', route: 'POST /api/budgets', access: WRITER },
  'api-budgets-get': {
    entry: 'functions/api/budgets-get.ts',
    route: 'GET /api/cycles/{year}/budgets/{org}/{fund}',
    access: READER,
  },
  'api-budgets-adjust': {
    entry: 'functions/api/budgets-adjust.ts',
    route: 'POST /api/cycles/{year}/budgets/{org}/{fund}/adjust',
    access: { table: 'write', start: ['budget-adjustment'] },
  },
  'api-budgets-final': {
    entry: 'functions/api/budgets-final.ts',
    route: 'PUT /api/cycles/{year}/budgets/{org}/{fund}/final-accounts',
    access: WRITER,
  },
  'api-budgets-import': { entry: 'functions/api/budgets-import.ts', route: 'POST /api/budgets/import', access: WRITER },
  'api-budgets-template': {
    entry: 'functions/api/budgets-template.ts',
    route: 'GET /api/budgets/template',
    access: READER,
  },
  'api-tasks-get': { entry: 'functions/api/tasks-get.ts', route: 'GET /api/tasks/{actionId}', access: READER },
  'api-tasks-assign': {
    entry: 'functions/api/tasks-assign.ts',
    route: 'POST /api/tasks/{actionId}/assignment',
    access: { table: 'write', mail: true },
  },
  'api-tasks-decide': {
    entry: 'functions/api/tasks-decide.ts',
    route: 'POST /api/tasks/{actionId}/decision',
    access: { table: 'write', tokens: true },
  },
  'api-evaluations-open': {
    entry: 'functions/api/evaluations-open.ts',
    route: 'POST /api/cycles/{year}/evaluations/open',
    access: { table: 'write', start: ['evaluation-phase'] },
  },
  'api-evaluations-readiness': {
    entry: 'functions/api/evaluations-readiness.ts',
    route: 'GET /api/cycles/{year}/evaluations/readiness',
    access: READER,
  },
  'api-evaluations-list': {
    entry: 'functions/api/evaluations-list.ts',
    route: 'GET /api/cycles/{year}/evaluations',
    access: READER,
  },
  'api-evaluations-actuals': {
    entry: 'functions/api/evaluations-actuals.ts',
    route: 'PUT /api/cycles/{year}/evaluations/{org}/{fund}/actuals',
    access: { table: 'write', tokens: true },
  },
  'api-evaluations-uploads': {
    entry: 'functions/api/evaluations-uploads.ts',
    route: 'POST /api/cycles/{year}/evaluations/{org}/{fund}/uploads',
    access: { table: 'read', documents: 'write' },
  },
  'api-documents-open': {
    entry: 'functions/api/documents-open.ts',
    route: 'GET /api/documents',
    // reads the record, signs a GET of one object version (GetObjectVersion), writes the access's audit entry
    access: { table: 'write', documents: 'read' },
  },
  'api-evaluations-template': {
    entry: 'functions/api/evaluations-template.ts',
    route: 'GET /api/cycles/{year}/evaluations/{org}/{fund}/template',
    access: READER,
  },
  'api-provincial-evaluation-get': {
    entry: 'functions/api/provincial-evaluation-get.ts',
    route: 'GET /api/cycles/{year}/provincial-evaluations/{org}',
    access: READER,
  },
  'api-delegations': {
    entry: 'functions/api/delegations.ts',
    route: 'POST /api/cycles/{year}/delegations',
    access: { table: 'write', mail: true },
  },
  'api-delegations-revoke': {
    entry: 'functions/api/delegations-revoke.ts',
    route: 'DELETE /api/cycles/{year}/delegations/{org}/{fund}',
    access: { table: 'write', mail: true },
  },
  'api-central-review': {
    entry: 'functions/api/central-review.ts',
    route: 'POST /api/cycles/{year}/central-review',
    access: { table: 'write', start: ['central-review'] },
  },
  'api-assessments': {
    entry: 'functions/api/assessments.ts',
    route: 'GET /api/cycles/{year}/assessments',
    access: READER,
  },
  'api-timeline': { entry: 'functions/api/timeline.ts', route: 'GET /api/cycles/{year}/timeline', access: READER },
  'api-audit-verify': {
    entry: 'functions/api/audit-verify.ts',
    route: 'GET /api/audit/verify',
    access: { table: 'read', scan: true },
  },
  'api-publish': {
    entry: 'functions/api/publish.ts',
    route: 'POST /api/cycles/{year}/publication',
    access: { table: 'write', documents: 'write' },
  },
  'api-public-cycles': {
    entry: 'functions/api/public-cycles.ts',
    route: 'GET /api/public/cycles',
    public: true,
    access: READER,
  },
  'api-public-cycle': {
    entry: 'functions/api/public-cycle.ts',
    route: 'GET /api/public/cycles/{year}',
    public: true,
    access: { documents: 'read' },
  },
  'evaluation-step': {
    entry: 'functions/evaluations/step.ts',
    access: {
      table: 'write',
      documents: 'write',
      mail: true,
      tokens: true,
      start: ['evaluation-phase', 'self-evaluation', 'provincial-evaluation', 'central-review'],
    },
  },
  'targets-step': { entry: 'functions/targets/step.ts', access: { table: 'write', mail: true, tokens: true } },
  'budget-step': { entry: 'functions/targets/budget-step.ts', access: { table: 'write', mail: true, tokens: true } },
  'api-monitoring-get': {
    entry: 'functions/api/monitoring-get.ts',
    route: 'GET /api/cycles/{year}/monitoring',
    access: READER,
  },
  'api-monitoring-summary': {
    entry: 'functions/api/monitoring-summary.ts',
    route: 'GET /api/cycles/{year}/monitoring/summary',
    access: READER,
  },
  'api-overviews-monitoring': {
    entry: 'functions/api/overviews-monitoring.ts',
    route: 'GET /api/cycles/{year}/overviews/monitoring',
    access: READER,
  },
  'api-overviews-regions': {
    entry: 'functions/api/overviews-regions.ts',
    route: 'GET /api/cycles/{year}/overviews/regions',
    access: READER,
  },
  'api-overviews-completeness': {
    entry: 'functions/api/overviews-completeness.ts',
    route: 'GET /api/cycles/{year}/overviews/completeness',
    access: READER,
  },
  'api-monitoring-config': {
    entry: 'functions/api/monitoring-config.ts',
    route: 'PUT /api/cycles/{year}/monitoring/config',
    access: WRITER,
  },
  'api-monitoring-submit': {
    entry: 'functions/api/monitoring-submit.ts',
    route: 'PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}',
    access: { table: 'write', mail: true, start: ['monitoring-correction'] },
  },
  'api-monitoring-tax': {
    entry: 'functions/api/monitoring-tax.ts',
    route: 'PUT /api/cycles/{year}/monitoring/{org}/{fund}/tax/{asOf}',
    access: { table: 'write', mail: true, start: ['monitoring-correction'] },
  },
  'api-risk': {
    entry: 'functions/api/risk.ts',
    route: 'GET /api/cycles/{year}/risk',
    access: READER,
  },
  'api-monitoring-template': {
    entry: 'functions/api/monitoring-template.ts',
    route: 'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/template',
    access: READER,
  },
  'api-monitoring-upload-slot': {
    entry: 'functions/api/monitoring-upload-slot.ts',
    route: 'POST /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads',
    access: { table: 'write', documents: 'write' },
  },
  'api-monitoring-uploads': {
    entry: 'functions/api/monitoring-uploads.ts',
    route: 'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads',
    access: READER,
  },
  'api-monitoring-evidence-slot': {
    entry: 'functions/api/monitoring-evidence-slot.ts',
    route: 'POST /api/cycles/{year}/monitoring/{org}/{fund}/findings/{asOf}/{code}/evidence',
    access: { table: 'read', documents: 'write' },
  },
  'monitoring-step': {
    entry: 'functions/monitoring/step.ts',
    access: { table: 'write', mail: true, start: ['monitoring-correction'] },
  },
  'correction-step': {
    entry: 'functions/monitoring/correction-step.ts',
    access: { table: 'write', mail: true, tokens: true },
  },
  'kickoff-step': {
    entry: 'functions/kickoff/step.ts',
    access: { table: 'write', mail: true, start: ['target-approval'] },
  },
  'directory-bootstrap': { entry: 'functions/directory/bootstrap.ts', access: { table: 'write', accounts: true } },
  'documents-uploaded': {
    entry: 'functions/documents/uploaded.ts',
    onUpload: true,
    access: { table: 'write', documents: 'read', mail: true, tokens: true, start: ['monitoring-correction'] },
  },
  'api-targets-against-overall': {
    entry: 'functions/api/targets-against-overall.ts',
    route: 'GET /api/cycles/{year}/targets/{org}/{fund}/against-overall',
    access: READER,
  },
  'api-evaluations-history': {
    entry: 'functions/api/evaluations-history.ts',
    route: 'GET /api/cycles/{year}/evaluations/{org}/{fund}/history',
    access: READER,
  },
  'api-rules-get': {
    entry: 'functions/api/rules-get.ts',
    route: 'GET /api/cycles/{year}/rules',
    access: READER,
  },
  'api-rules-draft': {
    entry: 'functions/api/rules-draft.ts',
    route: 'PUT /api/cycles/{year}/rules/{province}',
    access: WRITER,
  },
  'api-rules-submit': {
    entry: 'functions/api/rules-submit.ts',
    route: 'POST /api/cycles/{year}/rules/{province}/submit',
    access: { table: 'write', start: ['rules-approval'] },
  },
  'rules-step': { entry: 'functions/rules/step.ts', access: { table: 'write', mail: true, tokens: true } },
  // issue 17 (M19, R21.1): drafted documents (.docx) and every level's disclosure
  'api-evaluations-draft': {
    entry: 'functions/api/evaluations-draft.ts',
    route: 'GET /api/cycles/{year}/evaluations/{org}/{fund}/draft',
    access: READER,
  },
  'api-provincial-evaluation-draft': {
    entry: 'functions/api/provincial-evaluation-draft.ts',
    route: 'GET /api/cycles/{year}/provincial-evaluations/{org}/draft',
    access: READER,
  },
  'api-national-report': {
    entry: 'functions/api/national-report.ts',
    route: 'GET /api/cycles/{year}/national-report',
    access: READER,
  },
  'api-publish-province': {
    entry: 'functions/api/publish-province.ts',
    route: 'POST /api/cycles/{year}/publication/{org}',
    access: { table: 'write', documents: 'write' },
  },
  // 结果应用 (第二十条): the cycle's rules, each result's proposal and decision, the list for finance
  'api-results-rules-get': {
    entry: 'functions/api/results-rules-get.ts',
    route: 'GET /api/cycles/{year}/results/rules',
    access: READER,
  },
  'api-results-rules-put': {
    entry: 'functions/api/results-rules-put.ts',
    route: 'PUT /api/cycles/{year}/results/rules',
    access: WRITER,
  },
  'api-results-list': {
    entry: 'functions/api/results-list.ts',
    route: 'GET /api/cycles/{year}/results',
    access: READER,
  },
  'api-results-get': {
    entry: 'functions/api/results-get.ts',
    route: 'GET /api/cycles/{year}/results/{org}/{fund}',
    access: READER,
  },
  'api-results-propose': {
    entry: 'functions/api/results-propose.ts',
    route: 'PUT /api/cycles/{year}/results/{org}/{fund}/proposal',
    access: WRITER,
  },
  'api-results-decide': {
    entry: 'functions/api/results-decide.ts',
    route: 'PUT /api/cycles/{year}/results/{org}/{fund}/decision',
    access: WRITER,
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionId = keyof typeof FUNCTIONS;

export interface StateMachineSpec {
  /** ASL (JSONPath) definition file, relative to the repository root */
  definition: string;
  /** `${Placeholder}` in the definition → the function whose ARN replaces it */
  functions: Record<string, FunctionId>;
}

export const STATE_MACHINES = {
  kickoff: { definition: 'statemachines/kickoff.asl.json', functions: { KickoffStepArn: 'kickoff-step' } },
  'target-approval': {
    definition: 'statemachines/target-approval.asl.json',
    functions: { TargetsStepArn: 'targets-step' },
  },
  'evaluation-phase': {
    definition: 'statemachines/evaluation-phase.asl.json',
    functions: { EvaluationStepArn: 'evaluation-step' },
  },
  'self-evaluation': {
    definition: 'statemachines/self-evaluation.asl.json',
    functions: { EvaluationStepArn: 'evaluation-step' },
  },
  'provincial-evaluation': {
    definition: 'statemachines/provincial-evaluation.asl.json',
    functions: { EvaluationStepArn: 'evaluation-step' },
  },
  'central-review': {
    definition: 'statemachines/central-review.asl.json',
    functions: { EvaluationStepArn: 'evaluation-step' },
  },
  'monitoring-tick': {
    definition: 'statemachines/monitoring-tick.asl.json',
    functions: { MonitoringStepArn: 'monitoring-step' },
  },
  'monitoring-correction': {
    definition: 'statemachines/monitoring-correction.asl.json',
    functions: { CorrectionStepArn: 'correction-step' },
  },
  'budget-adjustment': {
    definition: 'statemachines/budget-adjustment.asl.json',
    functions: { BudgetStepArn: 'budget-step' },
  },
  'rules-approval': {
    definition: 'statemachines/rules-approval.asl.json',
    functions: { RulesStepArn: 'rules-step' },
  },
} as const satisfies Record<StateMachineId, StateMachineSpec>;

export interface ScheduleSpec {
  /** EventBridge Scheduler expression; the local adapter (`local/scheduler.ts`) runs the `cron(M H * * ? *)` form */
  expression: string;
  timezone: string;
  /** the state machine each occurrence starts, with `{ "scheduledTime": <the occurrence> }` as input */
  machine: StateMachineId;
}

/** Recurring schedules: EventBridge Scheduler in AWS, `local/scheduler.ts` locally, both from this list. */
export const SCHEDULES = {
  // 绩效运行监控: one daily tick opens due monitoring periods and records missing submissions (idempotent).
  'monitoring-tick': { expression: 'cron(5 0 * * ? *)', timezone: 'Asia/Shanghai', machine: 'monitoring-tick' },
} as const satisfies Record<string, ScheduleSpec>;
