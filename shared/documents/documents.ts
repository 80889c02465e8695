/**
 * Documents (DESIGN §5): uploads go straight to S3 by presigned POST — the server fixes the key, the content
 * types, a `content-length-range` and an expiry of minutes — and an S3 event has every object inspected
 * (magic bytes, size, SHA-256) before the waiting workflow hears of it. No file passes through a Lambda.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { z } from 'zod';
import { parser } from '#shared/documents/bounded';
import { packageProblems, zipDirectory } from '#shared/documents/package-limits';
import { DocumentType, type InspectionError } from '#shared/documents/records';
import {
  auditDocumentAccess,
  objectExists,
  openObject,
  presignGet,
  presignPost,
  readRange,
  saveInspection,
} from '#shared/documents/store';
import { nowMs } from '#shared/platform/clock';
import { type Bilingual, badRequest, conflict, isAppError, notFound } from '#shared/platform/errors';
import type { Principal } from '#shared/reference/auth';

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4: docx and xlsx are OOXML zip packages
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** The document types the system accepts: MIME type, leading bytes, and for OOXML the part that tells them apart. */
export const DOCUMENT_TYPES = {
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: ZIP,
    part: 'word/document.xml',
    label: { zh: 'Word 文档', en: 'Word document' },
  },
  pdf: { mime: 'application/pdf', magic: PDF, part: undefined, label: { zh: 'PDF 文件', en: 'PDF file' } },
  xlsx: {
    mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: ZIP,
    part: 'xl/workbook.xml',
    label: { zh: 'Excel 工作簿', en: 'Excel workbook' },
  },
} as const;

export type { DocumentRecord, InspectionError } from '#shared/documents/records';
/** An inspection record by its object key (`undefined` before the object was inspected). */
export { documentRecord } from '#shared/documents/store';
export { DocumentType };

/**
 * Every upload key lives under this prefix: the bucket notifies only for it, so files the system writes itself
 * (generated templates, published reports) never trigger validation.
 */
export const UPLOAD_PREFIX = 'uploads/';
/** S3's own limit for a POST upload. */
export const MAX_POST_BYTES = 5 * 1024 ** 3;
/** Object metadata the slot signs into the policy, so each object carries its own rules (`x-amz-meta-…`). */
const META_TYPES = 'sifpm-types';
const META_MAX_BYTES = 'sifpm-max-bytes';

export const UploadKey = z
  .string()
  .max(1024)
  .regex(/^uploads\/([A-Za-z0-9_-][A-Za-z0-9._-]*\/)*[A-Za-z0-9_-][A-Za-z0-9._-]*$/, {
    error: 'an upload key: uploads/ then path segments of A–Z a–z 0–9 . _ - (no leading dot)',
  });

const SlotInput = z.strictObject({
  key: UploadKey,
  types: z.array(DocumentType).min(1),
  maxBytes: z.int().min(1).max(MAX_POST_BYTES),
  expiresSeconds: z
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(600),
});

export interface UploadSlot {
  /** where the form is POSTed (the bucket's URL) */
  url: string;
  /** form fields to send before the file, as given; with several allowed types, add `Content-Type` too */
  fields: Record<string, string>;
  key: string;
  /** ISO instant the policy expires */
  expiresAt: string;
  maxBytes: number;
}

/** A fresh, time-ordered key under a prefix, so repeated uploads never overwrite one another. */
export function newUploadKey(prefix: string, name = 'file'): string {
  const stamp = new Date(nowMs()).toISOString().replace(/[-:.]/g, '');
  return `${UPLOAD_PREFIX}${prefix.replace(/^\/+|\/+$/g, '')}/${stamp}-${crypto.randomUUID().slice(0, 8)}-${name}`;
}

/**
 * A presigned POST for one upload. The policy fixes the key (`eq`), the content type (`eq` for one type, the common
 * MIME prefix for several), `content-length-range` 1..maxBytes, the bucket, the allowed types and the size limit as
 * object metadata, and an expiry on the one clock. Refuses a key that already holds an object.
 */
