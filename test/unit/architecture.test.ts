import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The rules the architecture rests on (DESIGN §2), checked over the source so that a slip fails the build. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|tsx|json)$/.test(name) ? [p] : [];
  });
}

const BUSINESS = ['shared', 'functions', 'statemachines', 'infra'].flatMap(sources);

describe('architecture', () => {
  it('keeps business code free of imports from local/ (only local/ knows the emulators)', () => {
    const offenders = BUSINESS.filter((f) => /from\s+['"](#local\/|(\.\.\/)+local\/)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('never asks "am I local?" outside local/: no emulator names, loopback addresses or local credentials', () => {
    const pattern =
      /\b(dynalite|s3rver|aws-ses-v2-local|aws-local-stepfunctions|S3RVER|127\.0\.0\.1|localhost|IS_LOCAL|isLocal)\b/;
    const offenders = BUSINESS.filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('builds AWS clients in one place only (shared/platform/aws.ts)', () => {
    const offenders = BUSINESS.filter(
      (f) =>
        f !== path.join('shared', 'platform', 'aws.ts') &&
        /new\s+(DynamoDBClient|S3Client|SFNClient|SESv2Client)\s*\(/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('reads the time only through the one clock (shared/platform/clock.ts)', () => {
    const offenders = ['shared', 'functions']
      .flatMap(sources)
      .filter((f) => f !== path.join('shared', 'platform', 'clock.ts'))
      // the one sanctioned use: the injected clock's offset from real time, handed to the SDK signer
      .filter((f) =>
        /\bDate\.now\(\)|new Date\(\)/.test(readFileSync(f, 'utf8').replaceAll('nowMs() - Date.now()', '')),
      );
    expect(offenders).toEqual([]);
  });
});
