/**
 * The one list of functions, routes and state machines. The CDK stack deploys exactly these; the local default
 * serves exactly these. A route is `METHOD /path/{param}` as API Gateway HTTP API writes it.
 */
export interface FunctionSpec {
  /** path of the handler module, relative to the repository root; it exports `handler` */
  entry: string;
  route?: string;
  /** no JWT authorizer in front (health, public disclosure) */
  public?: boolean;
  /** extra access the function needs beyond table read/write */
  needs?: ('mail' | 'documents' | 'workflows')[];
  /** invoked by the documents bucket's ObjectCreated notification for keys under `uploads/` */
  onUpload?: boolean;
}

export const FUNCTIONS = {
  'api-health': {
    entry: 'functions/api/health.ts',
    route: 'GET /api/health',
    public: true,
    needs: ['mail', 'documents', 'workflows'],
  },
  'api-cycles-create': { entry: 'functions/api/cycles-create.ts', route: 'POST /api/cycles', needs: ['workflows'] },
  'api-cycles-get': { entry: 'functions/api/cycles-get.ts', route: 'GET /api/cycles/{year}', needs: ['workflows'] },
  'api-openapi': { entry: 'functions/api/openapi.ts', route: 'GET /api/openapi.json', public: true },
  'api-me': { entry: 'functions/api/me.ts', route: 'GET /api/me' },
  'api-me-tasks': { entry: 'functions/api/me-tasks.ts', route: 'GET /api/me/tasks' },
  'api-directory-list': { entry: 'functions/api/directory-list.ts', route: 'GET /api/directory' },
  'api-directory-get': { entry: 'functions/api/directory-get.ts', route: 'GET /api/directory/people/{id}' },
  'api-directory-create': { entry: 'functions/api/directory-create.ts', route: 'POST /api/directory/people' },
  'api-directory-update': { entry: 'functions/api/directory-update.ts', route: 'PATCH /api/directory/people/{id}' },
  'api-directory-deactivate': {
    entry: 'functions/api/directory-deactivate.ts',
    route: 'POST /api/directory/people/{id}/deactivate',
  },
  'api-directory-deputy': {
    entry: 'functions/api/directory-deputy.ts',
    route: 'PUT /api/directory/people/{id}/deputy',
  },
  'api-funds': { entry: 'functions/api/reference-funds.ts', route: 'GET /api/funds' },
  'api-orgs': { entry: 'functions/api/reference-orgs.ts', route: 'GET /api/orgs' },
  'api-indicators': { entry: 'functions/api/reference-indicators.ts', route: 'GET /api/indicators' },
  'api-explanations-needed': {
    entry: 'functions/api/explanations-needed.ts',
    route: 'POST /api/funds/{fund}/explanations-needed',
  },
  'api-cycles-list': { entry: 'functions/api/cycles-list.ts', route: 'GET /api/cycles' },
  'api-cycles-items': { entry: 'functions/api/cycles-items.ts', route: 'GET /api/cycles/{year}/items' },
  'api-targets-list': { entry: 'functions/api/targets-list.ts', route: 'GET /api/cycles/{year}/targets' },
  'api-targets-draft': {
    entry: 'functions/api/targets-draft.ts',
    route: 'PUT /api/cycles/{year}/targets/{org}/{fund}/draft',
  },
  'api-targets-adjust': {
    entry: 'functions/api/targets-adjust.ts',
    route: 'POST /api/cycles/{year}/targets/{org}/{fund}/adjust',
    needs: ['workflows'],
  },
  'api-targets-decompose': {
    entry: 'functions/api/targets-decompose.ts',
    route: 'PUT /api/cycles/{year}/targets/{org}/{fund}/regions',
    needs: ['mail'],
  },
  'api-central-targets-put': {
    entry: 'functions/api/central-targets-put.ts',
    route: 'PUT /api/cycles/{year}/central-targets/{fund}',
  },
  'api-central-targets-get': {
    entry: 'functions/api/central-targets-get.ts',
    route: 'GET /api/cycles/{year}/central-targets/{fund}',
  },
  'api-guidance': { entry: 'functions/api/guidance.ts', route: 'POST /api/cycles/{year}/guidance' },
  'api-budgets': { entry: 'functions/api/budgets.ts', route: 'POST /api/budgets' },
  'api-tasks-get': { entry: 'functions/api/tasks-get.ts', route: 'GET /api/tasks/{actionId}' },
  'api-tasks-assign': {
    entry: 'functions/api/tasks-assign.ts',
    route: 'POST /api/tasks/{actionId}/assignment',
    needs: ['mail'],
  },
  'api-tasks-decide': {
    entry: 'functions/api/tasks-decide.ts',
    route: 'POST /api/tasks/{actionId}/decision',
    needs: ['workflows'],
  },
  'api-evaluations-open': {
    entry: 'functions/api/evaluations-open.ts',
    route: 'POST /api/cycles/{year}/evaluations/open',
    needs: ['workflows'],
  },
  'api-evaluations-list': { entry: 'functions/api/evaluations-list.ts', route: 'GET /api/cycles/{year}/evaluations' },
  'api-evaluations-actuals': {
    entry: 'functions/api/evaluations-actuals.ts',
    route: 'PUT /api/cycles/{year}/evaluations/{org}/{fund}/actuals',
    needs: ['workflows'],
  },
  'api-evaluations-uploads': {
    entry: 'functions/api/evaluations-uploads.ts',
    route: 'POST /api/cycles/{year}/evaluations/{org}/{fund}/uploads',
    needs: ['documents'],
  },
  'api-evaluations-template': {
    entry: 'functions/api/evaluations-template.ts',
    route: 'GET /api/cycles/{year}/evaluations/{org}/{fund}/template',
  },
  'api-provincial-evaluation-get': {
    entry: 'functions/api/provincial-evaluation-get.ts',
    route: 'GET /api/cycles/{year}/provincial-evaluations/{org}',
  },
  'api-delegations': { entry: 'functions/api/delegations.ts', route: 'POST /api/cycles/{year}/delegations' },
  'api-delegations-revoke': {
    entry: 'functions/api/delegations-revoke.ts',
    route: 'DELETE /api/cycles/{year}/delegations/{org}/{fund}',
  },
  'api-central-review': {
    entry: 'functions/api/central-review.ts',
    route: 'POST /api/cycles/{year}/central-review',
    needs: ['workflows'],
  },
  'api-assessments': { entry: 'functions/api/assessments.ts', route: 'GET /api/cycles/{year}/assessments' },
  'api-timeline': { entry: 'functions/api/timeline.ts', route: 'GET /api/cycles/{year}/timeline' },
  'api-audit-verify': { entry: 'functions/api/audit-verify.ts', route: 'GET /api/audit/verify' },
  'api-publish': {
    entry: 'functions/api/publish.ts',
    route: 'POST /api/cycles/{year}/publication',
    needs: ['documents'],
  },
  'api-public-cycles': {
    entry: 'functions/api/public-cycles.ts',
    route: 'GET /api/public/cycles',
    public: true,
  },
  'api-public-cycle': {
    entry: 'functions/api/public-cycle.ts',
    route: 'GET /api/public/cycles/{year}',
    public: true,
    needs: ['documents'],
  },
  'evaluation-step': { entry: 'functions/evaluations/step.ts', needs: ['mail', 'workflows', 'documents'] },
  'targets-step': { entry: 'functions/targets/step.ts', needs: ['mail', 'workflows'] },
  'api-monitoring-get': { entry: 'functions/api/monitoring-get.ts', route: 'GET /api/cycles/{year}/monitoring' },
  'api-monitoring-summary': {
    entry: 'functions/api/monitoring-summary.ts',
    route: 'GET /api/cycles/{year}/monitoring/summary',
  },
  'api-monitoring-config': {
    entry: 'functions/api/monitoring-config.ts',
    route: 'PUT /api/cycles/{year}/monitoring/config',
  },
  'api-monitoring-submit': {
    entry: 'functions/api/monitoring-submit.ts',
    route: 'PUT /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}',
    needs: ['workflows'],
  },
  'api-monitoring-template': {
    entry: 'functions/api/monitoring-template.ts',
    route: 'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/template',
  },
  'api-monitoring-upload-slot': {
    entry: 'functions/api/monitoring-upload-slot.ts',
    route: 'POST /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads',
    needs: ['documents'],
  },
  'api-monitoring-uploads': {
    entry: 'functions/api/monitoring-uploads.ts',
    route: 'GET /api/cycles/{year}/monitoring/{org}/{fund}/periods/{asOf}/uploads',
  },
  'monitoring-step': { entry: 'functions/monitoring/step.ts', needs: ['mail', 'workflows'] },
  'correction-step': { entry: 'functions/monitoring/correction-step.ts', needs: ['mail', 'workflows'] },
  'kickoff-step': { entry: 'functions/kickoff/step.ts', needs: ['mail', 'workflows'] },
  'directory-bootstrap': { entry: 'functions/directory/bootstrap.ts' },
  'documents-uploaded': { entry: 'functions/documents/uploaded.ts', needs: ['documents'], onUpload: true },
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
} as const satisfies Record<string, StateMachineSpec>;

export type StateMachineId = keyof typeof STATE_MACHINES;

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
