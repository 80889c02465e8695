import { decideAssessment, decideRectification } from '#shared/central-review';
import { decideCorrection } from '#shared/corrections';
import { decideSignOff } from '#shared/evaluations';
import { decideProvincialApproval, decideReview } from '#shared/provincial-evaluation';
import { decideTarget } from '#shared/targets';
import type { Decider } from '#shared/tasks';

/** What each kind of human task does when decided. One entry per kind of record a task decides about. */
export const DECIDERS: Record<string, Decider> = {
  target: decideTarget,
  correction: decideCorrection,
  'self-evaluation': decideSignOff,
  'provincial-review': decideReview,
  'provincial-approval': decideProvincialApproval,
  assessment: decideAssessment,
  rectification: decideRectification,
};
