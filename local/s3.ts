/**
 * S3 API on loopback: s3rver, files under the data folder. It verifies no signatures and no POST policies
 * (DESIGN §9); the evaluation chain adds a verifying front for presigned uploads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (
  opts: Record<string, unknown>,
) => {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
};

export interface LocalS3 {
  endpoint: string;
  close(): Promise<void>;
}

export async function startLocalS3(opts: { dataDir?: string; buckets: string[] }): Promise<LocalS3> {
  const temp = opts.dataDir ? undefined : mkdtempSync(path.join(os.tmpdir(), 'sifpm-s3-'));
  const directory = opts.dataDir ? path.join(opts.dataDir, 's3') : (temp as string);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: opts.buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      if (temp) rmSync(temp, { recursive: true, force: true });
    },
  };
}
