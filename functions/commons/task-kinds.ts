import { decideAssessment, decideRectification } from '#shared/evaluation/central-review';
import { decideProvincialApproval, decideReview, viewReviewGuard } from '#shared/evaluation/provincial';
import { decideSignOff } from '#shared/evaluation/self-evaluation';
import { decideCorrection } from '#shared/monitoring/corrections';
import type { Principal } from '#shared/reference/auth';
import { decideRules } from '#shared/rules/rules';
import { decideAdjustment } from '#shared/targets/budgets';
import { decideTarget } from '#shared/targets/targets';
import type { ActionRecord, Decider } from '#shared/tasks/tasks';

/** What each kind of human task does when decided. One entry per kind of record a task decides about. */
export const DECIDERS: Record<string, Decider> = {
  target: decideTarget,
  correction: decideCorrection,
  'self-evaluation': decideSignOff,
  'provincial-review': decideReview,
  'provincial-approval': decideProvincialApproval,
  assessment: decideAssessment,
  rectification: decideRectification,
  'budget-adjustment': decideAdjustment,
  rules: decideRules,
};

/** What each kind checks before its task is shown or decided, beyond the assignee (the same check its decider makes). */
export const VIEW_GUARDS: Record<string, (action: ActionRecord, principal: Principal) => Promise<void>> = {
  'provincial-review': viewReviewGuard,
};
