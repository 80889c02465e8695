/**
 * The local OpenID provider: `oidc-provider` (a certified implementation), mounted in the local HTTP front under the
 * development issuer `${url}/local` and signing with the same key, so its ID tokens and `POST /local/token`'s verify
 * alike against `/local/.well-known/jwks.json`. The console signs in against it exactly as it signs in against
 * Cognito (or any OIDC issuer) in AWS: authorization code + PKCE S256, `/auth/callback`, refresh, RP-initiated logout.
 *
 * What is development-only: the login page (`/local/interaction/:uid`) lists the people of `local/people.ts` and
 * signs in as the one chosen, with no password; consent is granted without asking (the console is first-party).
 * Sessions, grants, codes and refresh tokens live in memory (the provider's own memory adapter, an LRU of 1,000
 * entries): a restart signs
 * everyone out of the provider (the console's stored ID token stays valid until it expires, as the API only checks
 * signature, issuer, audience and expiry).
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { ID_TOKEN_CLAIMS, idTokenClaims, LOCAL_AUDIENCE, type LocalIssuer } from '#local/identity';
import { activeSeedPeople, findActivePerson, type LocalUser } from '#local/people';
import { personIdBySubject } from '#shared/directory/store';
import { findOrg } from '#shared/reference/orgs';
import { DEPARTMENT_LABELS } from '#shared/reference/roles';

/** The console's client: public (no secret), PKCE S256, ID token audience as `SIFPM_JWT_AUDIENCE`. */
export const CONSOLE_CLIENT_ID = LOCAL_AUDIENCE;
/** Where the provider is mounted: the issuer's path. */
const MOUNT = '/local';
const INTERACTION = `${MOUNT}/interaction/`;
/** A script the sign-out confirmation loads (the CSP allows only the site's own scripts, no inline ones). */
const LOGOUT_SCRIPT = `${MOUNT}/oidc/logout.js`;
const PAGE = 50;

export interface LocalOidcOptions {
  /** the console's origin, e.g. `http://127.0.0.1:3000` */
  url: string;
  issuer: LocalIssuer;
  /** ID token lifetime in seconds (default 1 hour, as Cognito's); tests shorten it to see the console refresh */
  idTokenTtlSeconds?: number;
}

export interface LocalOidc {
  /** the console's `config.json` `auth` entry */
  consoleAuth: { mode: 'oidc'; issuer: string; clientId: string };
  /**
   * Answers a request under `/local/` that no development route took: the login page's, else the provider's (which
   * answers 404 itself for a path it does not know). True once answered.
   */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: () => Promise<Buffer>): Promise<boolean>;
}

