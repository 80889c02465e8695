/**
 * The local default's staff directory seed: realistic Chinese names, one or more people per department of every
 * organisation, addresses on the local mailbox's domain. Ids are readable on purpose (`<department>.<org>` for the
 * department's lead, `<department>.<org>.2` for a colleague at central and provincial level) so that tests, the
 * simulator and a developer can name who acts; people added through the API get opaque ids. Written once per data
 * folder, on the first start; each person signs in (`local/oidc.ts`, `/local/token`) with their id as subject.
 */
import { createHash } from 'node:crypto';
import type { Person } from '#shared/directory/directory';
import { personKey, seedWritten, writeSeed } from '#shared/directory/store';
import { now } from '#shared/platform/clock';
import { CENTRAL_ORG_CODE, CENTRAL_UNIT_ORG_CODE, getOrg, provincialUnits, regionsOf } from '#shared/reference/orgs';
import type { Department, StaffFunction } from '#shared/reference/roles';

export const MAIL_DOMAIN = 'sifpm.example.cn';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建国志文辉鹏宇浩然晨曦雪梅海燕晓东丹凤慧颖佳琪子涵思远博文俊峰永新春兰秋菊立新卫东德胜振华',
];

const STAFF: Department[] = ['finance', 'hrss-admin', 'medsec-admin', 'hrss-agency', 'medsec-agency', 'tax'];
const ALL: StaffFunction[] = ['drafter', 'reviewer', 'signer', 'lead'];
const SEED_FROM = '2020-01-01T00:00:00+08:00';

/** A name from the id, always the same: a surname and a one- or two-character given name. */
function nameOf(id: string): string {
  const h = createHash('sha256').update(id).digest();
  const surname = SURNAMES[h.readUInt16BE(0) % SURNAMES.length] as string;
  const first = GIVEN[h.readUInt16BE(2) % GIVEN.length] as string;
  const second = (h[4] as number) % 3 === 0 ? '' : (GIVEN[h.readUInt16BE(5) % GIVEN.length] as string);
  return `${surname}${first}${second === first ? '' : second}`;
}

function person(id: string, orgCode: string, department: Department, functions: StaffFunction[], at: string): Person {
  return {
    ...personKey(id),
    id,
    name: nameOf(id),
    email: `${id}@${MAIL_DOMAIN}`,
    orgCode,
    department,
    functions,
    activeFrom: SEED_FROM,
    subject: id,
    version: 1,
    updatedAt: at,
    updatedBy: 'system:seed',
  };
}

/** Every seeded person. */
export function seedPeople(at = now().toISOString()): Person[] {
  const upper = [CENTRAL_ORG_CODE, CENTRAL_UNIT_ORG_CODE, ...provincialUnits().map((p) => p.code)];
  const regions = provincialUnits().flatMap((p) => regionsOf(p.code).map((r) => r.code));
  const out: Person[] = [];
  for (const org of [...upper, ...regions]) {
    const high = getOrg(org).tier !== 'region';
    for (const d of STAFF) {
      const admin = d === 'finance' && high && org !== CENTRAL_UNIT_ORG_CODE;
      out.push(person(`${d}.${org}`, org, d, admin ? [...ALL, 'directory-admin'] : ALL, at));
      if (high) out.push(person(`${d}.${org}.2`, org, d, ['drafter', 'reviewer'], at));
    }
  }
  // third-party evaluation accounts (第十七条): one registered by central, one per provincial unit
  for (const org of [CENTRAL_ORG_CODE, ...provincialUnits().map((p) => p.code)]) {
    out.push(person(`third-party.${org}`, org, 'third-party', ['reviewer', 'lead'], at));
  }
  return out;
}

/** Write the seed on a first start (an empty directory); later starts keep what the directory became. */
export async function seedDirectory(): Promise<void> {
  if (await seedWritten()) return;
  await writeSeed(seedPeople(), now().toISOString());
}
