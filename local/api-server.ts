/**
 * The local HTTP front: what API Gateway (HTTP API, payload v2) and CloudFront do in AWS.
 * - `/api/*`: the routes of `functions/manifest.ts`, turned into API Gateway v2 events for the same handlers;
 * - `/local/*`: development-only routes (users, tokens, JWKS, mailbox) that do not exist in the CDK stack, and the
 *   local OpenID provider (`local/oidc.ts`: discovery, authorization, token, end-session, its login page);
 * - `/config.json`: the console's runtime configuration, naming the local provider as its OIDC issuer;
 * - everything else: the console's static build (`web/dist`).
 */
import { isUtf8 } from 'node:buffer';
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { errorResponse, parse } from '#functions/commons/http';
import { FUNCTIONS, type FunctionId } from '#functions/manifest';
import { consoleCsp } from '#infra/security-headers';
import { idTokenClaims, type LocalIssuer } from '#local/identity';
import { invokeFunction } from '#local/lambda';
import type { LocalMail } from '#local/mail';
import type { LocalOidc } from '#local/oidc';
import { activeSeedPeople } from '#local/people';
import { AppError, badRequest, notFound } from '#shared/platform/errors';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB_DIST = path.join(ROOT, 'web', 'dist');
/** API Gateway's own payload limit. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

interface Route {
  method: string;
  pattern: RegExp;
  params: string[];
  routeKey: string;
  id: FunctionId;
}

const ROUTES: Route[] = Object.entries(FUNCTIONS).flatMap(([id, spec]) => {
  if (!('route' in spec)) return [];
  const [method, routePath] = spec.route.split(' ') as [string, string];
  const params: string[] = [];
  const pattern = new RegExp(
    `^${routePath.replace(/\{(\w+)\}/g, (_m, p: string) => {
      params.push(p);
      return '([^/]+)';
    })}$`,
  );
  return [{ method, pattern, params, routeKey: spec.route, id: id as FunctionId }];
});

export interface ApiServerDeps {
  issuer: LocalIssuer;
  /** the local OpenID provider the console signs in with (under `/local/`) */
  oidc: LocalOidc;
  mail: LocalMail;
  /** the S3 endpoint the console uploads to: the one other origin its CSP lets it connect to */
  uploadOrigin: string;
}

/**
 * What CloudFront's response-headers policy adds in AWS (infra/console.ts), on every response: console, mailbox and
 * API alike.
 */
function securityHeaders(deps: ApiServerDeps): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(new URL(deps.uploadOrigin).origin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

export function createApiServer(deps: ApiServerDeps): http.Server {
  return http.createServer((req, res) => {
    for (const [name, value] of Object.entries(securityHeaders(deps))) res.setHeader(name, value);
    handle(req, res, deps).catch((e) => writeResult(res, errorResponse(e)));
  });
}

/** A path segment decoded, or a 400 for malformed percent-encoding (API Gateway refuses such a request too). */
function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw badRequest('MALFORMED_PATH', {
      zh: '请求路径中的百分号编码无效',
      en: 'The request path has malformed percent-encoding',
    });
  }
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, deps: ApiServerDeps) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  if (url.pathname.startsWith('/api/')) {
    const body = await readBody(req);
    const match = ROUTES.map((r) => ({ r, m: r.method === method ? r.pattern.exec(url.pathname) : null })).find(
      (x) => x.m,
    );
    if (!match?.m) {
      throw notFound({ zh: '接口不存在', en: 'No such endpoint' }, { method, path: url.pathname });
    }
    const event = toEvent(req, url, body, match.r, match.m);
    return writeResult(res, (await invokeFunction(match.r.id, event)) as APIGatewayProxyStructuredResultV2);
  }
  if (url.pathname.startsWith('/local/')) return handleLocal(req, res, url, deps);
  // What infra/console.ts writes beside the build in AWS, here with the local provider as the issuer.
  if (url.pathname === '/config.json' && method === 'GET') {
    res.setHeader('cache-control', 'no-store');
    return writeJson(res, 200, { auth: deps.oidc.consoleAuth, apiBase: '', local: true });
  }
  return serveStatic(res, url.pathname);
}

async function handleLocal(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  { issuer, mail, oidc }: ApiServerDeps,
) {
  const route = `${req.method} ${url.pathname}`;
  switch (route) {
    case 'GET /local/.well-known/jwks.json':
      return writeJson(res, 200, issuer.jwks);
    case 'GET /local/users':
      return writeJson(res, 200, await activeSeedPeople());
    case 'POST /local/token': {
      const text = (await readBody(req)).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw badRequest('MALFORMED_JSON', { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });
      }
      const { userId } = parse(z.strictObject({ userId: z.string().min(1).max(100) }), json, 'body');
      // Only the directory's active people sign in (`local/people.ts`), as only the user pool's users do in AWS.
      const token = await idTokenClaims(userId);
      if (!token) throw notFound({ zh: '没有此用户', en: 'No such user' }, { userId });
      return writeJson(res, 200, { token: await issuer.sign(token.subject, token.claims) });
    }
    case 'GET /local/mail': {
      const { to, from } = parse(MAIL_QUERY, Object.fromEntries(url.searchParams), 'query');
      return writeJson(res, 200, mail.list({ to, from }));
    }
    case 'GET /local/mailbox':
      return writeHtml(res, mailboxPage(mail));
    default:
      if (await oidc.handle(req, res, url, () => readBody(req))) return;
      throw notFound({ zh: '接口不存在', en: 'No such endpoint' }, { path: url.pathname });
  }
}

