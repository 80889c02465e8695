import { z } from 'zod';
import type { SelfEvaluation } from '#shared/evaluation/records';
import {
  createDelegation,
  delegationGrants,
  evaluationRecord,
  findDelegation,
  updateItem,
} from '#shared/evaluation/store';
import { nowMs } from '#shared/platform/clock';
import { forbidden, unprocessable } from '#shared/platform/errors';
import { authorize, inScope, type Principal } from '#shared/reference/auth';

/**
 * Third parties (第十七条): a province delegates the review of chosen items to an external evaluator for a time
 * window. The account has no organisation scope: it reaches only what is delegated to it, while the window is open.
 */
export const Delegation = z.strictObject({
  delegate: z.string().regex(/^third-party\.\d{6}$/, { error: '须为第三方机构账户 / must be a third-party account' }),
  items: z
    .array(z.strictObject({ org: z.string().regex(/^\d{6}$/), fund: z.string().min(1).max(8) }))
    .min(1)
    .max(500),
  until: z.iso.datetime({ offset: true }),
});

/** Delegate the provincial review of chosen items to a third party for a time window (R17.2). Audited per item. */
export async function delegate(principal: Principal, year: number, body: z.infer<typeof Delegation>) {
  authorize(principal, 'provincial-evaluation.approve');
  if (Date.parse(body.until) <= nowMs())
    throw unprocessable('WINDOW_IN_PAST', { zh: '委托期限须晚于当前时间', en: 'The window must end in the future' });
  const items: SelfEvaluation[] = [];
  for (const { org, fund } of body.items) {
    const e = await evaluationRecord(year, org, fund);
    if (!inScope(principal, e.org) || principal.orgCode !== e.province)
      throw forbidden({ zh: '只能委托本省的评价事项', en: 'You may delegate only your province’s items' }, { org });
    items.push(e);
  }
  for (const e of items) {
    await updateItem(
      e,
      { delegate: { userId: body.delegate, until: body.until } },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'evaluation.delegate' },
    );
    await createDelegation(
      body.delegate,
      { year, org: e.org, fund: e.fund, until: body.until, by: principal.userId },
      { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'delegation.grant' },
    ).then(async (created) => {
      if (!created) {
        const current = await findDelegation(body.delegate, year, e.org, e.fund);
        if (current)
          await updateItem(
            current,
            { until: body.until },
            { actor: { id: principal.userId }, action: 'delegation.extend' },
          );
      }
    });
  }
  return { delegate: body.delegate, until: body.until, items: items.map((e) => ({ org: e.org, fund: e.fund })) };
}

/** The items a third party may see now: its delegations whose window is open. */
export async function delegatedItems(userId: string, year: number): Promise<SelfEvaluation[]> {
  const grants = await delegationGrants(userId, year);
  const open = grants.filter((g) => Date.parse(g.until) >= nowMs());
  return Promise.all(open.map((g) => evaluationRecord(year, g.org, g.fund)));
}
