/**
 * The local S3 endpoint: a front on the S3 protocol before s3rver, because s3rver checks neither SigV4 nor POST
 * policies (DESIGN §9). The SDK's S3 endpoint (`AWS_ENDPOINT_URL_S3`) is this front, so `createPresignedPost` yields
 * URLs that lead here, and:
 * - a browser-style POST upload (multipart/form-data to the bucket) is verified as S3 verifies it — the policy's
 *   SigV4 signature, its expiry on the injected clock, every condition (`eq`, `starts-with`, `content-length-range`,
 *   bucket), no unsigned extra field — and refused with S3's XML errors, storing nothing; a verified upload is stored
 *   in s3rver with a version id (s3rver keeps none) and then notifies like the bucket's ObjectCreated notification;
 * - every other request must be SigV4-signed with the local credentials (header-signed SDK calls, presigned GET/PUT
 *   URLs; `s3-sigv4.ts`) or is refused with S3's XML 403 and forwarded nothing; a verified one is forwarded to s3rver
 *   unchanged, except that a stored version id comes back as `x-amz-version-id`, as a versioned bucket answers.
 *
 * S3 delivers an ObjectCreated notification at least once. With an `outbox` folder the front keeps that promise across
 * a crash: before an upload under the notified prefix is stored, its event is written to `<outbox>/<id>.json`
 * (temporary file, rename); the file is removed once the notification is delivered (or given up after 3 attempts).
 * `resume()` — called by the local default once its functions can run — delivers again every event left there whose
 * object was stored (its version id in s3rver), and drops those whose object never was (the client had no answer and
 * may POST again). Process crashes are covered, not power loss. Crash point `s3-notification` (`crash.ts`).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { crashPoint } from '#local/crash';
import { writeDurably } from '#local/durable';
import { verifySigV4 } from '#local/s3-sigv4';

/** Object metadata under which the front keeps an object's version id in s3rver; never shown to clients. */
const VERSION_META = 'sifpm-local-version-id';
const VERSION_HEADER = `x-amz-meta-${VERSION_META}`;
/** The most a local POST may carry (S3 allows 5 GB; the local front holds a request in memory). */
export const LOCAL_MAX_POST_BYTES = 256 * 1024 * 1024;
/** Form fields that the policy need not list (S3: signature, file, policy, and `x-ignore-*`). */
const UNSIGNED_FIELDS = new Set(['x-amz-signature', 'file', 'policy']);

export interface S3Event {
  Records: Record<string, unknown>[];
}

export interface S3PostFrontOptions {
  /** s3rver's endpoint */
  upstream: string;
  region: string;
  /** `aws` or `aws-cn`: in bucket ARNs of events */
  partition: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** the one clock: policy expiry and event times follow it */
  clock: () => number;
  /**
   * the bucket notification: keys under `prefix` go to `deliver` (an asynchronous invocation); with `outbox` (a
   * folder), events not yet delivered survive a crash and are delivered by `resume()`
   */
  notification?: { prefix: string; deliver: (event: S3Event) => Promise<unknown>; outbox?: string };
  /** the console's origin, allowed to POST from a browser (the bucket's CORS rule in AWS) */
  corsOrigin?: () => string | undefined;
}

export interface S3PostFront {
  endpoint: string;
  /** Resolves once every notification sent so far has been delivered (or given up). */
  idle(): Promise<void>;
  /** Delivers the notifications a crash left undelivered in the outbox (at least once, as S3); returns how many. */
  resume(): Promise<number>;
  /** Requests seen since start, by S3 operation (PostObject, PutObject, GetObject, HeadObject, ListObjects, …). */
  metrics(): { requests: Record<string, number> };
  close(): Promise<void>;
}

/** The S3 operation a path-style request is, near enough for counting (billing groups PUT/POST/LIST, GET/HEAD). */
function operationOf(req: http.IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://local');
  const object = url.pathname.split('/').filter(Boolean).length > 1;
  switch (req.method) {
    case 'POST':
      return object ? 'PostOnObject' : 'PostObject'; // PostObject: a browser-style upload to the bucket
    case 'PUT':
      return object ? (req.headers['x-amz-copy-source'] ? 'CopyObject' : 'PutObject') : 'PutBucket';
    case 'GET':
      return object ? 'GetObject' : 'ListObjects';
    case 'HEAD':
      return object ? 'HeadObject' : 'HeadBucket';
    case 'DELETE':
      return object ? 'DeleteObject' : 'DeleteBucket';
    default:
      return String(req.method);
  }
}

