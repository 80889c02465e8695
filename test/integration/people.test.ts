import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type TestSystem } from '../helpers/local.ts';
import { signInWithOidc } from '../helpers/oidc.ts';
import { guidingDraft } from '../helpers/targets.ts';
import { taskLink } from '../helpers/tasks.ts';

/**
 * Tasks go to persons (issue 15): a person added to the directory by their province's administrator receives the
 * task mail of their group at their own address, signs in, decides; a colleague of the group then sees who decided;
 * the lead hands a task to one member; a deputy covers; a deactivated person is refused from their next request on.
 */
const YEAR = 2027;
const GD = '440000';
const ADMIN = `finance.${GD}`; // 广东省财政厅's directory administrator (seed)
const LEAD = `hrss-agency.${GD}`; // the lead of 广东's 人社经办机构 (seed)
const COLLEAGUE = `hrss-agency.${GD}.2`; // a drafter of the same group (seed)
const ADDRESS = 'li.xiaoyun@rs.gd.example.cn';

let sys: TestSystem;
let newcomer: { id: string; name: string };

beforeAll(async () => {
  sys = await startSystem();
  const added = await sys.call('POST', '/api/directory/people', {
    as: ADMIN,
    body: {
      name: '李晓云',
      email: ADDRESS,
      mobile: '13912345678',
      orgCode: GD,
      department: 'hrss-agency',
      functions: ['drafter'],
    },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  newcomer = { id: added.body.id, name: added.body.name };
  const kickoff = await sys.call('POST', '/api/cycles', {
    as: 'finance.100000',
    body: { year: YEAR, targetsDue: `${YEAR}-03-20` },
  });
  expect(kickoff.status, JSON.stringify(kickoff.body)).toBe(202);
  await sys.settled();
}, 600_000);

afterAll(async () => {
  await sys?.close();
});

/** A token for a person the API created (their id is opaque): the development issuer signs in directory people by id. */
const as = (id: string) => ({ as: id });

describe('tasks go to persons (issue 15)', () => {
  it('mails the task of the group to the new person at their own address, and lists it for them', async () => {
    const mail = (await sys.mail()).filter((m) => m.to.includes(ADDRESS));
    expect(mail.map((m) => m.subject).some((s) => /广东省.*失业保险.*制定/.test(s))).toBe(true);
    const mine = await sys.call('GET', '/api/me/tasks', as(newcomer.id));
    expect(mine.status).toBe(200);
    const titles = mine.body.map((t: { subject: { title: { zh: string } } }) => t.subject.title.zh);
    expect(titles.some((t: string) => /广东省.*失业保险/.test(t))).toBe(true);
    // the 医保 line is not theirs
    expect(titles.some((t: string) => /职工基本医疗/.test(t))).toBe(false);
  });

  it('lets the new person sign in (local OIDC provider, code + PKCE) and decide first; the others then see who decided', async () => {
    const link = await taskLink(sys, ADDRESS, /失业保险.*制定/);
    const token = await signInWithOidc(sys, newcomer.id);
    const me = await sys.call('GET', '/api/me', { token });
    expect(me.body).toMatchObject({ userId: newcomer.id, name: '李晓云', orgCode: GD, department: 'hrss-agency' });
    const draft = await sys.call('PUT', `/api/cycles/${YEAR}/targets/${GD}/UI/draft`, {
      token,
      body: guidingDraft('UI'),
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const decided = await sys.call('POST', `/api/tasks/${link}/decision`, {
      token,
      body: { decision: 'submit' },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    await sys.settled();
    // the colleague's mail carried the same link: it now says who decided
    const colleagueLink = await taskLink(sys, COLLEAGUE, /失业保险.*制定/);
    expect(colleagueLink).toBe(link);
    const view = await sys.call('GET', `/api/tasks/${link}`, as(COLLEAGUE));
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ status: 'used', decidedBy: { userId: newcomer.id, name: '李晓云' } });
    const again = await sys.call('POST', `/api/tasks/${link}/decision`, {
      ...as(COLLEAGUE),
      body: { decision: 'submit' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message.zh).toContain('李晓云');
    // someone of another department is no member
    const other = await sys.call('GET', `/api/tasks/${link}`, as(`medsec-agency.${GD}`));
    expect(other.status).toBe(403);
  });

  it('lets the lead hand a task to one member: only they (and the lead) may act on it then', async () => {
    const link = await taskLink(sys, LEAD, /工伤保险.*制定/);
    const refused = await sys.call('POST', `/api/tasks/${link}/assignment`, {
      ...as(COLLEAGUE),
      body: { userId: COLLEAGUE },
    });
    expect(refused.status).toBe(403);
    const assigned = await sys.call('POST', `/api/tasks/${link}/assignment`, {
      ...as(LEAD),
      body: { userId: COLLEAGUE },
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
    const fresh = await taskLink(sys, COLLEAGUE, /【指派】.*工伤保险/);
    expect(fresh).not.toBe(link);
    expect((await sys.call('GET', `/api/tasks/${fresh}`, as(COLLEAGUE))).body.assignedTo.userId).toBe(COLLEAGUE);
    expect((await sys.call('GET', `/api/tasks/${fresh}`, as(newcomer.id))).status).toBe(403);
    expect((await sys.call('GET', `/api/tasks/${link}`, as(COLLEAGUE))).body.status).toBe('superseded');
  });

  it('lets a deputy act for the person they cover, for a bounded time', async () => {
    const link = await taskLink(sys, COLLEAGUE, /【指派】.*工伤保险/);
    expect((await sys.call('GET', `/api/tasks/${link}`, as(newcomer.id))).status).toBe(403);
    const tooLong = await sys.call('PUT', `/api/directory/people/${COLLEAGUE}/deputy`, {
      ...as(COLLEAGUE),
      body: { deputy: newcomer.id, until: new Date(Date.now() + 200 * 86_400_000).toISOString() },
    });
    expect(tooLong.status).toBe(422);
    const named = await sys.call('PUT', `/api/directory/people/${COLLEAGUE}/deputy`, {
      ...as(COLLEAGUE),
      body: { deputy: newcomer.id, until: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect((await sys.call('GET', `/api/tasks/${link}`, as(newcomer.id))).status).toBe(200);
    const ended = await sys.call('PUT', `/api/directory/people/${COLLEAGUE}/deputy`, {
      ...as(COLLEAGUE),
      body: { deputy: null },
    });
    expect(ended.status).toBe(200);
    expect((await sys.call('GET', `/api/tasks/${link}`, as(newcomer.id))).status).toBe(403);
  });

  it('refuses a deactivated person from their next request, and their open link no longer works', async () => {
    const link = await taskLink(sys, ADDRESS, /养老保险.*制定/);
    expect((await sys.call('GET', `/api/tasks/${link}`, as(newcomer.id))).status).toBe(200);
    // nobody manages their own entry; a region's or another province's finance cannot manage 广东's staff
    expect((await sys.call('POST', `/api/directory/people/${ADMIN}/deactivate`, as(ADMIN))).status).toBe(403);
    expect(
      (await sys.call('POST', `/api/directory/people/${newcomer.id}/deactivate`, as('finance.320000'))).status,
    ).toBe(403);
    const off = await sys.call('POST', `/api/directory/people/${newcomer.id}/deactivate`, as(ADMIN));
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    const me = await sys.call('GET', '/api/me', as(newcomer.id));
    expect(me.status).toBe(403);
    expect(me.body.error.details.code).toBe('ACCOUNT_INACTIVE');
    expect((await sys.call('GET', `/api/tasks/${link}`, as(newcomer.id))).status).toBe(403);
    // the development issuer signs in only active people
    expect((await sys.call('POST', '/local/token', { body: { userId: newcomer.id } })).status).toBe(404);
    // their colleagues still can
    expect((await sys.call('GET', `/api/tasks/${link}`, as(COLLEAGUE))).status).toBe(200);
  });

  it('brings a deactivated person back as the same entry: they sign in and open their group’s link again', async () => {
    const link = await taskLink(sys, ADDRESS, /养老保险.*制定/);
    // re-adding the address would make a second person: refused, the entry is reactivated instead
    const again = await sys.call('POST', '/api/directory/people', {
      as: ADMIN,
      body: { name: '李晓云', email: ADDRESS, orgCode: GD, department: 'hrss-agency', functions: ['drafter'] },
    });
    expect(again.status).toBe(409);
    expect((await sys.call('POST', `/api/directory/people/${newcomer.id}/reactivate`, as(newcomer.id))).status).toBe(
      403,
    );
    const back = await sys.call('POST', `/api/directory/people/${newcomer.id}/reactivate`, as(ADMIN));
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({ id: newcomer.id, active: true });
    const token = await signInWithOidc(sys, newcomer.id);
    expect((await sys.call('GET', `/api/tasks/${link}`, { token })).status).toBe(200);
  });

  it('keeps the administration where the regulation puts it: central names provincial administrators, a province its staff', async () => {
    const person = (orgCode: string, email: string, functions: string[], department = 'finance') => ({
      body: { name: '周明', email, orgCode, department, functions },
    });
    const post = (as: string, body: ReturnType<typeof person>) =>
      sys.call('POST', '/api/directory/people', { as, ...body });
    // a province does not name administrators, central does
    const byProvince = await post(ADMIN, person(GD, 'zhou.ming@czt.gd.example.cn', ['reviewer', 'directory-admin']));
    expect(byProvince.status).toBe(403);
    expect(byProvince.body.error.details.code).toBe('ADMINS_BY_CENTRAL');
    const byCentral = await post(
      'finance.100000',
      person(GD, 'zhou.ming@czt.gd.example.cn', ['reviewer', 'directory-admin']),
    );
    expect(byCentral.status, JSON.stringify(byCentral.body)).toBe(201);
    // central does not manage a region's staff; the province does
    expect((await post('finance.100000', person('440100', 'he.li@gz.example.cn', ['drafter'], 'tax'))).status).toBe(
      403,
    );
    expect((await post(ADMIN, person('440100', 'he.li@gz.example.cn', ['drafter'], 'tax'))).status).toBe(201);
    // an address is one person's
    const twice = await post(ADMIN, person('440300', 'he.li@gz.example.cn', ['drafter'], 'tax'));
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('EMAIL_TAKEN');
    // a field-level, bilingual refusal for a bad address, and nothing written
    const bad = await post(ADMIN, person(GD, 'not-an-address', ['drafter']));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('email');
    // someone who is no administrator writes nothing
    expect((await post(`hrss-agency.${GD}`, person(GD, 'x.y@gd.example.cn', ['drafter']))).status).toBe(403);
  });

  it('audits every change of the entry in the person’s chain', async () => {
    const res = await sys.call('GET', '/api/audit/verify', as('finance.100000'));
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });
});
