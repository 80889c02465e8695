import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_NAME, LOCAL_REGION } from '#local/stack';
import { setClock } from '#shared/platform/clock';
import { startSystem, type TestSystem } from '../helpers/local.ts';

/**
 * Issue #14, finding 7: the local S3 answered unauthenticated lists and reads of every object. The front now checks
 * SigV4 on every request as S3 does; the signatures here come from the SDK and from smithy's signer (the one the
 * SDK's presigner uses), not from the front's own code.
 */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array =>
  typeof d === 'string'
    ? d
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);

class Sha256 {
  private readonly h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

let sys: TestSystem;
let s3: S3Client;
beforeAll(async () => {
  sys = await startSystem();
  s3 = client(CREDENTIALS);
});
afterAll(async () => {
  s3.destroy();
  await sys.close();
});

const client = (credentials: typeof CREDENTIALS) =>
  new S3Client({
    endpoint: sys.local.endpoints.s3,
    region: LOCAL_REGION,
    credentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

/** A presigned URL as `@aws-sdk/s3-request-presigner` makes one: host signed, payload UNSIGNED-PAYLOAD. */
async function presign(method: string, key: string, expiresIn: number, signingDate = new Date()): Promise<string> {
  const url = new URL(`${sys.local.endpoints.s3}/${BUCKET_NAME}/${key.split('/').map(encodeURIComponent).join('/')}`);
  const signer = new SignatureV4({
    service: 's3',
    region: LOCAL_REGION,
    credentials: CREDENTIALS,
    sha256: Sha256,
    uriEscapePath: false,
  });
  const presigned = await signer.presign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: { 'x-id': method === 'GET' ? 'GetObject' : 'PutObject' },
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    },
    {
      expiresIn,
      signingDate,
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
      unsignableHeaders: new Set(['x-amz-content-sha256']),
    },
  );
  const q = Object.entries(presigned.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${url.origin}${url.pathname}?${q}`;
}

const errorCode = async (res: Response) => /<Code>([^<]+)<\/Code>/.exec(await res.text())?.[1];

async function stored(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET_NAME, Key: key }));
    return true;
  } catch {
    return false;
  }
}

describe('the local S3 front checks SigV4 on every request', () => {
  const key = 'auth-test/报告 (final) v1!.txt';

  it('serves properly signed SDK calls: put, head, get, list', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: key, Body: 'secret', ContentType: 'text/plain' }));
    expect(await stored(key)).toBe(true);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: key, Range: 'bytes=0-2' }));
    expect(await got.Body?.transformToString()).toBe('sec');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET_NAME, Prefix: 'auth-test/', MaxKeys: 5 }));
    expect(list.Contents?.map((c) => c.Key)).toContain(key);
  });

  it.each([
    ['a read of an object', `/${BUCKET_NAME}/${encodeURIComponent('auth-test')}/x`],
    ['a list of the bucket', `/${BUCKET_NAME}?list-type=2`],
    ['a list of the buckets', '/'],
  ])('refuses an unsigned request: %s (403 AccessDenied)', async (_name, p) => {
    const res = await fetch(`${sys.local.endpoints.s3}${p}`);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('AccessDenied');
  });

  it('refuses an unsigned PUT and stores nothing', async () => {
    const res = await fetch(`${sys.local.endpoints.s3}/${BUCKET_NAME}/auth-test/unsigned.txt`, {
      method: 'PUT',
      body: 'planted',
    });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('AccessDenied');
    expect(await stored('auth-test/unsigned.txt')).toBe(false);
  });

  it('refuses an SDK call signed with the wrong secret (403 SignatureDoesNotMatch)', async () => {
    const wrong = client({ accessKeyId: 'S3RVER', secretAccessKey: 'guessed' });
    try {
      const attempt = wrong.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: key }));
      await expect(attempt).rejects.toSatisfy(
        (e) => e instanceof S3ServiceException && e.name === 'SignatureDoesNotMatch',
      );
    } finally {
      wrong.destroy();
    }
  });

  it('serves presigned GET and PUT URLs', async () => {
    const put = await fetch(await presign('PUT', 'auth-test/presigned.txt', 300), { method: 'PUT', body: 'by url' });
    expect(put.status).toBe(200);
    const get = await fetch(await presign('GET', 'auth-test/presigned.txt', 300));
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('by url');
  });

  it('refuses a presigned URL whose signature was tampered with (403 SignatureDoesNotMatch)', async () => {
    const url = new URL(await presign('GET', key, 300));
    const sig = url.searchParams.get('X-Amz-Signature') as string;
    url.searchParams.set('X-Amz-Signature', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe('SignatureDoesNotMatch');
    // another key under the same signature
    const other = new URL(await presign('GET', key, 300));
    other.pathname = `/${BUCKET_NAME}/auth-test/presigned.txt`;
    expect((await fetch(other)).status).toBe(403);
  });

  it('refuses an expired presigned URL on the injected clock (403 AccessDenied)', async () => {
    const url = await presign('GET', key, 60);
    expect((await fetch(url)).status).toBe(200);
    const restore = setClock(() => Date.now() + 61_000);
    try {
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('Request has expired');
    } finally {
      restore();
    }
  });
});