export async function startS3PostFront(opts: S3PostFrontOptions): Promise<S3PostFront> {
  const upstream = new URL(opts.upstream);
  const store = new S3Client({
    endpoint: opts.upstream,
    region: opts.region,
    credentials: opts.credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const pending = new Set<Promise<void>>();
  const outbox = opts.notification?.outbox;
  if (outbox) mkdirSync(outbox, { recursive: true });
  /** Delivers once `ready` resolves (the answer to the upload is out), then clears the event's outbox file. */
  const notify = (event: S3Event, file: string | undefined, ready: Promise<void> = Promise.resolve()) => {
    if (!opts.notification) return;
    const { deliver } = opts.notification;
    const delivery = ready
      .then(() => {
        crashPoint('s3-notification'); // crash tests only
        return deliverWithRetries(deliver, event);
      })
      .then(() => {
        if (file) rmSync(file, { force: true });
      })
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  };

  const requests: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    if (req.method !== 'OPTIONS') {
      const op = operationOf(req);
      requests[op] = (requests[op] ?? 0) + 1;
    }
    const cors = corsHeaders(req, opts.corsOrigin?.());
    if (req.method === 'OPTIONS' && cors) {
      res.writeHead(200, { ...cors, 'access-control-max-age': '3000' }).end();
      return;
    }
    const bucket = postTarget(req);
    if (!bucket) {
      // S3 answers nothing unsigned for a private bucket: every other request carries a SigV4 signature.
      const refused = verifySigV4(req, opts);
      if (refused) {
        req.resume(); // discard a body (a PUT): the refusal is the answer
        writeError(res, refused, cors);
        return;
      }
      forward(req, res, upstream);
      return;
    }
    handlePost(req, bucket, opts, store, outbox)
      .then((outcome) => {
        if ('error' in outcome) {
          writeError(res, outcome.error, cors);
          return;
        }
        res.writeHead(outcome.status, { ...outcome.headers, ...cors }).end(outcome.body);
        const { notification } = opts;
        if (notification && outcome.stored.key.startsWith(notification.prefix)) {
          // S3 notifies after the upload is answered: the answer is handed to the client first
          const answered = res.closed ? Promise.resolve() : new Promise<void>((r) => res.once('close', () => r()));
          notify(outcome.event, outcome.stored.outboxFile, answered);
        }
      })
      .catch((e: unknown) => {
        writeError(res, { status: 500, code: 'InternalError', message: (e as Error).message ?? String(e) }, cors);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async idle() {
      while (pending.size) await Promise.all([...pending]);
    },
    async resume() {
      if (!outbox) return 0;
      let resumed = 0;
      for (const name of readdirSync(outbox).sort()) {
        const file = path.join(outbox, name);
        if (!name.endsWith('.json')) {
          rmSync(file, { force: true }); // a temporary file: its upload was never stored
          continue;
        }
        const event = JSON.parse(readFileSync(file, 'utf8')) as S3Event;
        const { bucket, key, versionId } = outboxObject(event);
        const head = await store
          .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
          .catch((e: { $metadata?: { httpStatusCode?: number } }) => {
            if (e.$metadata?.httpStatusCode === 404) return undefined;
            throw e;
          });
        if (!head || head.Metadata?.[VERSION_META] !== versionId) {
          rmSync(file, { force: true }); // cut short before the object was stored: nothing to notify
          continue;
        }
        notify(event, file);
        resumed++;
      }
      return resumed;
    },
    metrics: () => ({ requests: { ...requests } }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await Promise.all([...pending]);
      store.destroy();
    },
  };
}

/** S3 retries a failed asynchronous invocation twice; so does the front (sooner: seconds are test time here). */
async function deliverWithRetries(deliver: (event: S3Event) => Promise<unknown>, event: S3Event) {
  for (let attempt = 0; ; attempt++) {
    try {
      await deliver(event);
      return;
    } catch (e) {
      if (attempt >= 2) {
        console.error('[s3] notification failed after 3 attempts', e);
        return;
      }
      await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
    }
  }
}

/** A browser-based upload: `POST /<bucket>` (path style), multipart, no sub-resource. Else undefined. */
function postTarget(req: http.IncomingMessage): string | undefined {
  if (req.method !== 'POST') return undefined;
  const url = new URL(req.url ?? '/', 'http://local');
  const match = /^\/([^/]+)\/?$/.exec(url.pathname);
  if (!match || url.search) return undefined;
  if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return undefined;
  return decodeURIComponent(match[1] as string);
}

/** The response headers a signed GET may override (`response-content-type`, …), as S3 lists them. */
const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/**
 * What the front forwards of a verified request. A presigned (query-signed) GET/HEAD goes on without its
 * `X-Amz-*` and `response-*` parameters — the front has checked the signature and the expiry on the injected clock;
 * s3rver would check the expiry again on the wall clock — and the front sets the `response-*` overrides on the answer
 * itself, as S3 does. A PutObject gets a version id, as a versioned bucket gives one (`x-amz-version-id`), so that a
 * read pinned to an earlier version is refused rather than answered with the newer bytes.
 */
export function forwardedRequest(method: string, rawUrl: string): { path: string; overrides: Record<string, string> } {
  const url = new URL(rawUrl, 'http://local');
  const overrides: Record<string, string> = {};
  if (!['GET', 'HEAD'].includes(method) || !url.searchParams.has('X-Amz-Signature')) {
    return { path: rawUrl, overrides };
  }
  for (const name of [...url.searchParams.keys()]) {
    if (name.startsWith('X-Amz-')) url.searchParams.delete(name);
    else if (name.startsWith('response-')) {
      const header = name.slice('response-'.length);
      if (RESPONSE_OVERRIDES.includes(header)) overrides[header] = url.searchParams.get(name) as string;
      url.searchParams.delete(name);
    }
  }
  return { path: `${url.pathname}${url.search}`, overrides };
}

function forward(req: http.IncomingMessage, res: http.ServerResponse, upstream: URL) {
  const headers: http.OutgoingHttpHeaders = { ...req.headers, host: upstream.host };
  // The front already answered `100 Continue`; s3rver gets the body straight away.
  delete headers.expect;
  const { path: forwardPath, overrides } = forwardedRequest(req.method ?? 'GET', req.url ?? '/');
  const url = new URL(req.url ?? '/', 'http://local');
  // a PutObject (not a part upload or a copy): the new object gets its own version id
  const putVersion =
    req.method === 'PUT' &&
    url.pathname.split('/').length > 2 &&
    [...url.searchParams.keys()].every((k) => k === 'x-id') &&
    !req.headers['x-amz-copy-source']
      ? randomBytes(24).toString('base64url')
      : undefined;
  if (putVersion) headers[VERSION_HEADER] = putVersion;
  // s3rver keeps one version per key: a read of a version id pinned by the caller (`?versionId=`) is answered
  // only when it is the stored object's, else NoSuchVersion, as a versioned S3 bucket answers an unknown version.
  const pinned = ['GET', 'HEAD'].includes(req.method ?? '') ? url.searchParams.get('versionId') : null;
  const out = http.request(
    { hostname: upstream.hostname, port: upstream.port, method: req.method, path: forwardPath, headers },
    (up) => {
      const back: http.OutgoingHttpHeaders = { ...up.headers };
      const version = back[VERSION_HEADER];
      delete back[VERSION_HEADER];
      if (typeof version === 'string') back['x-amz-version-id'] = version;
      if (putVersion && (up.statusCode ?? 500) < 300) back['x-amz-version-id'] = putVersion;
      if ((up.statusCode ?? 500) < 300) Object.assign(back, overrides);
      // an answer that carries no version (s3rver leaves metadata off some answers, e.g. ranged ones; an object put
      // without one) is passed through unchecked: only a version that differs is refused
      const unknown = version === undefined;
      if (pinned !== null && (up.statusCode ?? 500) < 300 && !unknown && version !== pinned) {
        up.resume();
        writeError(res, { status: 404, code: 'NoSuchVersion', message: 'The specified version does not exist.' });
        return;
      }
      res.writeHead(up.statusCode ?? 502, back);
      up.pipe(res);
    },
  );
  out.on('error', (e) => {
    if (!res.headersSent) writeError(res, { status: 502, code: 'InternalError', message: e.message });
    else res.destroy(e);
  });
  req.pipe(out);
}

interface S3Failure {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, string | number>;
}

type Outcome =
  | { error: S3Failure }
  | {
      status: number;
      headers: Record<string, string>;
      body?: string;
      stored: { key: string; outboxFile?: string };
      event: S3Event;
    };

const fail = (status: number, code: string, message: string, extra?: S3Failure['extra']): { error: S3Failure } => ({
  error: { status, code, message, ...(extra ? { extra } : {}) },
});
const denied = (why: string) => fail(403, 'AccessDenied', `Invalid according to Policy: ${why}`);

const PolicySchema = z.object({
  expiration: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  conditions: z.array(z.unknown()),
});

async function handlePost(
  req: http.IncomingMessage,
  bucket: string,
  opts: S3PostFrontOptions,
  store: S3Client,
  outbox: string | undefined,
): Promise<Outcome> {
  const body = await readLimited(req, LOCAL_MAX_POST_BYTES);
  if (!body) {
    return fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      MaxSizeAllowed: LOCAL_MAX_POST_BYTES,
    });
  }
  let form: FormData;
  try {
    form = await new Request('http://local/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] as string },
      body,
    }).formData();
  } catch {
    return fail(400, 'MalformedPOSTRequest', 'The body of your POST request is not well-formed multipart/form-data.');
  }

  // Field names are case-insensitive; fields after the file are ignored, as S3 does.
  const fields = new Map<string, string>();
  let file: Buffer | undefined;
  for (const [name, value] of form.entries()) {
    const lower = name.toLowerCase();
    if (lower === 'file') {
      file = typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
      break;
    }
    if (typeof value !== 'string') continue;
    if (fields.has(lower)) return fail(400, 'InvalidArgument', `Field ${name} appears more than once`);
    fields.set(lower, value);
  }
  if (!file) return fail(400, 'InvalidArgument', 'POST requires exactly one file upload per request.');
  const key = fields.get('key');
  if (!key) {
    return fail(
      400,
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
    );
  }
  const policyText = fields.get('policy');
  if (!policyText) return fail(403, 'AccessDenied', 'Anonymous uploads are not allowed: the form has no policy.');
  for (const required of ['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']) {
    if (!fields.get(required)) {
      return fail(400, 'InvalidArgument', `Bucket POST must contain a field named '${required}'.`);
    }
  }
  if (fields.get('x-amz-algorithm') !== 'AWS4-HMAC-SHA256') {
    return fail(400, 'InvalidArgument', 'Only the AWS4-HMAC-SHA256 algorithm is supported.');
  }

  // SigV4 over the policy document: the signing key of the credential's scope, HMAC of the base64 policy.
  const [accessKeyId, date, region, service, terminator, ...rest] = (fields.get('x-amz-credential') as string).split(
    '/',
  );
  if (accessKeyId !== opts.credentials.accessKeyId) {
    return fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (rest.length || !date || service !== 's3' || terminator !== 'aws4_request') {
    return fail(
      400,
      'AuthorizationHeaderMalformed',
      'The credential is not of the form <key>/<date>/<region>/s3/aws4_request.',
    );
  }
  if (region !== opts.region) {
    return fail(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${region}' is wrong; expecting '${opts.region}'`,
    );
  }
  if (!(fields.get('x-amz-date') as string).startsWith(date)) {
    return fail(400, 'InvalidArgument', 'The date of the credential scope does not match X-Amz-Date.');
  }
  const signingKey = [date, region, service, terminator].reduce<Buffer>(
    (k, part) => createHmac('sha256', k).update(part).digest(),
    Buffer.from(`AWS4${opts.credentials.secretAccessKey}`),
  );
  const expected = createHmac('sha256', signingKey).update(policyText).digest();
  const given = Buffer.from((fields.get('x-amz-signature') as string).toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }

  let policy: z.infer<typeof PolicySchema>;
  try {
    policy = PolicySchema.parse(JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')));
  } catch {
    return fail(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON or missing expiration/conditions.');
  }
  if (Date.parse(policy.expiration) <= opts.clock()) return denied('Policy expired.');

  // Every condition must hold; every field (bar the unsigned ones) must be named by one; the bucket too.
  const covered = new Set<string>();
  const fieldValue = (name: string) => (name === 'bucket' ? bucket : fields.get(name));
  let range: [number, number] | undefined;
  for (const condition of policy.conditions) {
    const parsed = readCondition(condition);
    if (!parsed)
      return fail(400, 'InvalidPolicyDocument', `Invalid Policy: Invalid condition ${JSON.stringify(condition)}`);
    if (parsed.op === 'range') {
      range = [parsed.min, parsed.max];
      continue;
    }
    covered.add(parsed.field);
    const actual = fieldValue(parsed.field);
    const holds =
      actual !== undefined &&
      (parsed.op === 'eq'
        ? actual === parsed.value
        : parsed.field === 'content-type'
          ? actual.split(',').every((v) => v.trim().startsWith(parsed.value))
          : actual.startsWith(parsed.value));
    if (!holds) {
      const shown = parsed.op === 'eq' ? 'eq' : 'starts-with';
      return denied(`Policy Condition failed: ["${shown}", "$${parsed.field}", "${parsed.value}"]`);
    }
  }
  if (!covered.has('bucket')) return denied('Policy Condition failed: the policy names no bucket');
  const extra = [...fields.keys()].filter(
    (f) => !covered.has(f) && !UNSIGNED_FIELDS.has(f) && !f.startsWith('x-ignore-'),
  );
  if (extra.length) return denied(`Extra input fields: ${extra.join(', ')}`);
  if (range && file.length > range[1]) {
    return fail(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: file.length,
      MaxSizeAllowed: range[1],
    });
  }
  if (range && file.length < range[0]) {
    return fail(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: file.length,
      MinSizeAllowed: range[0],
    });
  }

  // One POST per key: a document, once stored, is never replaced (S3 keeps the first version, which the system pins;
  // locally the second POST is refused as a failed precondition and stores nothing).
  const claimed = claims.get(store) ?? new Set<string>();
  claims.set(store, claimed);
  const claim = `${bucket}/${key}`;
  if (claimed.has(claim) || (await exists(store, bucket, key))) {
    return fail(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
      Condition: 'If-None-Match',
    });
  }
  claimed.add(claim);
  try {
    return await storeObject(req, opts, store, outbox, { bucket, key, fields, file, accessKeyId });
  } finally {
    claimed.delete(claim);
  }
}

