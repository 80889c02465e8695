import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE } from '#local/identity';
import { startSystem, type TestSystem } from '../helpers/local.ts';

/**
 * Issue #14, findings 7 and 8: what the HTTP front (API Gateway and CloudFront locally) and the token verifier refuse.
 */
const CENTRAL_FINANCE = 'finance.100000';

// One system per file: the verifier keeps the JWKS of the first issuer it met (per process, as a Lambda does).
let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(() => sys.close());

describe('the HTTP front under attack', () => {
  const bilingual = (body: { error: { code: string; message: { zh: string; en: string } } }) => {
    expect(body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(body.error.message.en).toMatch(/[a-z]/);
  };

  it.each([
    ['an API path parameter', '/api/cycles/%E0%A4%A'],
    ['a console path', '/cycles/%zz'],
  ])('answers malformed percent-encoding in %s with 400 and the error shape', async (_name, p) => {
    const res = await sys.call('GET', p, { as: CENTRAL_FINANCE });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_PATH');
    bilingual(res.body);
  });

  it('answers a body just over 10 MB with 413 and the error shape, not a closed connection', async () => {
    const token = await sys.token(CENTRAL_FINANCE);
    const res = await fetch(`${sys.url}/api/cycles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ year: 2026, pad: 'x'.repeat(10 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string; message: { zh: string; en: string } } };
    expect(body.error.code).toBe('PAYLOAD_TOO_LARGE');
    bilingual(body);
  });

  it.each([
    ['a negative count', '?to=a%40sifpm.example.cn&from=-1'],
    ['a count with a leading zero', '?from=01'],
    ['a count that is not a number', '?from=two'],
    ['an unknown parameter', '?to=a%40sifpm.example.cn&since=3'],
  ])('answers the local mailbox’s query with %s with 400 and the error shape', async (_name, q) => {
    const res = await sys.call('GET', `/local/mail${q}`);
    expect(res.status).toBe(400);
    bilingual(res.body);
  });

  it.each([
    ['the console', '/'],
    ['a console route', '/cycles/2026'],
    ['the mailbox', '/local/mailbox'],
    ['an API answer', '/api/health'],
    ['an API error', '/api/no-such-thing'],
  ])('sends the security headers with %s', async (_name, p) => {
    const res = await fetch(`${sys.url}${p}`);
    await res.arrayBuffer();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${sys.local.endpoints.s3}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('serves a console page without inline scripts, so the CSP leaves it working', async () => {
    const html = await (await fetch(`${sys.url}/`)).text();
    for (const [, attrs, content] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
      expect(attrs).toMatch(/\ssrc="\//);
      expect(content?.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});

describe('tokens under attack', () => {
  it.each([
    ['an unknown organisation', 'finance.999999'],
    ['a department not seeded for a region (third party)', 'third-party.440100'],
    ['a department that does not exist', 'root.100000'],
  ])('issues no token for %s', async (_name, userId) => {
    const res = await sys.call('POST', '/local/token', { body: { userId } });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    expect(res.body.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('issues tokens for the listed users, a province’s third-party account among them', async () => {
    const users = (await sys.call('GET', '/local/users')).body as { id: string }[];
    expect(users.map((u) => u.id)).toContain('third-party.440000');
    for (const { id } of [users[0], users.at(-1), { id: 'third-party.440000' }] as { id: string }[]) {
      expect((await sys.call('POST', '/local/token', { body: { userId: id } })).status).toBe(200);
    }
  });

  const claims = () => {
    const now = Math.floor(Date.now() / 1000);
    return {
      sub: CENTRAL_FINANCE,
      iss: `${sys.url}/local`,
      aud: LOCAL_AUDIENCE,
      iat: now,
      exp: now + 3600,
      email: `${CENTRAL_FINANCE}@sifpm.example.cn`,
      name: '财政部联系人',
      token_use: 'id',
      'custom:org_code': '100000',
      'custom:tier': 'central',
      'custom:department': 'finance',
    };
  };
  const cycles = async (token: string) => (await sys.call('GET', '/api/cycles', { token })).status;

  it('accepts a well-formed ID token signed by the issuer (the control)', async () => {
    expect(await cycles(await sys.local.issuer.signClaims(claims()))).toBe(200);
  });

  it('refuses an ID token without exp', async () => {
    const { exp: _exp, ...rest } = claims();
    expect(await cycles(await sys.local.issuer.signClaims(rest))).toBe(401);
  });

  it('refuses an access token: token_use access, or another audience than the console (Cognito access tokens have none)', async () => {
    expect(await cycles(await sys.local.issuer.signClaims({ ...claims(), token_use: 'access' }))).toBe(401);
    const { aud: _aud, ...noAudience } = claims();
    expect(await cycles(await sys.local.issuer.signClaims({ ...noAudience, client_id: LOCAL_AUDIENCE }))).toBe(401);
    // an OIDC issuer other than Cognito says nothing of token_use: its ID token is known by its audience
    const { token_use: _use, ...generic } = claims();
    expect(await cycles(await sys.local.issuer.signClaims(generic))).toBe(200);
  });

  it('takes what a caller may do from the directory, never from the token: claimed attributes change nothing', async () => {
    // a region's agency claims to be central finance: it is still the region's agency
    const forged = { ...claims(), sub: 'hrss-agency.440100', 'custom:tier': 'central', 'custom:department': 'finance' };
    const me = await sys.call('GET', '/api/me', { token: await sys.local.issuer.signClaims(forged) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: 'hrss-agency.440100', tier: 'region', department: 'hrss-agency' });
    const kickoff = await sys.call('POST', '/api/cycles', {
      token: await sys.local.issuer.signClaims(forged),
      body: { year: 2027 },
    });
    expect(kickoff.status).toBe(403);
  });

  it('refuses a subject the directory does not know (403 NOT_IN_DIRECTORY), with a bilingual message', async () => {
    const res = await sys.call('GET', '/api/me', {
      token: await sys.local.issuer.signClaims({ ...claims(), sub: 'someone-unknown' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.details.code).toBe('NOT_IN_DIRECTORY');
    expect(res.body.error.message.zh).toMatch(/人员名录/);
  });
});
