/**
 * SigV4 verification of S3 requests, as S3 verifies them: s3rver checks none, so the local S3 front refuses every
 * request (bar CORS preflights and policy-verified browser POSTs, checked in `s3-post.ts`) whose signature it cannot
 * recompute with the known local credentials.
 *
 * - Header-signed (`Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`, what the SDK sends):
 *   the canonical request over the raw path (S3 does not normalise or double-encode it), the query, exactly the
 *   signed headers and the `x-amz-content-sha256` value (a hash, `UNSIGNED-PAYLOAD` or a streaming marker).
 * - Query-signed (presigned GET/PUT: `X-Amz-Algorithm`, `-Credential`, `-Date`, `-Expires`, `-SignedHeaders`,
 *   `-Signature`): the same, payload `UNSIGNED-PAYLOAD`, and the URL expired when `X-Amz-Date + X-Amz-Expires` has
 *   passed on the injected clock.
 *
 * Not verified (documented in docs/ARCHITECTURE.md): that a literal payload hash matches the body, the chunk
 * signatures of a streaming upload, and clock skew of header-signed requests (the SDK signs with the wall clock while
 * tests move the injected one).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

export interface SigV4Options {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  clock: () => number;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

const refuse = (status: number, code: string, message: string): S3Refusal => ({ status, code, message });
const mismatch = () =>
  refuse(
    403,
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  );

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves `!'()*`). */
const uriEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

/** The raw query as decoded pairs, in order (S3 signs `+` as itself: the SDK sends spaces as `%20`). */
function queryPairs(raw: string): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq));
    const v = decode(eq < 0 ? '' : part.slice(eq + 1));
    if (k === undefined || v === undefined) return undefined;
    pairs.push([k, v]);
  }
  return pairs;
}

const canonicalQuery = (pairs: [string, string][]) =>
  pairs
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v.join(',') : v).trim().replace(/\s+/g, ' ');
}

const hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

/** Undefined when the request is signed with the local credentials and (if presigned) not expired; else why not. */
export function verifySigV4(req: http.IncomingMessage, opts: SigV4Options): S3Refusal | undefined {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const pairs = queryPairs(q < 0 ? '' : raw.slice(q + 1));
  if (!pairs) return refuse(400, 'InvalidArgument', 'The query string is not well-formed.');
  const query = new Map(pairs.map(([k, v]) => [k.toLowerCase(), v]));
  const authorization = headerValue(req, 'authorization');

  let credential: string;
  let signedHeaders: string;
  let given: string;
  let amzDate: string;
  let payloadHash: string;
  let signedPairs = pairs;
  if (authorization) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
      authorization,
    );
    if (!m) return refuse(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
    [, credential, signedHeaders, given] = m as unknown as [string, string, string, string];
    const date = headerValue(req, 'x-amz-date');
    const hash = headerValue(req, 'x-amz-content-sha256');
    if (!date) return refuse(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (!hash) return refuse(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    amzDate = date;
    payloadHash = hash;
  } else if (query.has('x-amz-signature')) {
    if (query.get('x-amz-algorithm') !== ALGORITHM) {
      return refuse(400, 'AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    const fields = ['x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders'].map((f) => query.get(f));
    if (fields.some((f) => !f)) {
      return refuse(
        400,
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      );
    }
    [credential, amzDate, , signedHeaders] = fields as [string, string, string, string];
    given = query.get('x-amz-signature') as string;
    payloadHash = query.get('x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD';
    signedPairs = pairs.filter(([k]) => k.toLowerCase() !== 'x-amz-signature');
    const expires = Number(query.get('x-amz-expires'));
    if (!Number.isInteger(expires) || expires < 0 || expires > MAX_PRESIGN_SECONDS) {
      return refuse(
        400,
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be non-negative and less than a week (in seconds)',
      );
    }
    const signedAt = parseAmzDate(amzDate);
    if (signedAt === undefined) return refuse(403, 'AccessDenied', 'X-Amz-Date must be in the ISO8601 Long Format');
    if (opts.clock() > signedAt + expires * 1000) return refuse(403, 'AccessDenied', 'Request has expired');
  } else {
    return refuse(403, 'AccessDenied', 'Access Denied');
  }

  const [accessKeyId, date, region, service, terminator, ...rest] = credential.split('/');
  if (accessKeyId !== opts.credentials.accessKeyId) {
    return refuse(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (rest.length || !date || service !== 's3' || terminator !== 'aws4_request' || !amzDate.startsWith(date)) {
    return refuse(
      400,
      'AuthorizationHeaderMalformed',
      'The credential is not of the form <key>/<date>/<region>/s3/aws4_request.',
    );
  }
  if (region !== opts.region) {
    return refuse(
      400,
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${region}' is wrong; expecting '${opts.region}'`,
    );
  }
  const names = signedHeaders.split(';');
  if (!names.includes('host')) return mismatch();
  const canonicalHeaders: string[] = [];
  for (const name of names) {
    const v = headerValue(req, name);
    if (v === undefined) return mismatch();
    canonicalHeaders.push(`${name}:${v}\n`);
  }
  const canonicalRequest = [
    req.method ?? 'GET',
    rawPath,
    canonicalQuery(signedPairs),
    canonicalHeaders.join(''),
    signedHeaders,
    payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/${service}/${terminator}`;
  const stringToSign = [ALGORITHM, amzDate, scope, hex(canonicalRequest)].join('\n');
  const key = [date, region, service, terminator].reduce<Buffer>(
    (k, part) => createHmac('sha256', k).update(part).digest(),
    Buffer.from(`AWS4${opts.credentials.secretAccessKey}`),
  );
  const expected = createHmac('sha256', key).update(stringToSign).digest();
  const provided = Buffer.from(given.toLowerCase(), 'hex');
  if (provided.length !== expected.length || !timingSafeEqual(provided, expected)) return mismatch();
  return undefined;
}

/** `20250101T000000Z` → epoch ms */
function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, se);
}