/** Keys being stored right now, per store: a second POST racing the first is refused too. */
const claims = new WeakMap<S3Client, Set<string>>();

async function exists(store: S3Client, Bucket: string, Key: string): Promise<boolean> {
  try {
    await store.send(new HeadObjectCommand({ Bucket, Key }));
    return true;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

async function storeObject(
  req: http.IncomingMessage,
  opts: S3PostFrontOptions,
  store: S3Client,
  outbox: string | undefined,
  {
    bucket,
    key,
    fields,
    file,
    accessKeyId,
  }: { bucket: string; key: string; fields: Map<string, string>; file: Buffer; accessKeyId: string },
): Promise<Outcome> {
  // Verified: store it, with a version id s3rver does not keep itself.
  const versionId = randomBytes(24).toString('base64url');
  const metadata = Object.fromEntries(
    [...fields].filter(([f]) => f.startsWith('x-amz-meta-')).map(([f, v]) => [f.slice('x-amz-meta-'.length), v]),
  );
  const md5 = `"${createHash('md5').update(file).digest('hex')}"`;
  const event = createdEvent(opts, req, { bucket, key, size: file.length, eTag: md5, versionId, accessKeyId });
  // At least once: the event is on disk before the object is (resume() sorts out which were stored).
  let outboxFile: string | undefined;
  if (outbox && opts.notification && key.startsWith(opts.notification.prefix)) {
    outboxFile = path.join(outbox, `${opts.clock().toString().padStart(15, '0')}-${versionId}.json`);
    writeDurably(outboxFile, JSON.stringify(event));
  }
  const put = await store.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: file,
      ContentType: fields.get('content-type') ?? 'binary/octet-stream',
      ...(fields.has('cache-control') ? { CacheControl: fields.get('cache-control') } : {}),
      ...(fields.has('content-disposition') ? { ContentDisposition: fields.get('content-disposition') } : {}),
      ...(fields.has('content-encoding') ? { ContentEncoding: fields.get('content-encoding') } : {}),
      Metadata: { ...metadata, [VERSION_META]: versionId },
    }),
  );
  const eTag = put.ETag ?? md5;
  const location = `${requestOrigin(req)}/${encodeURIComponent(bucket)}/${encodeKeyPath(key)}`;
  const headers: Record<string, string> = { etag: eTag, location, 'x-amz-version-id': versionId };
  const stored = { key, ...(outboxFile ? { outboxFile } : {}) };

  const redirect = fields.get('success_action_redirect');
  if (redirect) {
    const to = new URL(redirect);
    to.searchParams.set('bucket', bucket);
    to.searchParams.set('key', key);
    to.searchParams.set('etag', eTag);
    return { status: 303, headers: { ...headers, location: to.toString() }, stored, event };
  }
  const status = fields.get('success_action_status');
  if (status === '201') {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>' +
      `<Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket>` +
      `<Key>${escapeXml(key)}</Key><ETag>${escapeXml(eTag)}</ETag></PostResponse>`;
    return {
      status: 201,
      headers: { ...headers, 'content-type': 'application/xml' },
      body: xml,
      stored,
      event,
    };
  }
  return { status: status === '200' ? 200 : 204, headers, stored, event };
}

