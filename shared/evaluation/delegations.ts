import { z } from 'zod';
import { activePrincipal } from '#shared/directory/directory';
import { DAY, delegatedTo, provincialDue } from '#shared/evaluation/chain';
import { moveReview } from '#shared/evaluation/provincial';
import type { DelegationGrant, SelfEvaluation } from '#shared/evaluation/records';
import {
  createDelegation,
  cycleRecordOf,
  delegationGrants,
  evaluationRecord,
  findDelegation,
  updateItem,
} from '#shared/evaluation/store';
import { now, nowMs } from '#shared/platform/clock';
import { conflict, forbidden, unprocessable } from '#shared/platform/errors';
import type { Actor } from '#shared/platform/records';
import { authorize, inScope, type Principal } from '#shared/reference/auth';
import { CENTRAL_ORG_CODE } from '#shared/reference/orgs';

/**
 * Third parties (第十七条): a province delegates the review of chosen items to an external evaluator for a time
 * window. The account has no organisation scope: it reaches only what is delegated to it, while the grant is open.
 *
 * - Only eligible delegates: an existing third-party account registered for the delegating province, or by central.
 * - A bounded window: in the future, and not past the provincial evaluation deadline plus the margin central set at
 *   kickoff (`delegationMarginDays`).
 * - Re-delegating an item to another third party revokes the earlier grant; `revoke` ends one at once. A grant ends
 *   the moment it is revoked or its window closes: the items list, the review task's decision and the record check it.
 * - Every grant, extension and revocation is audited (on the item and on the grant).
 */
/** The margin past the provincial deadline when central sets none at kickoff. */
export const DEFAULT_DELEGATION_MARGIN_DAYS = 30;

const Item = z.strictObject({
  org: z.string().regex(/^\d{6}$/, { error: '须为六位行政区划代码 / must be a six-digit code' }),
  fund: z.string().regex(/^[A-Z0-9]{1,8}$/, { error: '险种代码有误 / invalid fund code' }),
});

export const Delegation = z.strictObject({
  delegate: z.string().regex(/^third-party\.\d{6}$/, { error: '须为第三方机构账户 / must be a third-party account' }),
  items: z
    .array(Item)
    .min(1)
    .max(500)
    .refine((items) => new Set(items.map((i) => `${i.org}/${i.fund}`)).size === items.length, {
      error: '委托事项不能重复 / an item is listed twice',
    }),
  until: z.iso.datetime({ offset: true }),
});

const actorOf = (principal: Principal): Actor => ({ id: principal.userId, orgCode: principal.orgCode });

/** Whether a grant is open now: not revoked and its window not closed. */
export const grantOpen = (g: { until: string; revokedAt?: string | null | undefined }) =>
  !g.revokedAt && nowMs() <= Date.parse(g.until);

/** The latest end a window may have: the provincial deadline plus central's margin. */
async function latestUntil(year: number): Promise<string> {
  const cycle = await cycleRecordOf(year);
  const days = cycle?.delegationMarginDays ?? DEFAULT_DELEGATION_MARGIN_DAYS;
  return new Date(Date.parse(provincialDue(year)) + days * DAY).toISOString();
}

const notOwn = (org: string) =>
  forbidden({ zh: '只能委托本省的评价事项', en: 'You may delegate only your province’s items' }, { org });

/** Checked before any record is read: another province learns nothing of which items exist. */
function assertOwnItems(principal: Principal, items: { org: string }[]) {
  authorize(principal, 'provincial-evaluation.approve', principal.orgCode);
  for (const { org } of items) if (principal.tier !== 'province' || !inScope(principal, org)) throw notOwn(org);
}

/** The province's own items only; the principal must be the province's finance department. */
async function ownItems(principal: Principal, year: number, items: { org: string; fund: string }[]) {
  assertOwnItems(principal, items);
  const out: SelfEvaluation[] = [];
  for (const { org, fund } of items) {
    const e = await evaluationRecord(year, org, fund);
    if (principal.orgCode !== e.province) throw notOwn(org);
    out.push(e);
  }
  return out;
}

