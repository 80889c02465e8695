import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packageProblems, zipDirectoryOf } from '#shared/documents/package-limits';
import { parseSelfEvaluationTemplate } from '#shared/evaluation/template';
import { parseMonitoringTemplate } from '#shared/monitoring/template';
import { echo, hog, spin } from '../fixtures/parsers.ts';
import { lengthAfterSlowStart } from '../fixtures/slow-start-parsers.ts';
import { zip } from '../helpers/documents.ts';

const MONITORING = { year: 2026, org: '440100', fund: 'UI', asOf: '2026-03-31' };
const SELF_EVALUATION = { year: 2026, org: '440100', fund: 'UI', indicatorIds: ['UI-01'] };

describe('bounded parsing of uploaded packages (finding 5)', () => {
  it('refuses a workbook that inflates to 300 MB from its zip directory, without opening it', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(300 * 1024 ** 2, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(400 * 1024);
    const before = process.memoryUsage().rss;
    const parsed = await parseMonitoringTemplate(bomb, MONITORING);
    expect(parsed).toMatchObject({ ok: false, errors: [{ cell: 'A1', code: 'PACKAGE_TOO_LARGE_INFLATED' }] });
    if (!parsed.ok) expect(parsed.errors[0]?.message.zh).toContain('解压后为 300 MB');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 ** 2);
    expect(packageProblems(await zipDirectoryOf(bomb)).map((p) => p.code)).toEqual([
      'PACKAGE_TOO_LARGE_INFLATED',
      'PACKAGE_RATIO',
    ]);
  });

  it('refuses a part compressed far beyond what XML compresses, and a package of too many parts', async () => {
    const dense = zip([{ name: 'word/document.xml', data: Buffer.alloc(8 * 1024 ** 2, 0x20) }]);
    expect(packageProblems(await zipDirectoryOf(dense)).map((p) => p.code)).toEqual(['PACKAGE_RATIO']);
    const many = zip(Array.from({ length: 1001 }, (_, i) => ({ name: `xl/p${i}.xml`, data: Buffer.from('<a/>') })));
    const parsed = await parseSelfEvaluationTemplate(many, SELF_EVALUATION);
    expect(parsed).toMatchObject({ ok: false, errors: [{ code: 'PACKAGE_TOO_MANY_PARTS' }] });
  });

  it('ends a parse that runs past its time limit, and the process answers meanwhile', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 50);
    const started = performance.now();
    await expect(spin(new Uint8Array(10))).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      details: { limit: 'time' },
    });
    clearInterval(ticker);
    // the event loop kept turning while the worker spun (a stall would leave the ticker at 0 or 1)
    expect(ticks).toBeGreaterThanOrEqual(Math.floor((performance.now() - started) / 50 / 4));
    expect(ticks).toBeGreaterThan(3);
  });

  it('counts a parse’s time limit from when its worker has started, not from the request (a slow start is no refusal)', async () => {
    // the module starts in 1.5 s and registers its parser after that; the parse's own limit is 0.5 s. Before
    // the fix the job was either answered "no parser" (the port delivered before registration) or timed out.
    expect(await lengthAfterSlowStart(new Uint8Array(42))).toBe(42);
  });

  it('ends a parse that takes more memory than allowed, and the next parse runs in a fresh worker', async () => {
    await expect(hog(new Uint8Array(10))).rejects.toMatchObject({
      code: 'DOCUMENT_TOO_COMPLEX',
      details: { limit: 'memory' },
    });
    expect(await echo(new Uint8Array(1234))).toBe(1234);
  });

  it('lets a process exit once its parses are done: the idle warm worker keeps nothing alive', async () => {
    // `sifpm simulate` finished its cycle and then never exited: the worker's message port held the event loop
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/fixtures/bounded-exit.ts'], {
      timeout: 30_000,
    });
    expect(run.stdout).toBe('parsed 3\n');
  }, 60_000);
});
