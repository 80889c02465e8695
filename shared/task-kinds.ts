import { decideCorrection } from '#shared/corrections';
import { EVALUATION_DECIDERS } from '#shared/evaluations';
import { decideTarget } from '#shared/targets';
import type { Decider } from '#shared/tasks';

/** What each kind of human task does when decided. One entry per kind of record a task decides about. */
export const DECIDERS: Record<string, Decider> = {
  target: decideTarget,
  correction: decideCorrection,
  ...EVALUATION_DECIDERS,
};
