import middy from '@middy/core';
import { onDocumentUploaded } from '#functions/commons/document-hooks';
import { inspectUpload, parseS3Event } from '#shared/documents/documents';
import { config } from '#shared/platform/config';
import { badRequest } from '#shared/platform/errors';
import { logger } from '#shared/platform/logger';

/**
 * The documents bucket's ObjectCreated notification (uploads/ only): inspect each new object, then hand it to the
 * workflow hook. A failure throws, so the asynchronous invocation is retried; the hook is idempotent.
 */
export const handler = middy(async (event: unknown) => {
  const bucket = config().SIFPM_BUCKET;
  for (const object of parseS3Event(event)) {
    if (object.bucket !== bucket) {
      logger.warn('object of another bucket ignored', { bucket: object.bucket, key: object.key });
      continue;
    }
    const inspection = await inspectUpload(object.key, object.versionId);
    // an event for an object that is not there did not come from the bucket: it is refused and records nothing
    if (!inspection.ok && inspection.errors.some((e) => e.code === 'DOCUMENT_NOT_FOUND')) {
      throw badRequest('INVALID_S3_EVENT', {
        zh: `S3 事件所指的对象不存在：${object.key}`,
        en: `The S3 event names no stored object: ${object.key}`,
      });
    }
    logger.info('document inspected', { key: object.key, ok: inspection.ok, size: object.size });
    await onDocumentUploaded({
      key: object.key,
      size: object.size,
      ...(object.versionId ? { versionId: object.versionId } : {}),
      inspection,
    });
  }
});