async function endGrant(g: DelegationGrant, actor: Actor, action: string) {
  if (g.revokedAt) return;
  await updateItem(g, { revokedAt: now().toISOString() }, { actor, action });
}

/** Delegate the provincial review of chosen items to a third party for a time window (R17.2). Audited per item. */
export async function delegate(principal: Principal, year: number, body: z.infer<typeof Delegation>) {
  // authorised before the delegate is looked at: a refused caller learns nothing of which accounts are eligible
  assertOwnItems(principal, body.items);
  const contact = await activePrincipal(body.delegate);
  if (contact?.department !== 'third-party' || ![principal.orgCode, CENTRAL_ORG_CODE].includes(contact.orgCode))
    throw unprocessable(
      'DELEGATE_NOT_ELIGIBLE',
      {
        zh: '受托方须为本省或中央登记的第三方机构账户',
        en: 'The delegate must be a third-party account registered for this province or by central',
      },
      { field: 'delegate' },
    );
  const items = await ownItems(principal, year, body.items);
  if (Date.parse(body.until) <= nowMs())
    throw unprocessable(
      'WINDOW_IN_PAST',
      { zh: '委托期限须晚于当前时间', en: 'The window must end in the future' },
      { field: 'until' },
    );
  const latest = await latestUntil(year);
  if (Date.parse(body.until) > Date.parse(latest))
    throw unprocessable(
      'WINDOW_TOO_LONG',
      {
        zh: '委托期限不能晚于省级评价截止日期加上中央设定的宽限期',
        en: 'The window may not end after the provincial deadline plus the margin central set',
      },
      { field: 'until', latest },
    );
  const actor = actorOf(principal);
  for (const e of items) {
    const previous = e.delegate;
    if (previous && previous.userId !== body.delegate) {
      const earlier = await findDelegation(previous.userId, year, e.org, e.fund);
      if (earlier) await endGrant(earlier, actor, 'delegation.revoke');
    }
    await updateItem(
      e,
      { delegate: { userId: body.delegate, until: body.until } },
      { actor, action: 'evaluation.delegate' },
    );
    const created = await createDelegation(
      body.delegate,
      { year, org: e.org, fund: e.fund, until: body.until, by: principal.userId },
      { actor, action: 'delegation.grant' },
    );
    if (!created) {
      const current = await findDelegation(body.delegate, year, e.org, e.fund);
      if (current)
        await updateItem(
          current,
          { until: body.until, revokedAt: null, by: principal.userId },
          { actor, action: 'delegation.extend' },
        );
    }
    await moveReview(year, e.org, e.fund);
  }
  return { delegate: body.delegate, until: body.until, items: items.map((e) => ({ org: e.org, fund: e.fund })) };
}

/** End the delegation of one item now (`DELETE …/delegations/{org}/{fund}`); the province reviews it again. */
export async function revoke(principal: Principal, year: number, org: string, fund: string) {
  const [e] = await ownItems(principal, year, [{ org, fund }]);
  if (!e?.delegate) throw conflict('NOT_DELEGATED', { zh: '该事项未委托第三方', en: 'This item is not delegated' });
  const actor = actorOf(principal);
  const grant = await findDelegation(e.delegate.userId, year, org, fund);
  if (grant) await endGrant(grant, actor, 'delegation.revoke');
  await updateItem(e, { delegate: null }, { actor, action: 'evaluation.delegation-revoke' });
  await moveReview(year, org, fund);
  return { org, fund, revoked: e.delegate.userId };
}

/** The items a third party may see now: its open grants whose item still names it. */
export async function delegatedItems(userId: string, year: number): Promise<SelfEvaluation[]> {
  const grants = (await delegationGrants(userId, year)).filter(grantOpen);
  const items = await Promise.all(grants.map((g) => evaluationRecord(year, g.org, g.fund)));
  return items.filter((e) => delegatedTo(e, userId));
}