type Condition = { op: 'eq' | 'starts-with'; field: string; value: string } | { op: 'range'; min: number; max: number };

function readCondition(c: unknown): Condition | undefined {
  if (Array.isArray(c)) {
    const [op, a, b] = c as unknown[];
    if (c.length !== 3) return undefined;
    if (op === 'content-length-range') {
      return Number.isInteger(a) && Number.isInteger(b)
        ? { op: 'range', min: a as number, max: b as number }
        : undefined;
    }
    if ((op === 'eq' || op === 'starts-with') && typeof a === 'string' && a.startsWith('$') && typeof b === 'string') {
      return { op, field: a.slice(1).toLowerCase(), value: b };
    }
    return undefined;
  }
  if (c && typeof c === 'object') {
    const entries = Object.entries(c);
    const [entry] = entries;
    if (entries.length !== 1 || !entry || typeof entry[1] !== 'string') return undefined;
    return { op: 'eq', field: entry[0].toLowerCase(), value: entry[1] };
  }
  return undefined;
}

/** An ObjectCreated:Post record as S3 sends it to Lambda (event version 2.1), the key URL-encoded. */
function createdEvent(
  opts: S3PostFrontOptions,
  req: http.IncomingMessage,
  o: { bucket: string; key: string; size: number; eTag: string; versionId: string; accessKeyId: string },
): S3Event {
  const at = opts.clock();
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: opts.region,
        eventTime: new Date(at).toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: `AWS:${o.accessKeyId}` },
        requestParameters: { sourceIPAddress: req.socket.remoteAddress ?? '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
          'x-amz-id-2': randomBytes(32).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'documents-uploaded',
          bucket: {
            name: o.bucket,
            ownerIdentity: { principalId: 'LOCAL' },
            arn: `arn:${opts.partition}:s3:::${o.bucket}`,
          },
          object: {
            key: encodeURIComponent(o.key).replace(/%2F/g, '/').replace(/%20/g, '+'),
            size: o.size,
            eTag: o.eTag.replace(/"/g, ''),
            versionId: o.versionId,
            sequencer: at.toString(16).toUpperCase().padStart(16, '0'),
          },
        },
      },
    ],
  };
}