export async function createUploadSlot(input: {
  key: string;
  types: DocumentType[];
  maxBytes: number;
  expiresSeconds?: number;
}): Promise<UploadSlot> {
  const parsed = SlotInput.safeParse(input);
  if (!parsed.success) {
    throw badRequest(
      'INVALID_UPLOAD_SLOT',
      { zh: '上传参数无效', en: 'Invalid upload slot request' },
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const { key, maxBytes, expiresSeconds } = parsed.data;
  const types = [...new Set(parsed.data.types)].sort();
  if (await objectExists(key)) {
    throw conflict('DOCUMENT_EXISTS', { zh: '该位置已有文件', en: 'An object already exists at this key' }, { key });
  }
  const mimes = types.map((t) => DOCUMENT_TYPES[t].mime);
  const Fields: Record<string, string> = {
    [`x-amz-meta-${META_TYPES}`]: types.join(','),
    [`x-amz-meta-${META_MAX_BYTES}`]: String(maxBytes),
    ...(mimes.length === 1 ? { 'Content-Type': mimes[0] as string } : {}),
  };
  const { url, fields } = await presignPost({
    Key: key,
    Expires: expiresSeconds,
    Fields,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ...(mimes.length > 1
        ? [['starts-with', '$Content-Type', commonPrefix(mimes)] as ['starts-with', string, string]]
        : []),
    ],
  });
  const policy = JSON.parse(Buffer.from(fields.Policy as string, 'base64').toString('utf8')) as { expiration: string };
  return { url, fields, key, expiresAt: policy.expiration, maxBytes };
}

function commonPrefix(values: string[]): string {
  let prefix = values[0] ?? '';
  for (const v of values) while (!v.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export type Inspection =
  | { ok: true; type: DocumentType; size: number; sha256: string; versionId?: string }
  | { ok: false; errors: InspectionError[]; size?: number; sha256?: string; versionId?: string };

/** Enough of the end of a file to hold an OOXML package's central directory (else it is read by range). */
const TAIL_BYTES = 1024 * 1024;

/**
 * Validate an uploaded object: its bytes must be one of the types its slot allowed and the type it declared
 * (Content-Type), within the slot's size. Streams the object once (SHA-256 over all of it, keeping the head and the
 * tail for the type check).
 */
export async function inspectUpload(key: string, pinnedVersion?: string): Promise<Inspection> {
  // the version the creation event named: a later write to the key (a second POST in AWS) is not what is inspected
  const object = await openObject(key, pinnedVersion);
  if (!object) return { ok: false, errors: [problem('DOCUMENT_NOT_FOUND', { key })] };
  const hash = createHash('sha256');
  let size = 0;
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  // a PDF is kept whole (within its slot's size) for the structural check; a package is read by its directory
  const whole: Buffer[] = [];
  const maxBytes = Number(object.Metadata?.[META_MAX_BYTES] ?? Number.NaN);
  for await (const chunk of (object.Body ?? []) as AsyncIterable<Uint8Array>) {
    const buf = Buffer.from(chunk);
    hash.update(buf);
    size += buf.length;
    if (head.length < 8) head = Buffer.concat([head, buf.subarray(0, 8 - head.length)]);
    if (startsWith(head, PDF) && size <= maxBytes) whole.push(buf);
    tail = Buffer.concat([tail, buf]);
    if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
  }
  const sha256 = hash.digest('hex');
  const versionId = object.VersionId;
  const facts = { size, sha256, ...(versionId ? { versionId } : {}) };

  const errors: InspectionError[] = [];
  const allowed = (object.Metadata?.[META_TYPES] ?? '')
    .split(',')
    .filter((t): t is DocumentType => DocumentType.safeParse(t).success);
  if (allowed.length === 0 || !Number.isInteger(maxBytes)) errors.push(problem('DOCUMENT_NOT_FROM_SLOT', { key }));
  if (size === 0) errors.push(problem('DOCUMENT_EMPTY', {}));
  else if (size > maxBytes) errors.push(problem('DOCUMENT_TOO_LARGE', { size, maxBytes }));

  const read = (range: [number, number]) => readRange(key, range);
  const type = size ? await detectType(head, tail, size, read) : undefined;
  const declared = (object.ContentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!type) errors.push(problem('DOCUMENT_UNRECOGNISED', { declared }));
  else if (type === 'pdf' && whole.length && !(await isReadablePdf(Buffer.concat(whole)))) {
    errors.push(problem('DOCUMENT_UNRECOGNISED', { declared }));
  } else {
    if (type !== 'pdf') errors.push(...packageProblems(await zipDirectory(tail, size, read)));
    if (allowed.length && !allowed.includes(type)) errors.push(problem('DOCUMENT_TYPE_NOT_ALLOWED', { type, allowed }));
    if (declared !== DOCUMENT_TYPES[type].mime) errors.push(problem('DOCUMENT_TYPE_MISMATCH', { type, declared }));
  }
  if (errors.length || !type) return { ok: false, errors, ...facts };
  return { ok: true, type, ...facts };
}

const startsWith = (buf: Buffer, magic: readonly number[]) => magic.every((b, i) => buf[i] === b);

/** The type the bytes are: PDF by its header and end-of-file marker; docx/xlsx by the zip's part names. */
export async function detectType(
  head: Buffer,
  tail: Buffer,
  size: number,
  read: (range: [number, number]) => Promise<Buffer>,
): Promise<DocumentType | undefined> {
  if (startsWith(head, DOCUMENT_TYPES.pdf.magic)) {
    // A PDF ends with %%EOF (readers tolerate up to 1 KiB after it): a truncated upload is not a PDF.
    return tail.subarray(Math.max(0, tail.length - 1024)).includes('%%EOF') ? 'pdf' : undefined;
  }
  if (!startsWith(head, ZIP)) return undefined;
  const names = new Set((await zipDirectory(tail, size, read))?.map((e) => e.name));
  if (names.has(DOCUMENT_TYPES.docx.part)) return 'docx';
  if (names.has(DOCUMENT_TYPES.xlsx.part)) return 'xlsx';
  return undefined;
}

/**
 * A PDF is a PDF when a PDF parser (pdf-lib) reads its cross-reference table and catalogue and finds at least one
 * page — not a `%PDF` header in front of something else. Parsed in a worker under the parse limits.
 */
const pdfPages = parser(import.meta.url, 'pdf-pages', async (bytes: Uint8Array) => {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
  return doc.getPageCount();
});

async function isReadablePdf(bytes: Buffer): Promise<boolean> {
  try {
    return (await pdfPages(bytes)) > 0;
  } catch (e) {
    // an outage of the reader is not the file's fault: it throws, and the upload event is retried
    if (isAppError(e) && e.code === 'PARSER_UNAVAILABLE') throw e;
    return false;
  }
}

const MESSAGES: Record<string, (d: Record<string, unknown>) => Bilingual> = {
  DOCUMENT_NOT_FOUND: (d) => ({ zh: `文件不存在：${d.key}`, en: `No object at ${d.key}` }),
  DOCUMENT_NOT_FROM_SLOT: () => ({
    zh: '文件不是通过上传链接提交的',
    en: 'The object was not uploaded through an upload slot',
  }),
  DOCUMENT_EMPTY: () => ({ zh: '文件为空', en: 'The file is empty' }),
  DOCUMENT_TOO_LARGE: (d) => ({
    zh: `文件大小 ${d.size} 字节，超过上限 ${d.maxBytes} 字节`,
    en: `The file has ${d.size} bytes, more than the limit of ${d.maxBytes}`,
  }),
  DOCUMENT_UNRECOGNISED: () => ({
    zh: '文件内容不是 Word、PDF 或 Excel 文件（或文件已损坏）',
    en: 'The content is not a Word, PDF or Excel file (or it is damaged)',
  }),
  DOCUMENT_TYPE_NOT_ALLOWED: (d) => ({
    zh: `此处不接受${DOCUMENT_TYPES[d.type as DocumentType].label.zh}`,
    en: `A ${DOCUMENT_TYPES[d.type as DocumentType].label.en} is not accepted here`,
  }),
  DOCUMENT_TYPE_MISMATCH: (d) => ({
    zh: `文件内容是${DOCUMENT_TYPES[d.type as DocumentType].label.zh}，但声明的类型是“${d.declared || '无'}”`,
    en: `The content is a ${DOCUMENT_TYPES[d.type as DocumentType].label.en} but was declared as "${d.declared || 'none'}"`,
  }),
};

function problem(code: keyof typeof MESSAGES & string, details: Record<string, unknown>): InspectionError {
  return { code, message: (MESSAGES[code] as (d: Record<string, unknown>) => Bilingual)(details) };
}

const S3EventSchema = z.object({
  Records: z.array(
    z.object({
      eventSource: z.literal('aws:s3'),
      eventName: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string().min(1) }),
        object: z.object({
          key: z.string().min(1),
          size: z.number().int().nonnegative().default(0),
          versionId: z.string().min(1).optional(),
        }),
      }),
    }),
  ),
});