export function createLocalOidc({ url, issuer, idTokenTtlSeconds = 3600 }: LocalOidcOptions): LocalOidc {
  const consoleUrl = url;
  const provider = new Provider(issuer.issuer, {
    // The provider's own in-memory storage, named explicitly (its default says so on every start).
    adapter: createMemoryAdapter(),
    clients: [
      {
        client_id: CONSOLE_CLIENT_ID,
        client_name: '社会保险基金预算绩效管理',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${url}/auth/callback`],
        post_logout_redirect_uris: [`${url}/signin`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        scope: 'openid email profile offline_access',
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [issuer.signingKey] },
    // Per start: a restart ends the provider's sessions anyway (they are in memory).
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // `POST /local/token` is the development token route: the provider's token endpoint is elsewhere.
    routes: {
      authorization: '/auth',
      token: '/oauth/token',
      revocation: '/oauth/token/revocation',
      end_session: '/session/end',
      userinfo: '/me',
      jwks: '/.well-known/jwks.json',
    },
    pkce: { required: () => true },
    // The console is on the same origin; no other origin may call the provider's endpoints from a browser.
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === new URL(url).origin,
    // Every claim `idTokenClaims` gives is in the ID token, whatever else is issued.
    claims: { openid: ['sub', ...ID_TOKEN_CLAIMS], email: ['email'], profile: ['name'] },
    conformIdTokenClaims: false,
    // The account is the subject; the person is the directory's (still active) person with that subject.
    async findAccount(_ctx: unknown, sub: string) {
      const token = await idTokenClaims((await personIdBySubject(sub)) ?? sub);
      return token?.subject === sub ? { accountId: sub, claims: async () => ({ sub, ...token.claims }) } : undefined;
    },
    // The console refreshes its ID token, as it does with Cognito (which issues refresh tokens without
    // `offline_access`, a scope it does not know).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(g: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      IdToken: idTokenTtlSeconds,
      AccessToken: idTokenTtlSeconds,
      AuthorizationCode: 60,
      RefreshToken: 8 * 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      Interaction: 3600,
    },
    interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `${INTERACTION}${interaction.uid}` },
    // First-party client: consent is granted without a screen.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { oidc } = ctx;
      const clientId = oidc.client?.clientId;
      const accountId = oidc.session?.accountId;
      if (!clientId || !accountId) return undefined;
      const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
      if (existing) {
        const grant = await oidc.provider.Grant.find(existing);
        if (grant) return grant;
      }
      const grant = new oidc.provider.Grant({ clientId, accountId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      await grant.save();
      return grant;
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.type = 'html';
          ctx.body = layout(
            '正在退出登录 · Signing out',
            `<h1>正在退出登录 <span lang="en">· Signing out</span></h1>${form}
<p><button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录 <span lang="en">· Sign out</span></button></p>
<script src="${LOGOUT_SCRIPT}"></script>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.type = 'html';
          ctx.body = layout(
            '已退出登录 · Signed out',
            `<h1>已退出登录 <span lang="en">· Signed out</span></h1><p><a href="${url}/signin">返回登录页 · Back to sign-in</a></p>`,
          );
        },
      },
    },
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = layout(
        '登录出错 · Sign-in error',
        `<h1>登录出错 <span lang="en">· Sign-in error</span></h1>
<p>身份提供方拒绝了此次请求。<span lang="en">The identity provider refused this request.</span></p>
<pre lang="en">${esc(out.error ?? '')}${out.error_description ? `: ${esc(out.error_description)}` : ''}</pre>
<p><a href="${url}/signin">返回登录页 · Back to sign-in</a></p>`,
      );
    },
  });
  const callback = provider.callback();

  // Listing everyone reads the whole directory (seconds on a loaded machine): the login page shows the list as last
  // read and reads it again in the background once it is a minute old. Signing in always reads the person afresh
  // (`idTokenClaims`), so an older listing never lets anyone in; an account typed in full is read at once.
  const LISTED_FOR_MS = 60_000;
  let listed: { at: number; people: Promise<LocalUser[]> } | undefined;
  let rereading = false;
  function listing(): Promise<LocalUser[]> {
    if (!listed) {
      const people = activeSeedPeople();
      listed = { at: Date.now(), people };
      people.catch(() => {
        listed = undefined;
      });
    } else if (Date.now() - listed.at > LISTED_FOR_MS && !rereading) {
      rereading = true;
      activeSeedPeople()
        .then((people) => {
          listed = { at: Date.now(), people: Promise.resolve(people) };
        })
        .catch(() => undefined)
        .finally(() => {
          rereading = false;
        });
    }
    return listed.people;
  }
  async function peopleFor(q: string): Promise<LocalUser[]> {
    // an account typed in full: that person alone, read now
    const exact = /^[\w.-]+$/.test(q) ? await findActivePerson(q) : undefined;
    if (exact) {
      const { id, name, orgCode, department, email } = exact;
      return [{ id, name, orgCode, tier: findOrg(orgCode)?.tier ?? 'region', department, email }];
    }
    return listing();
  }

  async function interaction(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: () => Promise<Buffer>,
  ) {
    let details: Awaited<ReturnType<typeof provider.interactionDetails>>;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      // no interaction cookie, or it has expired: start again from the console
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(
        layout(
          '登录已过期 · Sign-in expired',
          `<h1>登录已过期 <span lang="en">· Sign-in expired</span></h1>
<p>此登录页已失效，请从控制台重新登录。<span lang="en">This sign-in page is no longer valid; please sign in again from the console.</span></p>
<p><a href="${consoleUrl}/signin">返回登录页 · Back to sign-in</a></p>`,
        ),
      );
      return;
    }
    if (req.method === 'POST' && url.pathname.endsWith('/login')) {
      const form = new URLSearchParams((await body()).toString('utf8'));
      const person = form.get('person') ?? '';
      if (details.prompt.name !== 'login' || !(await idTokenClaims(person))) {
        return provider.interactionFinished(req, res, {
          error: 'access_denied',
          error_description: 'no such person in the development sign-in',
        });
      }
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: person } },
        { mergeWithLastSubmission: false },
      );
    }
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
    const q = url.searchParams.get('q') ?? '';
    const page = loginPage({
      uid: details.uid,
      people: await peopleFor(q.trim()),
      q,
      page: Number(url.searchParams.get('page') ?? 1) || 1,
      lang,
    });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page);
  }

  return {
    consoleAuth: { mode: 'oidc', issuer: issuer.issuer, clientId: CONSOLE_CLIENT_ID },
    async handle(req, res, url, body) {
      if (url.pathname === LOGOUT_SCRIPT) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(LOGOUT_JS);
        return true;
      }
      if (url.pathname.startsWith(INTERACTION)) {
        await interaction(req, res, url, body);
        return true;
      }
      // The provider sees its own paths (`/auth`, `/oauth/token`, …); `originalUrl` tells it where it is mounted.
      const original = req.url ?? '/';
      Object.assign(req, { originalUrl: original, url: original.slice(MOUNT.length) || '/' });
      callback(req, res);
      await new Promise<void>((resolve) => res.once('close', resolve));
      return true;
    },
  };
}