async function readLimited(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return undefined;
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

function corsHeaders(req: http.IncomingMessage, allowed: string | undefined): Record<string, string> | undefined {
  const origin = req.headers.origin;
  if (!origin || !allowed || origin !== new URL(allowed).origin) return undefined;
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-expose-headers': 'ETag, Location, x-amz-version-id',
    vary: 'Origin',
  };
}

function writeError(res: http.ServerResponse, e: S3Failure, cors?: Record<string, string>) {
  const extra = Object.entries(e.extra ?? {})
    .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
    .join('');
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${e.code}</Code><Message>${escapeXml(e.message)}</Message>${extra}` +
    `<RequestId>${requestId}</RequestId><HostId>${randomBytes(16).toString('base64')}</HostId></Error>`;
  res.writeHead(e.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...cors }).end(xml);
}

const escapeXml = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);
const encodeKeyPath = (key: string) => key.split('/').map(encodeURIComponent).join('/');
const requestOrigin = (req: http.IncomingMessage) => `http://${req.headers.host ?? '127.0.0.1'}`;

/** The object an outbox event is about (its one record; the key URL-encoded as S3 sends it). */
function outboxObject(event: S3Event): { bucket?: string; key: string; versionId?: string } {
  const s3 = event.Records[0]?.s3 as { bucket?: { name?: string }; object?: { key?: string; versionId?: string } };
  const key = decodeURIComponent((s3?.object?.key ?? '').replace(/\+/g, '%20'));
  return { bucket: s3?.bucket?.name, key, ...(s3?.object?.versionId ? { versionId: s3.object.versionId } : {}) };
}
