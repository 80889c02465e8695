import { cycleRecord, kickoffUnits } from '#shared/cycle/cycles';
import { provinceItems } from '#shared/evaluation/store';
import { now } from '#shared/platform/clock';
import { type Bilingual, forbidden, notFound } from '#shared/platform/errors';
import { readObjectText, writeObject } from '#shared/platform/objects';
import { closeCycle, disclosedItems, queryPublications, savePublication } from '#shared/publication/store';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { listIndicators, type TargetValue } from '#shared/reference/indicators';
import { getOrg } from '#shared/reference/orgs';

/**
 * 绩效信息公开 (第二十一条): key targets and evaluation results, reported to the People's Congress and disclosed to
 * the public. Central finance publishes a snapshot of a cycle; the snapshot is a document (S3, versioned) that the
 * public page and anyone may read without signing in. Republishing replaces it; earlier versions stay in the bucket.
 */
const documentKey = (year: number) => `public/${year}/disclosure.json`;

/**
 * The snapshot carries the names of what it lists (organisation, fund, indicator and its unit), so that it reads on
 * its own: the public has no access to the signed-in catalogue. (Snapshots published before the names were added
 * lack `fundName`, `provinceName` and the indicators' `name`/`unit`.)
 */
export interface Disclosure {
  year: number;
  publishedAt: string;
  targets: {
    org: string;
    orgName: Bilingual;
    fund: string;
    fundName: Bilingual;
    version: number;
    goals: string[];
    indicators: { id: string; target: TargetValue; name?: Bilingual; unit?: string; weight?: string }[];
  }[];
  results: {
    org: string;
    orgName: Bilingual;
    province: string;
    provinceName: Bilingual;
    fund: string;
    fundName: Bilingual;
    score: string | null;
    grade: string | null;
    late: boolean;
  }[];
  assessments: { org: string; orgName: { zh: string; en: string }; total: string | null; outcome: string | null }[];
}

export async function publish(principal: Principal, year: number) {
  authorize(principal, 'results.publish');
  if (principal.tier !== 'central') {
    throw forbidden({ zh: '由中央层面公开全国结果', en: 'Central publishes the national results' });
  }
  const cycle = await cycleRecord(year);
  const items = await disclosedItems(year);
  const name = (code: string) => getOrg(code).name;
  const fundName = (code: string) => getFund(code).name;
  const named = (fund: string) => (i: { id: string; target: TargetValue; unit?: string; weight?: string }) => {
    const ind = listIndicators({ fund }).find((x) => x.id === i.id);
    return { ...i, ...(ind ? { name: ind.name, unit: i.unit ?? ind.unit } : {}) };
  };
  const targets = items.targets
    .filter((i) => i.approved && getOrg(i.org).tier === 'province')
    .map((t) => ({
      org: t.org,
      orgName: name(t.org),
      fund: t.fund,
      fundName: fundName(t.fund),
      version: t.approved?.version ?? 0,
      goals: t.approved?.draft.goals ?? [],
      indicators: (t.approved?.draft.indicators ?? []).map(named(t.fund)),
    }));
  const results = [];
  for (const province of kickoffUnits()) {
    for (const e of await provinceItems(year, province)) {
      if (e.status !== 'reviewed' && e.status !== 'submitted') continue;
      results.push({
        org: e.org,
        orgName: name(e.org),
        province,
        provinceName: name(province),
        fund: e.fund,
        fundName: fundName(e.fund),
        score: e.review?.score ?? e.score?.total ?? null,
        grade: e.review?.grade ?? e.score?.grade ?? null,
        late: Boolean(e.late),
      });
    }
  }
  const assessments = items.assessments
    .filter((i) => i.status === 'notified')
    .map((a) => ({ org: a.org, orgName: name(a.org), total: a.total ?? null, outcome: a.outcome ?? null }));
  const disclosure: Disclosure = { year, publishedAt: now().toISOString(), targets, results, assessments };
  const put = await writeObject(documentKey(year), JSON.stringify(disclosure), 'application/json; charset=utf-8');
  const fields = {
    year,
    key: documentKey(year),
    publishedAt: disclosure.publishedAt,
    counts: { targets: targets.length, results: results.length, assessments: assessments.length },
    ...put,
  };
  const actor = { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'results.publish' };
  await savePublication(year, fields, actor);
  if (cycle.phase !== 'closed' && assessments.length > 0) await closeCycle(cycle, actor);
  return fields;
}

/** The years that have published something, newest first, for anyone (no sign-in). */
export async function listPublications(): Promise<{ year: number; publishedAt: string }[]> {
  return (await queryPublications()).map(({ year, publishedAt }) => ({ year, publishedAt }));
}

/** The published snapshot, for anyone (no sign-in). */
export async function readDisclosure(year: number): Promise<Disclosure> {
  const text = await readObjectText(documentKey(year));
  if (text === undefined) {
    throw notFound({ zh: `${year} 年度绩效信息尚未公开`, en: `Nothing has been published for ${year} yet` }, { year });
  }
  return JSON.parse(text);
}
