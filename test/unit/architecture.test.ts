import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

  it('lets the console take only types from the server: web/ imports #shared/… with `import type` / `export type`', () => {
    const offenders = sources(path.join('web', 'src')).flatMap((f) =>
      [
        ...readFileSync(f, 'utf8').matchAll(
          /^(import|export)\s+(?!type\b)[^;]*?from\s+['"]#(shared|local|functions)\//gm,
        ),
      ]
        // the one exception: the date formatter mails and pages share (pure, imports nothing; issue 16 point 4)
        .filter((m) => !/^platform\/dates['"]/.test(m.input.slice((m.index ?? 0) + m[0].length)))
        .map((m) => `${f}: ${m[0]}`),
    );
    expect(offenders).toEqual([]);
    expect(readFileSync(path.join('shared', 'platform', 'dates.ts'), 'utf8')).not.toMatch(/^import\s/m);
    // the API's types are the server's, not restated in a console file of their own (issue 13)
    expect(existsSync(path.join('web', 'src', 'types.ts'))).toBe(false);
  });

  describe('the layout of shared/ (platform, reference, one wing per part of the cycle)', () => {
    const SHARED = sources('shared').filter((f) => f.endsWith('.ts'));
    const text = (f: string) => readFileSync(f, 'utf8');
    /** The code of a file without its comments (a comment may name a key; only code writes one). */
    const code = (f: string) =>
      text(f)
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
    const rel = (f: string) => path.relative('shared', f).split(path.sep);
    const room = (f: string) => rel(f)[0] as string;
    const isStore = (f: string) => path.basename(f) === 'store.ts';
    const inPlatform = (f: string) => room(f) === 'platform';
    const GROUND = new Set(['platform', 'reference']);
    const WINGS = [...new Set(SHARED.map(room))].filter((r) => !GROUND.has(r) && !r.endsWith('.ts'));
    /** `#shared/<room>/…` imports of a file, static or dynamic. */
    const roomsImported = (f: string) =>
      [...text(f).matchAll(/(?:from\s+|import\()\s*['"]#shared\/([a-z-]+)\//g)].map((m) => m[1] as string);

    it('has no file directly in shared/: every file is in a room', () => {
      expect(SHARED.filter((f) => rel(f).length === 1)).toEqual([]);
    });

    it('calls aws() only in platform/ and the wings’ store.ts', () => {
      const offenders = [...SHARED, ...sources('functions')].filter(
        (f) => !(f.startsWith('shared') && (inPlatform(f) || isStore(f))) && /\baws\(\)/.test(text(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('uses the AWS SDK’s commands and hand-built transactions only in platform/ and store.ts', () => {
      const offenders = [...SHARED, ...sources('functions')].filter(
        (f) =>
          !(f.startsWith('shared') && (inPlatform(f) || isStore(f))) &&
          /\b(TransactWriteCommand|StartExecutionCommand|SendTaskSuccessCommand|GetObjectCommand|PutObjectCommand|GetCommand|PutCommand|QueryCommand)\b/.test(
            text(f),
          ),
      );
      expect(offenders).toEqual([]);
    });

    it('writes a KeyConditionExpression only in platform/table.ts (the named queries) and store.ts', () => {
      const offenders = [...SHARED, ...sources('functions')].filter(
        (f) =>
          f !== path.join('shared', 'platform', 'table.ts') && !isStore(f) && /KeyConditionExpression/.test(text(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('writes key prefixes and GSI keys only in platform/table.ts', () => {
      const prefix =
        /[`'"](CYCLES?|ITEM|ORG|NOTICE|AUDIT|DOC|MON|MONITOR|MONITORCONFIG|PERIOD|SUBMISSION|FINDING|ACTION|OPENTASK|TASKS|WAIT|DELEGATE|TARGETVERSION|CENTRALTARGET|BUDGET|UPLOAD|TAX|PUBLICATIONS?)(#|[`'"])|\bgsi[12](pk|sk):\s*[`'"]/;
      const offenders = [...SHARED, ...sources('functions')].filter(
        (f) => f !== path.join('shared', 'platform', 'table.ts') && prefix.test(code(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('lets only a wing’s store.ts take values from platform/records, platform/table and platform/aws (others: `import type`)', () => {
      const offenders = SHARED.filter((f) => !GROUND.has(room(f)) && !isStore(f)).flatMap((f) =>
        [...code(f).matchAll(/^import\s+(?!type\b)([^;]*?)from\s+['"]#shared\/platform\/(records|table|aws)['"]/gm)]
          .filter((m) => (m[1] ?? '').replace(/\btype\s+\w+\s*,?/g, '').replace(/[{}\s,]/g, '') !== '')
          .map((m) => `${f}: ${m[0].replace(/\s+/g, ' ')}`),
      );
      expect(offenders).toEqual([]);
    });

    it('gives every wing its records.ts (zod schemas of what it stores) and its store.ts', () => {
      const missing = WINGS.flatMap((w) =>
        ['records.ts', 'store.ts'].filter((f) => !SHARED.includes(path.join('shared', w, f))).map((f) => `${w}/${f}`),
      );
      expect(missing).toEqual([]);
    });

    it('parses what is read: no generic record reads (`getRecord<T>`) and no index signatures on records', () => {
      const offenders = [...SHARED, ...sources('functions')].filter((f) =>
        /\bgetRecord<|\[(field|key|k): string\]: unknown/.test(code(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('throws only the one error type: no `new Error(` in shared/ or functions/', () => {
      const offenders = [...SHARED, ...sources('functions')].filter((f) =>
        /\bnew Error\(|\bthrow Error\(/.test(text(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('imports nothing dynamically in shared/ and functions/ (no hidden edges)', () => {
      const offenders = [...SHARED, ...sources('functions')].filter((f) => /\bimport\(\s*['"]/.test(text(f)));
      expect(offenders).toEqual([]);
    });

    it('builds upward only: platform/ imports no other room, reference/ only platform/', () => {
      const offenders = SHARED.flatMap((f) => {
        const allowed =
          room(f) === 'platform' ? ['platform'] : room(f) === 'reference' ? ['platform', 'reference'] : null;
        if (!allowed) return [];
        return roomsImported(f)
          .filter((r) => !allowed.includes(r))
          .map((r) => `${f} → ${r}`);
      });
      expect(offenders).toEqual([]);
    });

    it('keeps handlers off the store: functions/ never imports platform/table, platform/records or platform/aws', () => {
      const offenders = sources('functions').filter((f) =>
        /['"]#shared\/platform\/(table|records|aws)['"]/.test(text(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('states the shared parameter schemas once (functions/commons/params.ts), not per handler', () => {
      const offenders = sources('functions').filter(
        (f) =>
          f !== path.join('functions', 'commons', 'params.ts') &&
          /z\.coerce\.number\(\)\.int\(\)\.min\(2023\)|fund: z\.string\(\)\.min\(1\)\.max\(8\)/.test(text(f)),
      );
      expect(offenders).toEqual([]);
    });

    it('has no cycle between wings', () => {
      const edges = new Map<string, Set<string>>(WINGS.map((w) => [w, new Set<string>()]));
      for (const f of SHARED) {
        const from = room(f);
        if (!edges.has(from)) continue;
        for (const to of roomsImported(f)) if (to !== from && edges.has(to)) edges.get(from)?.add(to);
      }
      const cycles: string[] = [];
      const walk = (w: string, trail: string[]) => {
        if (trail.includes(w)) {
          cycles.push([...trail.slice(trail.indexOf(w)), w].join(' → '));
          return;
        }
        for (const next of edges.get(w) ?? []) walk(next, [...trail, w]);
      };
      for (const w of WINGS) walk(w, []);
      expect(WINGS.length).toBeGreaterThan(3);
      expect(cycles).toEqual([]);
    });
  });
});
