import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { DocumentRecord } from '#shared/documents/records';
import { aws } from '#shared/platform/aws';
import { nowMs } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import {
  type Actor,
  auditPut,
  createRecord,
  getRecord,
  isConditionFailure,
  transactWrite,
} from '#shared/platform/records';
import { keys } from '#shared/platform/table';

/**
 * The documents wing's store: the bucket as the upload path sees it — does a key exist, a presigned POST for a slot,
 * an object streamed once for inspection and read by range for the type check — and the inspection records
 * (`DOC#<key>`), parsed by their schema when read.
 */

const isNotFound = (e: unknown) =>
  (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404 ||
  ['NotFound', 'NoSuchKey'].includes((e as Error)?.name);

export async function objectExists(Key: string): Promise<boolean> {
  try {
    await aws().s3.send(new HeadObjectCommand({ Bucket: config().SIFPM_BUCKET, Key }));
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

/** A presigned POST in the document bucket, signed at the one clock's time. */
export function presignPost(options: Omit<PresignedPostOptions, 'Bucket'>) {
  return createPresignedPost(onTheClock(aws().s3), { Bucket: config().SIFPM_BUCKET, ...options });
}

/**
 * The same client, seen at the one clock's time: the policy's date and expiry follow an injected clock (a
 * simulation), and with the real clock this is the client itself (only the SDK's own skew correction applies).
 */
function onTheClock(s3: S3Client): S3Client {
  const skew = nowMs() - Date.now();
  if (skew === 0) return s3;
  return { config: { ...s3.config, systemClockOffset: (s3.config.systemClockOffset ?? 0) + skew } } as S3Client;
}

/** The object (body stream, metadata, content type, version), or `undefined` when there is none at the key. */
/** An object's bytes, of the version given (the one its creation event named) if any. */
export async function openObject(Key: string, VersionId?: string): Promise<GetObjectCommandOutput | undefined> {
  try {
    return await aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key, VersionId }));
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

export async function readRange(Key: string, [from, to]: [number, number]): Promise<Buffer> {
  const res = await aws().s3.send(
    new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key, Range: `bytes=${from}-${to}` }),
  );
  const parts: Buffer[] = [];
  for await (const chunk of (res.Body ?? []) as AsyncIterable<Uint8Array>) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/**
 * Record an inspection under its object key, with its audit entry; false (and nothing written) when the object was
 * inspected already.
 */
export function saveInspection(
  item: Omit<DocumentRecord, 'pk' | 'sk' | 'version'>,
  audit: { actor: Actor; action: string },
): Promise<boolean> {
  return createRecord({ ...keys.document(item.key), ...item }, audit);
}

/** An inspection record by its object key, or `undefined` before the object was inspected. */
export async function documentRecord(key: string): Promise<DocumentRecord | undefined> {
  const item = await getRecord(keys.document(key));
  return item === undefined ? undefined : DocumentRecord.parse(item);
}

/** The parts of a serialised S3 request the presigner reads and writes (the SDK's `HttpRequest`). */
interface SignableRequest {
  hostname: string;
  port?: number;
  protocol: string;
  path: string;
  query: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

/** The parts of the S3 client's signer that presigning needs (the client's own `SignatureV4MultiRegion`). */
interface Presigner {
  presign(
    request: SignableRequest,
    options: { expiresIn: number; signingDate: Date; unsignableHeaders?: Set<string>; signingRegion?: string },
  ): Promise<SignableRequest>;
}

/**
 * A presigned GET of one object, signed at the one clock's time, valid `expiresIn` seconds — what
 * `@aws-sdk/s3-request-presigner`'s `getSignedUrl` does (that package is not a dependency yet): the command is
 * serialised by the client's own middleware (endpoint, path style, `versionId` and `response-*` query parameters),
 * stopped before it is signed for sending, and query-signed by the client's own SigV4 signer with
 * `UNSIGNED-PAYLOAD`. The URL can do exactly one thing: read this object (this version), with these response
 * headers, until it expires.
 */
export async function presignGet(
  input: Omit<GetObjectCommandInput, 'Bucket'>,
  expiresIn: number,
): Promise<{ url: string; expiresAt: string }> {
  const s3 = aws().s3;
  const signingDate = new Date(nowMs());
  const command = new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, ...input });
  const stack = s3.middlewareStack.clone();
  const NAME = 'sifpmPresignGet';
  const intercept =
    (_next: unknown, context: Record<string, unknown>) => async (args: { request: SignableRequest }) => {
      const request = args.request;
      for (const h of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent']) delete request.headers[h];
      request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      request.headers.host = `${request.hostname}${request.port != null ? `:${request.port}` : ''}`;
      const signer = (await (s3.config.signer as unknown as (scheme?: unknown) => Promise<Presigner>)()) as Presigner;
      const region = (context.signing_region as string | undefined) ?? (await s3.config.region());
      const presigned = await signer.presign(request, {
        expiresIn,
        signingDate,
        signingRegion: region,
        unsignableHeaders: new Set(['content-type']),
      });
      return { response: {}, output: { $metadata: { httpStatusCode: 200 }, presigned } };
    };
  stack.addRelativeTo(intercept as never, {
    name: NAME,
    relation: 'before',
    toMiddleware: 'awsAuthMiddleware',
    override: true,
  });
  const handler = command.resolveMiddleware(stack as never, s3.config, {});
  const { output } = (await handler({ input: command.input } as never)) as unknown as {
    output: { presigned: SignableRequest };
  };
  return {
    url: formatUrl(output.presigned),
    expiresAt: new Date(signingDate.getTime() + expiresIn * 1000).toISOString(),
  };
}

/** A signed request as a URL (the SDK's `formatUrl`): every query parameter encoded as S3 signed it. */
function formatUrl(r: SignableRequest): string {
  const query = Object.entries(r.query)
    .flatMap(([k, v]) =>
      v === null
        ? [encodeRfc3986(k)]
        : (Array.isArray(v) ? v : [v]).map((x) => `${encodeRfc3986(k)}=${encodeRfc3986(x)}`),
    )
    .join('&');
  const port = r.port != null ? `:${r.port}` : '';
  return `${r.protocol}//${r.hostname}${port}${r.path}${query ? `?${query}` : ''}`;
}

const encodeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Audit one access to a document — an open granted or refused — on the document's own chain (`DOC#<key>`): an
 * entry and its chain head, nothing else. Two accesses at the same moment race for the head; the loser is chained
 * again after the winner, after a jittered pause (an access is never lost, never refused for it).
 */
export async function auditDocumentAccess(
  key: string,
  audit: { actor: Actor; action: string; after: Record<string, unknown> },
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await transactWrite([auditPut({ ...audit, entity: keys.document(key) })]);
      return;
    } catch (e) {
      if (!isConditionFailure(e) || attempt >= 11) throw e;
    }
    // a jittered, growing pause: readers of one document at once do not keep colliding on its chain head
    await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(attempt, 6)));
  }
}