/** Confirms the sign-out the console asked for (the provider asks, to guard against a forged sign-out link). */
const LOGOUT_JS = `const f = document.getElementById('op.logoutForm');
if (f) { const i = document.createElement('input'); i.type = 'hidden'; i.name = 'logout'; i.value = 'yes'; f.append(i); f.submit(); }
`;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string, lang = 'zh-CN'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC","Noto Sans SC",sans-serif;max-width:56rem;margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
.dev{background:#fff4d6;border:1px solid #d9a400;padding:.5rem .75rem;border-radius:4px}
form.filter{display:flex;gap:.5rem;flex-wrap:wrap;align-items:end;margin:1rem 0}
label{display:block;font-weight:600}input[type=search]{font:inherit;padding:.35rem .5rem;min-width:18rem}
button{font:inherit;cursor:pointer;padding:.35rem .75rem}
h2{font-size:1.05rem;margin:1.25rem 0 .25rem;border-bottom:1px solid #ccc}
ul{list-style:none;padding:0;margin:0}li{margin:.25rem 0}
.person{display:flex;gap:.75rem;align-items:baseline;width:100%;text-align:left;background:#f5f7fa;border:1px solid #c8d0da;border-radius:4px}
.meta{color:#4a4a4a;font-size:.9rem}nav.pages{display:flex;gap:1rem;margin:1rem 0}
</style></head><body>${body}</body></html>`;
}

const T = {
  zh: {
    title: '选择身份登录',
    dev: '仅供本地开发：此登录页列出本地人员名录中的人员，无需密码。生产环境通过统一身份认证或 Cognito 登录。',
    search: '搜索',
    placeholder: '姓名、单位或账号',
    filter: '筛选',
    count: (shown: string, total: number) => `显示 ${shown} / 共 ${total} 人`,
    none: '没有符合条件的人员。',
    prev: '上一页',
    next: '下一页',
    other: 'English',
  },
  en: {
    title: 'Sign in as',
    dev: 'Development only: this page lists the people of the local directory; no password is asked. In production people sign in through the unified identity platform or Cognito.',
    search: 'Search',
    placeholder: 'name, organisation or account',
    filter: 'Filter',
    count: (shown: string, total: number) => `Showing ${shown} of ${total} people`,
    none: 'Nobody matches.',
    prev: 'Previous',
    next: 'Next',
    other: '中文',
  },
};

/** The development login page: the people grouped by organisation, searchable, 50 to a page. */
function loginPage(o: { uid: string; people: LocalUser[]; q: string; page: number; lang: 'zh' | 'en' }): string {
  const t = T[o.lang];
  const orgName = (code: string) => findOrg(code)?.name[o.lang] ?? code;
  const words = o.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = o.people.filter((p) => {
    const text = `${p.id} ${p.name} ${p.email} ${p.orgCode} ${orgName(p.orgCode)} ${findOrg(p.orgCode)?.name.zh ?? ''}`;
    return words.every((w) => text.toLowerCase().includes(w));
  });
  const pages = Math.max(1, Math.ceil(matches.length / PAGE));
  const page = Math.min(Math.max(1, o.page), pages);
  const shown = matches.slice((page - 1) * PAGE, page * PAGE);
  const groups = new Map<string, LocalUser[]>();
  for (const p of shown) groups.set(p.orgCode, [...(groups.get(p.orgCode) ?? []), p]);
  const self = `${INTERACTION}${encodeURIComponent(o.uid)}`;
  const link = (params: Record<string, string>) =>
    `${self}?${new URLSearchParams({ ...(o.q ? { q: o.q } : {}), ...(o.lang === 'en' ? { lang: 'en' } : {}), ...params })}`;
  const list = [...groups]
    .map(
      ([code, people]) =>
        `<section><h2>${esc(orgName(code))}</h2><ul>${people
          .map(
            (p) =>
              `<li><button class="person" type="submit" name="person" value="${esc(p.id)}" data-user-id="${esc(p.id)}"><span>${esc(
                p.name,
              )}</span><span class="meta">${esc(DEPARTMENT_LABELS[p.department]?.[o.lang] ?? p.department)} · ${esc(p.id)}</span></button></li>`,
          )
          .join('')}</ul></section>`,
    )
    .join('');
  const from = matches.length ? `${(page - 1) * PAGE + 1}–${(page - 1) * PAGE + shown.length}` : '0';
  return layout(
    `${t.title} · ${o.lang === 'zh' ? T.en.title : T.zh.title}`,
    `<p><a href="${esc(o.lang === 'zh' ? link({ lang: 'en' }) : `${self}${o.q ? `?q=${encodeURIComponent(o.q)}` : ''}`)}" lang="${o.lang === 'zh' ? 'en' : 'zh-CN'}">${t.other}</a></p>
<h1>${t.title}${o.lang === 'zh' ? ' <span lang="en">· Sign in as</span>' : ''}</h1>
<p class="dev" role="note">${t.dev}</p>
<form class="filter" method="get" action="${esc(self)}" role="search">
${o.lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}
<div><label for="q">${t.search}</label><input id="q" type="search" name="q" value="${esc(o.q)}" placeholder="${t.placeholder}" autocomplete="off"></div>
<button type="submit">${t.filter}</button>
</form>
<p role="status">${t.count(from, matches.length)}</p>
<form method="post" action="${esc(`${self}/login`)}">${list || `<p>${t.none}</p>`}</form>
<nav class="pages" aria-label="${t.prev} / ${t.next}">${page > 1 ? `<a href="${esc(link({ page: String(page - 1) }))}">${t.prev}</a>` : ''}${
      page < pages ? `<a href="${esc(link({ page: String(page + 1) }))}">${t.next}</a>` : ''
    }</nav>`,
    o.lang === 'zh' ? 'zh-CN' : 'en',
  );
}
