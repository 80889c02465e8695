import { z } from 'zod';
import { FundCode, OrgCode } from '#functions/commons/params';
import { step } from '#functions/commons/steps';
import * as cr from '#shared/evaluation/central-review';
import { evaluationProvinces } from '#shared/evaluation/chain';
import * as pv from '#shared/evaluation/provincial';
import * as ev from '#shared/evaluation/self-evaluation';

/** The steps of the evaluation machines: evaluation-phase, self-evaluation, provincial-evaluation, central-review. */
const year = z.int().min(2023);
const item = { year, org: OrgCode, fund: FundCode };
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
      return { provinces: evaluationProvinces() };
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
      return pv.readProvincialStep(i.year, i.province);
    case 'await-regions':
      return pv.awaitRegions(i.token, i.year, i.province);
    case 'provincial-timer':
      return pv.provincialTimerFired(i.year, i.province);
    case 'review-items':
      return pv.reviewItems(i.year, i.province);
    case 'read-item':
      return pv.readItemStep(i.year, i.org, i.fund);
    case 'reopen':
      return pv.reopenSelfEvaluation(i.year, i.org, i.fund);
    case 'await-resubmission':
      return pv.awaitResubmission(i.token, i.year, i.org, i.fund);
    case 'open-review':
      return pv.openReview(i.token, i.year, i.org, i.fund);
    case 'feedback':
      return pv.feedBack(i.year, i.org, i.fund);
    case 'close-review':
      return pv.closeReview(i.year, i.province);
    case 'await-provincial-report':
      return pv.awaitProvincialReport(i.token, i.year, i.province);
    case 'open-provincial-approval':
      return pv.openProvincialApproval(i.token, i.year, i.province);
    case 'provincial-submitted':
      return pv.provincialSubmitted(i.year, i.province);
    case 'read-assessment':
      return cr.readAssessmentStep(i.year, i.org);
    case 'open-assessment':
      return cr.openAssessment(i.token, i.year, i.org);
    case 'notify':
      return cr.notifyAssessment(i.year, i.org);
    case 'open-rectification':
      return cr.openRectification(i.token, i.year, i.org);
    case 'open-verification':
      return cr.openVerification(i.token, i.year, i.org);
  }
});