export interface CreatedObject {
  bucket: string;
  key: string;
  size: number;
  versionId?: string;
}

/**
 * The objects created in an S3 event notification. Other records (removals) are left out. Keys arrive
 * URL-encoded with `+` for spaces, as S3 sends them.
 */
export function parseS3Event(event: unknown): CreatedObject[] {
  const parsed = S3EventSchema.safeParse(event);
  if (!parsed.success) {
    throw badRequest(
      'INVALID_S3_EVENT',
      { zh: 'S3 事件格式无效', en: 'Invalid S3 event' },
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:')).map(({ s3 }, i) => {
    let key: string | undefined;
    try {
      key = decodeURIComponent(s3.object.key.replace(/\+/g, '%20'));
    } catch {
      // malformed percent-encoding: refused below, as any other key that is not an upload's
    }
    // the notification is configured for uploads/ only: any other key did not come from it
    if (key === undefined || !key.startsWith('uploads/')) {
      throw badRequest(
        'INVALID_S3_EVENT',
        { zh: 'S3 事件格式无效：对象键不是上传文件的键', en: 'Invalid S3 event: the object key is not an upload key' },
        [{ path: `Records.${i}.s3.object.key`, message: 'not a well-formed key under uploads/' }],
      );
    }
    return {
      bucket: s3.bucket.name,
      key,
      size: s3.object.size,
      ...(s3.object.versionId ? { versionId: s3.object.versionId } : {}),
    };
  });
}

