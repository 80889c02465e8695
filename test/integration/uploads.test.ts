import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUploadSlot,
  DOCUMENT_TYPES,
  documentRecord,
  newUploadKey,
  type UploadSlot,
} from '#shared/documents/documents';
import { buildSelfEvaluationTemplate } from '#shared/evaluation/template';
import { aws } from '#shared/platform/aws';
import { setClock } from '#shared/platform/clock';
import { config } from '#shared/platform/config';
import { auditTrail } from '#shared/platform/records';
import { keys } from '#shared/platform/table';
import { PDF, zip } from '../helpers/documents.ts';
import { startSystem, type TestSystem } from '../helpers/local';

/**
 * Presigned POST uploads on the local default, sent as a browser sends them (fetch + FormData): the S3 front checks
 * what S3 checks, stores only what passes, and the bucket notification has each stored object inspected and recorded.
 */
let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
}, 60_000);
afterAll(async () => {
  await system?.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The form a browser builds from a slot: its fields in order, then the file last. */
async function post(
  slot: UploadSlot,
  file: Buffer,
  change: { fields?: Record<string, string | undefined>; contentType?: string } = {},
) {
  const form = new FormData();
  const fields: Record<string, string | undefined> = { ...slot.fields, ...change.fields };
  if (change.contentType) fields['Content-Type'] = change.contentType;
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  form.append(
    'file',
    new Blob([new Uint8Array(file)], { type: change.contentType ?? 'application/octet-stream' }),
    'upload',
  );
  const res = await fetch(slot.url, { method: 'POST', body: form });
  const text = await res.text();
  return { status: res.status, text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1], headers: res.headers };
}

async function stored(key: string): Promise<boolean> {
  try {
    await aws().s3.send(new HeadObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: key }));
    return true;
  } catch (e) {
    if ((e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw e;
  }
}

const pdfSlot = (maxBytes = 64 * 1024) =>
  createUploadSlot({
    key: newUploadKey('self-evaluation/2025/110100/pension', 'report.pdf'),
    types: ['pdf'],
    maxBytes,
  });

describe('presigned POST uploads on the local default', () => {
  it('stores a valid upload, notifies the bucket function, and records its SHA-256, size and version', async () => {
    const slot = await pdfSlot();
    expect(slot.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sifpm-documents$/);
    expect(slot.fields['Content-Type']).toBe('application/pdf');
    expect(Date.parse(slot.expiresAt) - Date.now()).toBeGreaterThan(590_000);

    const res = await post(slot, PDF);
    expect(res.status).toBe(204);
    const versionId = res.headers.get('x-amz-version-id');
    expect(versionId).toMatch(/^[A-Za-z0-9_-]{32}$/);

    await system.local.s3Front.idle();
    const record = await documentRecord(slot.key);
    expect(record).toMatchObject({
      key: slot.key,
      ok: true,
      type: 'pdf',
      size: PDF.length,
      sha256: sha256(PDF),
      versionId,
      errors: [],
    });
    const trail = await auditTrail(keys.document(slot.key));
    expect(trail.map((e) => e.action)).toEqual(['document.accepted']);
    // The version id is also what a read through the S3 API answers, as from a versioned bucket.
    const head = await aws().s3.send(new HeadObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: slot.key }));
    expect(head.VersionId).toBe(versionId);
    expect(head.Metadata).not.toHaveProperty('sifpm-local-version-id');
  });

  it('refuses a form field that the policy does not name', async () => {
    const slot = await pdfSlot();
    const res = await post(slot, PDF, { fields: { success_action_status: '201' } });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Extra input fields: success_action_status');
    expect(await stored(slot.key)).toBe(false);
  });

  describe('refuses a tampered POST and stores and records nothing', () => {
    const cases: [string, (slot: UploadSlot) => Promise<Awaited<ReturnType<typeof post>>>, number, string][] = [
      ['another key', (slot) => post(slot, PDF, { fields: { key: `${slot.key}-other` } }), 403, 'AccessDenied'],
      ['another content type', (slot) => post(slot, PDF, { contentType: 'text/html' }), 403, 'AccessDenied'],
      [
        'a file larger than the content-length-range',
        (slot) => post(slot, Buffer.concat([PDF, Buffer.alloc(slot.maxBytes)])),
        400,
        'EntityTooLarge',
      ],
      [
        'a forged signature',
        (slot) => {
          const sig = slot.fields['X-Amz-Signature'] as string;
          return post(slot, PDF, { fields: { 'X-Amz-Signature': `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}` } });
        },
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'a policy rewritten to allow more',
        (slot) => {
          const policy = JSON.parse(Buffer.from(slot.fields.Policy as string, 'base64').toString());
          policy.conditions = policy.conditions.map((c: unknown) =>
            Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 0, 10 ** 9] : c,
          );
          return post(slot, PDF, { fields: { Policy: Buffer.from(JSON.stringify(policy)).toString('base64') } });
        },
        403,
        'SignatureDoesNotMatch',
      ],
      [
        'other allowed types in its metadata',
        (slot) => post(slot, PDF, { fields: { 'x-amz-meta-sifpm-types': 'docx,pdf,xlsx' } }),
        403,
        'AccessDenied',
      ],
      [
        'another access key',
        (slot) =>
          post(slot, PDF, { fields: { 'X-Amz-Credential': `AKIDOTHER${slot.fields['X-Amz-Credential']?.slice(6)}` } }),
        403,
        'InvalidAccessKeyId',
      ],
      [
        'an expired policy',
        async (slot) => {
          const restore = setClock(() => Date.parse(slot.expiresAt) + 1000);
          try {
            return await post(slot, PDF);
          } finally {
            restore();
          }
        },
        403,
        'AccessDenied',
      ],
    ];

    it.each(cases)('%s', async (_name, send, status, code) => {
      const slot = await pdfSlot(1024);
      const res = await send(slot);
      expect(res.status).toBe(status);
      expect(res.code).toBe(code);
      expect(res.text).toMatch(/^<\?xml/);
      await system.local.s3Front.idle();
      expect(await stored(slot.key)).toBe(false);
      expect(await documentRecord(slot.key)).toBeUndefined();
    });
  });

  it('expires a policy on the injected clock: 1 second after, storage refuses it', async () => {
    const slot = await createUploadSlot({
      key: newUploadKey('self-evaluation/2025/110100/pension', 'late.pdf'),
      types: ['pdf'],
      maxBytes: 1024,
      expiresSeconds: 1,
    });
    const restore = setClock(() => Date.now() + 1500);
    try {
      const res = await post(slot, PDF);
      expect(res.status).toBe(403);
      expect(res.text).toContain('Policy expired');
    } finally {
      restore();
    }
    expect(await stored(slot.key)).toBe(false);
  });

  it('signs slots at the simulated time when the clock is injected', async () => {
    const simulated = Date.UTC(2027, 4, 20, 2, 0, 0);
    const restore = setClock(() => simulated + (Date.now() % 1000));
    try {
      const slot = await pdfSlot();
      expect(slot.expiresAt).toBe('2027-05-20T02:10:00Z');
      expect(slot.fields['X-Amz-Date']).toMatch(/^20270520T0200/);
      expect((await post(slot, PDF)).status).toBe(204);
    } finally {
      restore();
    }
  });

  it('stores a file whose bytes are not its declared type, and validation refuses it', async () => {
    const slot = await pdfSlot();
    const text = Buffer.from('this is a plain text file, not a PDF\n');
    expect((await post(slot, text)).status).toBe(204);
    await system.local.s3Front.idle();
    const record = await documentRecord(slot.key);
    expect(record).toMatchObject({ ok: false, size: text.length, sha256: sha256(text) });
    expect(record?.errors.map((e) => e.code)).toEqual(['DOCUMENT_UNRECOGNISED']);
    expect(record?.errors[0]?.message.zh).toBeTruthy();
    expect((await auditTrail(keys.document(slot.key))).map((e) => e.action)).toEqual(['document.refused']);
  });

  it('refuses a PDF header in front of something else, and a Word package that would inflate to 1 GB (finding 5)', async () => {
    const slot = await pdfSlot();
    const disguised = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), // an ELF executable's header
      Buffer.alloc(4096, 0x90),
      Buffer.from('\n%%EOF\n'),
    ]);
    expect((await post(slot, disguised)).status).toBe(204);
    const word = await createUploadSlot({
      key: newUploadKey('self-evaluation/2025/110100/pension', 'report.docx'),
      types: ['docx'],
      maxBytes: 1 << 20,
    });
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      // its directory states what the part inflates to: 1 GB
      { name: 'word/document.xml', data: Buffer.alloc(1 << 20, 0x20), statedSize: 1024 ** 3 },
    ]);
    expect((await post(word, bomb, { contentType: DOCUMENT_TYPES.docx.mime })).status).toBe(204);
    await system.local.s3Front.idle();
    expect(await documentRecord(slot.key)).toMatchObject({ ok: false, errors: [{ code: 'DOCUMENT_UNRECOGNISED' }] });
    expect((await documentRecord(word.key))?.errors.map((e) => e.code)).toEqual([
      'PACKAGE_TOO_LARGE_INFLATED',
      'PACKAGE_RATIO',
    ]);
  });

  it('lets a slot for several types take any of them, and refuses content that contradicts its declared type', async () => {
    const xlsx = await buildSelfEvaluationTemplate({
      year: 2025,
      org: '110100',
      orgName: '北京市',
      fund: 'pension',
      fundName: '养老保险',
      indicators: [{ id: 'coverage-rate', name: '参保率', unit: '%', target: '95' }],
    });
    const slot = () =>
      createUploadSlot({
        key: newUploadKey('evaluation/2025/110100', 'table'),
        types: ['docx', 'xlsx'],
        maxBytes: 1 << 20,
      });
    const good = await slot();
    expect(good.fields['Content-Type']).toBeUndefined();
    expect((await post(good, xlsx, { contentType: DOCUMENT_TYPES.xlsx.mime })).status).toBe(204);
    const lying = await slot();
    expect((await post(lying, xlsx, { contentType: DOCUMENT_TYPES.docx.mime })).status).toBe(204);
    // The policy's condition is the types' common MIME prefix: a PDF is outside the OOXML one.
    const pdf = await slot();
    expect((await post(pdf, PDF, { contentType: DOCUMENT_TYPES.pdf.mime })).status).toBe(403);
    // PDF or Word share only application/: an Excel file passes storage, and validation knows it is not allowed.
    const other = await createUploadSlot({
      key: newUploadKey('evaluation/2025/110100', 'report'),
      types: ['pdf', 'docx'],
      maxBytes: 1 << 20,
    });
    expect((await post(other, xlsx, { contentType: DOCUMENT_TYPES.xlsx.mime })).status).toBe(204);

    await system.local.s3Front.idle();
    expect(await documentRecord(good.key)).toMatchObject({ ok: true, type: 'xlsx', sha256: sha256(xlsx) });
    expect((await documentRecord(lying.key))?.errors.map((e) => e.code)).toEqual(['DOCUMENT_TYPE_MISMATCH']);
    expect((await documentRecord(other.key))?.errors.map((e) => e.code)).toEqual(['DOCUMENT_TYPE_NOT_ALLOWED']);
    expect(await stored(pdf.key)).toBe(false);
  });

  it('keeps a recorded document: a second POST to the same slot is refused and stores nothing (finding 4)', async () => {
    const slot = await pdfSlot();
    expect((await post(slot, PDF)).status).toBe(204);
    const other = Buffer.concat([PDF, Buffer.from('% another file\n')]);
    const [again, racing] = await Promise.all([post(slot, other), post(slot, other)]);
    expect([again.status, again.code, racing.status, racing.code]).toEqual([
      412,
      'PreconditionFailed',
      412,
      'PreconditionFailed',
    ]);
    await system.local.s3Front.idle();
    const served = await aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: slot.key }));
    const bytes = Buffer.from(
      await (served.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(sha256(bytes)).toBe(sha256(PDF));
    expect(await documentRecord(slot.key)).toMatchObject({ ok: true, size: PDF.length, sha256: sha256(PDF) });
    expect((await auditTrail(keys.document(slot.key))).map((e) => e.action)).toEqual(['document.accepted']);

    // reads pin the version the record holds: that version serves the recorded bytes, any other is no such version
    const recorded = (await documentRecord(slot.key))?.versionId;
    expect(recorded).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const pinned = await aws().s3.send(
      new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: slot.key, VersionId: recorded }),
    );
    const pinnedBytes = Buffer.from(
      await (pinned.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
    );
    expect(sha256(pinnedBytes)).toBe(sha256(PDF));
    await expect(
      aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: slot.key, VersionId: 'not-that-one' })),
    ).rejects.toMatchObject({ name: 'NoSuchVersion' });
  });

  it('never hands out a slot for a key that already holds an object', async () => {
    const slot = await pdfSlot();
    expect((await post(slot, PDF)).status).toBe(204);
    await expect(createUploadSlot({ key: slot.key, types: ['pdf'], maxBytes: 1024 })).rejects.toMatchObject({
      status: 409,
      code: 'DOCUMENT_EXISTS',
    });
  });

  it('refuses slot requests outside uploads/ or without a type', async () => {
    await expect(createUploadSlot({ key: 'reports/x.pdf', types: ['pdf'], maxBytes: 10 })).rejects.toMatchObject({
      status: 400,
      code: 'INVALID_UPLOAD_SLOT',
    });
    await expect(createUploadSlot({ key: 'uploads/x', types: [], maxBytes: 10 })).rejects.toMatchObject({
      status: 400,
    });
  });
});
