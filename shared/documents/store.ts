import {
  GetObjectCommand,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
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

/**
 * A presigned GET of one object (`getSignedUrl`), signed at the one clock's time, valid `expiresIn` seconds: the URL
 * can do exactly one thing — read this object (this version), with these response headers, until it expires.
 */
export async function presignGet(
  input: Omit<GetObjectCommandInput, 'Bucket'>,
  expiresIn: number,
): Promise<{ url: string; expiresAt: string }> {
  const signingDate = new Date(nowMs());
  const command = new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, ...input });
  const url = await getSignedUrl(aws().s3, command, { expiresIn, signingDate });
  return { url, expiresAt: new Date(signingDate.getTime() + expiresIn * 1000).toISOString() };
}

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
