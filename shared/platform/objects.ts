import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { aws } from '#shared/platform/aws';
import { config } from '#shared/platform/config';

/** The document bucket as whole objects: read one, write one (presigned uploads are the documents wing's store). */

/** The bytes of an object. */
export async function readObject(key: string): Promise<Buffer> {
  const obj = await aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: key }));
  return Buffer.from(await (obj.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

/** The text of an object, or `undefined` when there is none at the key. */
export async function readObjectText(key: string): Promise<string | undefined> {
  try {
    const obj = await aws().s3.send(new GetObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: key }));
    return await (obj.Body as { transformToString(): Promise<string> }).transformToString();
  } catch (e) {
    if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
}

/** Write an object; answers its version id where the bucket keeps versions. */
export async function writeObject(key: string, body: string, contentType: string): Promise<{ versionId?: string }> {
  const put = await aws().s3.send(
    new PutObjectCommand({ Bucket: config().SIFPM_BUCKET, Key: key, Body: body, ContentType: contentType }),
  );
  return put.VersionId ? { versionId: put.VersionId } : {};
}