/** An object created in the bucket, with what inspecting it found: what the upload hook receives. */
export interface UploadedDocument {
  key: string;
  size: number;
  versionId?: string;
  inspection: Inspection;
}

/**
 * Record an inspection as `DOC#<key>`, with its audit entry. A redelivered event (S3 delivers at least once) finds
 * the record and writes nothing: returns false.
 */
export async function recordInspection(doc: UploadedDocument): Promise<boolean> {
  const { inspection } = doc;
  const versionId = inspection.versionId ?? doc.versionId;
  return saveInspection(
    {
      key: doc.key,
      ok: inspection.ok,
      size: inspection.size ?? doc.size,
      sha256: inspection.sha256,
      ...(inspection.ok ? { type: inspection.type } : {}),
      ...(versionId ? { versionId } : {}),
      errors: inspection.ok ? [] : inspection.errors,
      inspectedAt: new Date(nowMs()).toISOString(),
    },
    { actor: { id: 'system:documents' }, action: inspection.ok ? 'document.accepted' : 'document.refused' },
  );
}

// --- opening a recorded document (issue 16) -------------------------------------------------------------------

/** How long a link to open a document is valid: long enough to click, short enough not to be passed around. */
export const OPEN_LINK_SECONDS = 300;

/** A document as its owner record holds it: the object, the version recorded, and what it is. */
export interface RecordedDocument {
  key: string;
  versionId?: string;
  type: DocumentType;
  sha256: string;
  size: number;
  /** the file name a person sees (what it is, whose, which year), without the extension */
  name: string;
}

