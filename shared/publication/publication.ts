import { cycleRecord, kickoffUnits } from '#shared/cycle/cycles';
import { provinceItems } from '#shared/evaluation/store';
import { now } from '#shared/platform/clock';
import { type Bilingual, forbidden, notFound } from '#shared/platform/errors';
import { readObjectText, writeObject } from '#shared/platform/objects';
import { closeCycle, disclosedItems, queryPublications, savePublication } from '#shared/publication/store';
import { authorize, type Principal } from '#shared/reference/auth';
import { getFund } from '#shared/reference/funds';
import { listIndicators, type TargetValue } from '#shared/reference/indicators';
import { CENTRAL_ORG_CODE, getOrg } from '#shared/reference/orgs';

/**
 * 绩效信息公开 (第二十一条): key targets and evaluation results, reported to the People's Congress and disclosed to
 * the public. Central finance publishes a snapshot of a cycle; the snapshot is a document (S3, versioned) that the
 * public page and anyone may read without signing in. Republishing replaces it; earlier versions stay in the bucket.
 */
const documentKey = (year: number, org = CENTRAL_ORG_CODE) =>
  org === CENTRAL_ORG_CODE ? `public/${year}/disclosure.json` : `public/${year}/${org}/disclosure.json`;

/**
 * The snapshot carries the names of what it lists (organisation, fund, indicator and its unit), so that it reads on
 * its own: the public has no access to the signed-in catalogue. (Snapshots published before the names were added
 * lack `fundName`, `provinceName` and the indicators' `name`/`unit`.)
 */
export interface Disclosure {
  year: number;
  /** who published: central (100000) or a province, for its own People's Congress (absent before provinces did) */
  org?: string;
  orgName?: Bilingual;
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

/**
 * What a level discloses, read from the records (nothing is written): central its key targets (the provinces'
 * approved targets), every region's result and the provinces' assessments; a province its own key targets and its
 * regions' results. The drafted reports read the same.
 */
export async function buildDisclosure(year: number, org = CENTRAL_ORG_CODE): Promise<Disclosure> {
  const central = org === CENTRAL_ORG_CODE;
  const items = await disclosedItems(year);
  const name = (code: string) => getOrg(code).name;
  const fundName = (code: string) => getFund(code).name;
  const named = (fund: string) => (i: { id: string; target: TargetValue; unit?: string; weight?: string }) => {
    const ind = listIndicators({ fund }).find((x) => x.id === i.id);
    return { ...i, ...(ind ? { name: ind.name, unit: i.unit ?? ind.unit } : {}) };
  };
  const targets = items.targets
    .filter((i) => i.approved && (central ? getOrg(i.org).tier === 'province' : i.org === org))
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
  for (const province of central ? kickoffUnits() : [org]) {
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
    .filter((i) => i.status === 'notified' && (central || i.org === org))
    .map((a) => ({ org: a.org, orgName: name(a.org), total: a.total ?? null, outcome: a.outcome ?? null }));
  return { year, org, orgName: name(org), publishedAt: now().toISOString(), targets, results, assessments };
}

/**
 * Publish a level's disclosure: central nationally (closing the cycle once the assessments are in), a province's
 * finance its own (第二十一条: to its People's Congress and the public). Republishing replaces the snapshot.
 */
export async function publish(principal: Principal, year: number, org = CENTRAL_ORG_CODE) {
  authorize(principal, 'results.publish', org);
  const tier = getOrg(org).tier;
  if (org === CENTRAL_ORG_CODE ? principal.tier !== 'central' : tier !== 'province' || principal.orgCode !== org) {
    throw forbidden(
      {
        zh: '由中央层面公开全国结果，省级公开本省结果',
        en: 'Central publishes the national results, a province its own',
      },
      { org },
    );
  }
  const cycle = await cycleRecord(year);
  const disclosure = await buildDisclosure(year, org);
  const { targets, results, assessments } = disclosure;
  const put = await writeObject(documentKey(year, org), JSON.stringify(disclosure), 'application/json; charset=utf-8');
  const fields = {
    year,
    ...(org === CENTRAL_ORG_CODE ? {} : { org }),
    key: documentKey(year, org),
    publishedAt: disclosure.publishedAt,
    counts: { targets: targets.length, results: results.length, assessments: assessments.length },
    ...put,
  };
  const actor = { actor: { id: principal.userId, orgCode: principal.orgCode }, action: 'results.publish' };
  await savePublication(year, org === CENTRAL_ORG_CODE ? undefined : org, fields, actor);
  if (org === CENTRAL_ORG_CODE && cycle.phase !== 'closed' && assessments.length > 0) await closeCycle(cycle, actor);
  return fields;
}

/** A level that published in a year. */
export interface PublishedLevel {
  org: string;
  orgName: Bilingual;
  tier: 'central' | 'province';
  publishedAt: string;
}

/**
 * The years that have published something, newest first, for anyone (no sign-in); each with the levels that
 * published (central first, then the provinces by code). `publishedAt` is central's, else the latest province's.
 */
export async function listPublications(): Promise<
  { year: number; publishedAt: string; publications: PublishedLevel[] }[]
> {
  const years = new Map<number, PublishedLevel[]>();
  for (const p of await queryPublications()) {
    const org = p.org ?? CENTRAL_ORG_CODE;
    const level: PublishedLevel = {
      org,
      orgName: getOrg(org).name,
      tier: org === CENTRAL_ORG_CODE ? 'central' : 'province',
      publishedAt: p.publishedAt,
    };
    years.set(p.year, [...(years.get(p.year) ?? []), level]);
  }
  return [...years.entries()]
    .sort(([a], [b]) => b - a)
    .map(([year, levels]) => {
      const publications = levels.sort((a, b) =>
        a.tier === b.tier ? a.org.localeCompare(b.org) : a.tier === 'central' ? -1 : 1,
      );
      const central = publications.find((l) => l.tier === 'central');
      const latest =
        publications
          .map((l) => l.publishedAt)
          .sort()
          .at(-1) ?? '';
      return { year, publishedAt: central?.publishedAt ?? latest, publications };
    });
}

/** A level's published snapshot (central's unless `org` names a province), for anyone (no sign-in). */
export async function readDisclosure(year: number, org = CENTRAL_ORG_CODE): Promise<Disclosure> {
  const text = await readObjectText(documentKey(year, org));
  if (text === undefined) {
    throw notFound(
      { zh: `${year}年度绩效信息尚未公开`, en: `Nothing has been published for ${year} yet` },
      { year, org },
    );
  }
  return JSON.parse(text);
}
