import { z } from 'zod';
import * as ev from '#shared/evaluations';
import { OrgCode } from '#shared/orgs';
import { step } from '#shared/steps';

/** The steps of the evaluation machines: evaluation-phase, self-evaluation, provincial-evaluation, central-review. */
const year = z.int().min(2023);
const item = { year, org: OrgCode, fund: z.string().min(1).max(8) };
const province = { year, province: OrgCode };
const token = z.string().min(1);
const Input = z.discriminatedUnion('step', [
  z.object({ step: z.literal('provinces'), year }),
  z.object({ step: z.literal('prepare-province'), ...province }),
  z.object({ step: z.literal('read'), ...item }),
  z.object({ step: z.literal('await-report'), token, ...item }),
  z.object({ step: z.literal('evaluation-timer'), ...item }),
  z.object({ step: z.literal('score'), ...item }),
  z.object({ step: z.literal('open-sign-off'), token, ...item }),
  z.object({ step: z.literal('submitted'), ...item }),
  z.object({ step: z.literal('read-provincial'), ...province }),
  z.object({ step: z.literal('await-regions'), token, ...province }),
  z.object({ step: z.literal('provincial-timer'), ...province }),
  z.object({ step: z.literal('review-items'), ...province }),
  z.object({ step: z.literal('read-item'), ...item }),
  z.object({ step: z.literal('reopen'), ...item }),
  z.object({ step: z.literal('await-resubmission'), token, ...item }),
  z.object({ step: z.literal('open-review'), token, ...item }),
  z.object({ step: z.literal('feedback'), ...item }),
  z.object({ step: z.literal('close-review'), ...province }),
  z.object({ step: z.literal('await-provincial-report'), token, ...province }),
  z.object({ step: z.literal('open-provincial-approval'), token, ...province }),
  z.object({ step: z.literal('provincial-submitted'), ...province }),
  z.object({ step: z.literal('read-assessment'), year, org: OrgCode }),
  z.object({ step: z.literal('open-assessment'), token, year, org: OrgCode }),
  z.object({ step: z.literal('notify'), year, org: OrgCode }),
  z.object({ step: z.literal('open-rectification'), token, year, org: OrgCode }),
  z.object({ step: z.literal('open-verification'), token, year, org: OrgCode }),
]);

export const handler = step(Input, async (i) => {
  switch (i.step) {
    case 'provinces':
      return { provinces: ev.evaluationProvinces() };
    case 'prepare-province':
      return ev.prepareProvince(i.year, i.province);
    case 'read':
      return ev.readEvaluationStep(i.year, i.org, i.fund);
    case 'await-report':
      return ev.awaitReport(i.token, i.year, i.org, i.fund);
    case 'evaluation-timer':
      return ev.evaluationTimerFired(i.year, i.org, i.fund);
    case 'score':
      return ev.scoreEvaluation(i.year, i.org, i.fund);
    case 'open-sign-off':
      return ev.openSignOff(i.token, i.year, i.org, i.fund);
    case 'submitted':
      return ev.evaluationSubmitted(i.year, i.org, i.fund);
    case 'read-provincial':
      return ev.readProvincialStep(i.year, i.province);
    case 'await-regions':
      return ev.awaitRegions(i.token, i.year, i.province);
    case 'provincial-timer':
      return ev.provincialTimerFired(i.year, i.province);
    case 'review-items':
      return ev.reviewItems(i.year, i.province);
    case 'read-item':
      return ev.readItemStep(i.year, i.org, i.fund);
    case 'reopen':
      return ev.reopenSelfEvaluation(i.year, i.org, i.fund);
    case 'await-resubmission':
      return ev.awaitResubmission(i.token, i.year, i.org, i.fund);
    case 'open-review':
      return ev.openReview(i.token, i.year, i.org, i.fund);
    case 'feedback':
      return ev.feedBack(i.year, i.org, i.fund);
    case 'close-review':
      return ev.closeReview(i.year, i.province);
    case 'await-provincial-report':
      return ev.awaitProvincialReport(i.token, i.year, i.province);
    case 'open-provincial-approval':
      return ev.openProvincialApproval(i.token, i.year, i.province);
    case 'provincial-submitted':
      return ev.provincialSubmitted(i.year, i.province);
    case 'read-assessment':
      return ev.readAssessmentStep(i.year, i.org);
    case 'open-assessment':
      return ev.openAssessment(i.token, i.year, i.org);
    case 'notify':
      return ev.notifyAssessment(i.year, i.org);
    case 'open-rectification':
      return ev.openRectification(i.token, i.year, i.org);
    case 'open-verification':
      return ev.openVerification(i.token, i.year, i.org);
  }
});