/**
 * Who owns a kind of document: `owns` tells its keys apart; `find` authorises the principal exactly as the record
 * it belongs to (throwing 403 before the record is read) and answers the document as recorded there, or
 * `undefined` when the record holds no document at that key.
 */
export interface DocumentOwner {
  owns(key: string): boolean;
  find(principal: Principal, key: string): Promise<RecordedDocument | undefined>;
}

/** What `GET /api/documents` answers: a link that opens the recorded version, and until when it does. */
export interface DocumentLink {
  url: string;
  expiresAt: string;
  type: DocumentType;
  name: string;
  /** `inline` (a PDF opens in the browser) or `attachment` (an Office file downloads) */
  disposition: 'inline' | 'attachment';
  sha256: string;
  size: number;
}

const noSuchDocument = () =>
  notFound({ zh: '没有这份文件，或文件尚未登记', en: 'No such document, or it is not recorded' });

/** RFC 6266: an ASCII fallback and the UTF-8 name (RFC 5987), so a Chinese file name survives every browser. */
export function contentDisposition(disposition: 'inline' | 'attachment', name: string, type: DocumentType): string {
  const file = `${name}.${type}`;
  const ascii = `document.${type}`;
  const utf8 = encodeURIComponent(file).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${utf8}`;
}

/**
 * Open a recorded document: its owner authorises the principal as for the record itself, then a presigned GET of
 * the recorded version, valid {@link OPEN_LINK_SECONDS}, with the content type of what was inspected — a PDF
 * `inline`, an Office file `attachment`. Audited either way on the document's chain: `document.open` (granted) or
 * `document.open-refused` (403, with the refusal's reason); a refusal changes nothing else.
 */
export async function openDocument(principal: Principal, key: string, owners: DocumentOwner[]): Promise<DocumentLink> {
  const owner = owners.find((o) => o.owns(key));
  if (!owner) throw noSuchDocument();
  const actor = { id: principal.userId, orgCode: principal.orgCode };
  let doc: RecordedDocument | undefined;
  try {
    doc = await owner.find(principal, key);
  } catch (e) {
    if (isAppError(e) && e.status === 403) {
      await auditDocumentAccess(key, {
        actor,
        action: 'document.open-refused',
        after: { outcome: 'refused', code: e.code, reason: e.bilingual, department: principal.department },
      });
    }
    throw e;
  }
  if (!doc) throw noSuchDocument();
  const disposition = doc.type === 'pdf' ? 'inline' : 'attachment';
  const { url, expiresAt } = await presignGet(
    {
      Key: doc.key,
      ...(doc.versionId ? { VersionId: doc.versionId } : {}),
      ResponseContentType: DOCUMENT_TYPES[doc.type].mime,
      ResponseContentDisposition: contentDisposition(disposition, doc.name, doc.type),
    },
    OPEN_LINK_SECONDS,
  );
  await auditDocumentAccess(key, {
    actor,
    action: 'document.open',
    after: {
      outcome: 'granted',
      ...(doc.versionId ? { versionId: doc.versionId } : {}),
      sha256: doc.sha256,
      expiresAt,
      department: principal.department,
    },
  });
  return {
    url,
    expiresAt,
    type: doc.type,
    name: `${doc.name}.${doc.type}`,
    disposition,
    sha256: doc.sha256,
    size: doc.size,
  };
}
