import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand, auditVerify, type VerifyAnswer } from '../../cli/audit.ts';
import { rngFor } from '../../cli/sim-data.ts';
import { caughtLine, planFor, runSimulation, type SimulationResult, summaryTable } from '../../cli/simulate.ts';
import { LOCAL_REGION, TABLE_NAME } from '../../local/stack.ts';

describe('sifpm simulate --scale small: one whole cycle through the public API', () => {
  let result: SimulationResult;
  let out: string;
  /** `sifpm audit verify` after the simulation, then after one entry was edited behind the API's back */
  const audit: { intact?: VerifyAnswer; exitIntact?: unknown; edited?: VerifyAnswer; exitEdited?: unknown } = {};
  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'sifpm-sim-'));
    result = await runSimulation(
      { year: 2025, scale: 'small', seed: 7, out, quiet: true },
      {
        beforeClose: async (local) => {
          const as = { api: local.url, as: 'finance.100000' };
          const cli = async () => {
            process.exitCode = undefined;
            const cmd = auditCommand();
            cmd.exitOverride();
            const write = process.stdout.write;
            process.stdout.write = () => true;
            try {
              await cmd.parseAsync(['verify', '--api', local.url, '--as', 'finance.100000', '--year', '2025'], {
                from: 'user',
              });
            } finally {
              process.stdout.write = write;
            }
            const code = process.exitCode;
            process.exitCode = undefined;
            return code;
          };
          audit.exitIntact = await cli();
          audit.intact = await auditVerify({ ...as, year: 2025 });
          const ddb = DynamoDBDocumentClient.from(
            new DynamoDBClient({
              endpoint: local.endpoints.dynamodb,
              region: LOCAL_REGION,
              credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
            }),
          );
          await ddb.send(
            new UpdateCommand({
              TableName: TABLE_NAME,
              Key: { pk: 'AUDIT#CYCLE#2025#CYCLE', sk: 'ENTRY#0000000001' },
              UpdateExpression: 'SET #c = :c',
              ExpressionAttributeNames: { '#c': 'comment' },
              ExpressionAttributeValues: { ':c': '篡改 / tampered' },
            }),
          );
          audit.exitEdited = await cli();
          audit.edited = await auditVerify({ ...as, year: 2025 });
        },
      },
    );
  }, 400_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('completes every self-evaluation of two provinces × two funds, reviewed, reported and assessed', () => {
    expect(result.provinces.map((p) => p.province)).toEqual(['440000', '330000']);
    for (const p of result.provinces) {
      expect(p.items).toBe(4); // three prefectures' EBMI + the province's own UI
      expect(p.submitted).toBe(4);
      expect(p.completeness).toBe(1);
      expect(p.meanScore).toBeGreaterThan(0);
      expect(Object.values(p.grades).reduce((a, b) => a + b, 0)).toBe(4);
      expect(['praise', 'satisfactory', 'interview']).toContain(p.assessment);
    }
    expect(result.totals['targets issued']).toBe(4);
    expect(result.totals['reviews confirmed']).toBe(8);
    expect(result.totals['provincial reports']).toBe(2);
  });

  it('has late, missing, returned and corrected items, as a real year does', () => {
    expect(result.totals['targets returned by central']).toBeGreaterThanOrEqual(1);
    expect(result.totals['monitoring submissions late']).toBeGreaterThan(0);
    expect(result.totals['monitoring periods missed']).toBeGreaterThan(0);
    expect(result.totals['self-evaluations late']).toBeGreaterThanOrEqual(1);
    expect(result.totals['self-evaluations returned by province']).toBeGreaterThanOrEqual(1);
    expect(result.totals['corrections closed']).toBeGreaterThan(0);
    // issue 18: the fund planted at risk is warned, the planted tax mismatch found, and nothing else raised
    expect(result.totals['planted reserve risks']).toBe(1);
    expect(result.totals['planted reserve risks warned']).toBe(1);
    expect(result.totals['reserve risks warned, not planted']).toBe(0);
    expect(result.totals['planted tax mismatches']).toBe(1);
    expect(result.totals['planted tax mismatches found']).toBe(1);
    expect(result.totals['tax mismatches found, not planted']).toBe(0);
    expect(caughtLine(result)).toContain('1/1 planted caught');
    expect(result.totals['rectifications closed']).toBe(1); // the interviewed province rectified
    expect(result.provinces.some((p) => p.onTimeRate < 1)).toBe(true);
    const findings = result.provinces.reduce((n, p) => n + p.findings.opened, 0);
    expect(findings).toBeGreaterThan(0);
    expect(result.provinces.reduce((n, p) => n + p.findings.closed, 0)).toBeGreaterThan(0);
  });

  it('writes the generated documents and a JSON summary, and counts every operation — with no Scan', () => {
    const docs = readdirSync(path.join(out, 'documents'));
    for (const ext of ['.pdf', '.docx', '.xlsx']) expect(docs.some((d) => d.endsWith(ext))).toBe(true);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.provinces).toHaveLength(2);
    const m = result.metrics;
    expect(m.dynamodb.scans).toBe(0);
    expect(m.stepFunctions.stateTransitions).toBeGreaterThan(0);
    expect(m.ses.emails).toBeGreaterThan(0);
    expect(m.s3.requests.PostObject).toBe(result.totals.uploads);
    expect(summaryTable(result)).toMatch(/广东省/);
  });

  it('leaves an audit trail that verifies (`sifpm audit verify` exits 0), and fails at the entry edited behind its back', () => {
    expect(audit.exitIntact).toBeUndefined();
    expect(audit.intact).toMatchObject({ ok: true });
    expect(audit.intact?.entries).toBeGreaterThan(100);
    expect(audit.exitEdited).toBe(1);
    expect(audit.edited).toMatchObject({
      ok: false,
      broken: { entity: { pk: 'CYCLE#2025', sk: 'CYCLE' }, at: 1, reason: 'hash' },
    });
  });

  it('draws its data from the seed, entity by entity, whatever the order of the workers', () => {
    const a = rngFor(7, 'selfeval:440100:EBMI');
    const b = rngFor(7, 'selfeval:440100:EBMI');
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(rngFor(8, 'selfeval:440100:EBMI').next()).not.toBe(rngFor(7, 'selfeval:440100:EBMI').next());
    expect(planFor('small', 2025).flatMap((p) => p.items.map((i) => `${i.org}/${i.fund}`))).toEqual([
      '440100/EBMI',
      '440200/EBMI',
      '440300/EBMI',
      '440000/UI',
      '330100/EBMI',
      '330200/EBMI',
      '330300/EBMI',
      '330000/UI',
    ]);
  });
});
