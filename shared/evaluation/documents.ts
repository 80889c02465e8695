import type { DocumentOwner, DocumentType, RecordedDocument } from '#shared/documents/documents';
import { delegatedTo, parseDocumentKey } from '#shared/evaluation/chain';
import type { DocumentRef } from '#shared/evaluation/records';
import { findEvaluation, findProvincial, findRectification } from '#shared/evaluation/store';
import { forbidden } from '#shared/platform/errors';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { getOrg } from '#shared/reference/orgs';

/**
 * The documents of the evaluation chain, opened by the people of their record (issue 16): a self-evaluation's
 * report and filled template, a provincial report, a rectification's evidence. Whoever may read the record may
 * open its documents — `authorize(principal, 'reference.read', org, fund)`, the one policy: the region's own
 * departments, its province's and central's, each only for its fund line — and a third party only its delegated
 * items while the delegation is open. The check runs before any record is read, so a refused caller learns nothing
 * of which documents exist; a key the record does not hold (refused, replaced, never uploaded) is not found.
 */
const DELEGATION_CLOSED = {
  zh: '您的委托评价不包括这份文件，或委托期限已过',
  en: 'Your delegation does not cover this document, or it has ended',
};

function recorded(ref: DocumentRef | null | undefined, key: string, name: string): RecordedDocument | undefined {
  if (!ref || ref.key !== key) return undefined;
  return {
    key: ref.key,
    ...(ref.versionId ? { versionId: ref.versionId } : {}),
    type: ref.type as DocumentType,
    sha256: ref.sha256,
    size: ref.size,
    name,
  };
}

async function find(principal: Principal, key: string): Promise<RecordedDocument | undefined> {
  const where = parseDocumentKey(key);
  if (!where) return undefined;
  const { year, org, fund, kind } = where;
  const orgName = getOrg(org).name.zh;
  if (kind === 'self-evaluation' || kind === 'template') {
    if (principal.department === 'third-party') {
      const e = await findEvaluation(year, org, fund);
      if (!e || !delegatedTo(e, principal.userId)) throw forbidden(DELEGATION_CLOSED, { code: 'NOT_DELEGATED' });
    } else authorize(principal, 'reference.read', org, fund);
    const e = await findEvaluation(year, org, fund);
    const fundName = getFund(fund).name.zh;
    return kind === 'self-evaluation'
      ? recorded(e?.report, key, `${orgName}${year}年度${fundName}绩效自评报告`)
      : recorded(e?.template, key, `${orgName}${year}年度${fundName}绩效自评表`);
  }
  // the province's own documents: its departments and central's (a region does not see its province's report)
  authorize(principal, 'reference.read', org);
  if (kind === 'provincial-report') {
    const p = await findProvincial(year, org);
    return recorded(p?.report, key, `${orgName}${year}年度省级绩效评价报告`);
  }
  const r = await findRectification(year, org);
  const evidence = r?.evidence ?? [];
  const n = evidence.findIndex((d) => d.key === key);
  return n < 0 ? undefined : recorded(evidence[n], key, `${orgName}${year}年度整改佐证材料${n + 1}`);
}

export const evaluationDocuments: DocumentOwner = {
  owns: (key) => key.startsWith('uploads/evaluations/'),
  find,
};