function toEvent(
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
  route: Route,
  m: RegExpExecArray,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const pathParameters = Object.fromEntries(route.params.map((p, i) => [p, decodeSegment(m[i + 1] ?? '')]));
  // text as text, unless its bytes are not UTF-8: those go base64 (bytes intact), so the handler can refuse them
  // rather than read U+FFFD replacements for them
  const isText = /json|text|urlencoded/.test(headers['content-type'] ?? 'application/json') && isUtf8(body);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(route.params.length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
    },
    ...(body.length ? { body: isText ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !isText,
  };
}

/** Beyond this much the front stops reading a body it has already refused and closes the connection. */
const MAX_DISCARD_BYTES = 8 * MAX_REQUEST_BYTES;

/**
 * The body, or a 413 once it passes the limit. The rest of a refused body is read and discarded so the client, still
 * sending, sees the 413 rather than a reset connection (up to `MAX_DISCARD_BYTES`; beyond that the socket is closed).
 */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(c);
      else if (size > MAX_DISCARD_BYTES) req.destroy();
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size <= MAX_REQUEST_BYTES) resolve(Buffer.concat(chunks));
      else
        reject(
          new AppError(
            413,
            'PAYLOAD_TOO_LARGE',
            { zh: '请求体超过 10 MB 上限', en: 'The request body exceeds the 10 MB limit' },
            { limit: MAX_REQUEST_BYTES },
          ),
        );
    });
    req.on('error', reject);
    // Closed before the end (the client gave up, or the discard limit was passed): nothing to answer.
    req.on('close', () => {
      if (!req.complete)
        reject(badRequest('INCOMPLETE_BODY', { zh: '请求体不完整', en: 'The request body is incomplete' }));
    });
  });
}

function writeResult(res: http.ServerResponse, result: APIGatewayProxyStructuredResultV2) {
  if (res.headersSent) return;
  const body = result.isBase64Encoded
    ? Buffer.from(result.body ?? '', 'base64')
    : Buffer.from(result.body ?? '', 'utf8');
  res.writeHead(result.statusCode ?? 200, {
    ...(result.headers as Record<string, string>),
    'content-length': body.length,
  });
  res.end(body);
}

function writeJson(res: http.ServerResponse, status: number, body: unknown) {
  writeResult(res, {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  });
}

function writeHtml(res: http.ServerResponse, html: string) {
  writeResult(res, { statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: html });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function serveStatic(res: http.ServerResponse, pathname: string) {
  const file = path.join(WEB_DIST, path.normalize(decodeSegment(pathname)).replace(/^(\.\.[/\\])+/, ''));
  const target =
    file.startsWith(WEB_DIST) && existsSync(file) && statSync(file).isFile() ? file : path.join(WEB_DIST, 'index.html');
  if (!existsSync(target)) return writeHtml(res, placeholderPage());
  res.writeHead(200, { 'content-type': MIME[path.extname(target)] ?? 'application/octet-stream' });
  res.end(readFileSync(target));
}

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `GET /local/mail?to=&from=`: one recipient's messages, without the first `from` (what the reader has seen) */
const MAIL_QUERY = z.strictObject({
  to: z.string().min(1).max(320).optional(),
  from: z
    .string()
    .regex(/^(0|[1-9]\d{0,8})$/, {
      error: '已读邮件数须为非负整数 / from: how many messages were read, a whole number',
    })
    .transform(Number)
    .optional(),
});

function mailboxPage(mail: LocalMail): string {
  const rows = mail
    .list()
    .reverse()
    .map(
      (m) =>
        `<article><h2>${esc(m.subject)}</h2><p class="meta">${esc(m.at)} → ${esc(m.to.join(', '))}</p><pre>${esc(
          m.text,
        ).replace(/https?:\/\/[^\s<>"]+/g, (u) => `<a href="${u}">${u}</a>`)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地邮箱 · Local mailbox</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ddd;padding:.5rem 0}.meta{color:#555}pre{white-space:pre-wrap}</style>
</head><body><h1>本地邮箱 · Local mailbox</h1><p>${mail.count()} 封邮件 · messages</p>${rows}</body></html>`;
}

function placeholderPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>社会保险基金预算绩效管理 · sifpm</title></head>
<body><h1>社会保险基金预算绩效管理</h1><p>Social-insurance fund budget performance management</p>
<ul><li><a href="/api/health">/api/health</a></li><li><a href="/local/mailbox">本地邮箱 · mailbox</a></li><li><a href="/local/users">本地用户 · users</a></li></ul></body></html>`;
}
