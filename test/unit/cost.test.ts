import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { estimateCost, type OperationCounts, PriceList } from '#shared/platform/cost';

const prices = PriceList.parse(
  JSON.parse(
    readFileSync(new URL('../../shared/reference/data/prices-us-east-1-2025-01.json', import.meta.url), 'utf8'),
  ),
);

const counts: OperationCounts = {
  dynamodb: { requests: { GetItem: 10, TransactWriteItems: 5 }, writeUnits: 2_000_000, readUnits: 4_000_000, scans: 0 },
  lambda: { 'api-health': { invocations: 1_000_000, totalMs: 50_000_000 } },
  stepFunctions: { executions: 1000, stateTransitions: 400_000 },
  s3: { requests: { PostObject: 2000, GetObject: 10_000, HeadObject: 5000 } },
  ses: { emails: 30_000 },
  api: { requests: 1_000_000 },
};

describe('cost model (AWS list prices × counted operations)', () => {
  it('prices each service from the counts', () => {
    const c = estimateCost(counts, prices);
    const usd = (service: string, item: string) =>
      c.lines.find((l) => l.service === service && l.item.startsWith(item))?.usd;
    expect(usd('Lambda', 'requests')).toBeCloseTo(0.2, 4); // 1 M × $0.20/M
    expect(usd('Lambda', 'duration')).toBeCloseTo(50_000 * 0.5 * 0.0000133334, 4); // 50,000 s × 0.5 GB
    expect(usd('Step Functions', 'state')).toBeCloseTo(10, 4); // 400,000 × $0.025/1000
    expect(usd('DynamoDB', 'write')).toBeCloseTo(1.25, 4);
    expect(usd('DynamoDB', 'read')).toBeCloseTo(0.5, 4);
    expect(usd('S3', 'PUT')).toBeCloseTo(0.01, 4); // POST is a class-A request
    expect(usd('S3', 'GET')).toBeCloseTo(0.006, 4); // GET and HEAD
    expect(usd('SES', 'emails')).toBeCloseTo(3, 4);
    expect(usd('API Gateway', 'HTTP')).toBeCloseTo(1, 4);
    expect(c.byService.DynamoDB).toBeCloseTo(1.75, 4);
    expect(c.total).toBeCloseTo(
      c.lines.reduce((n, l) => n + l.usd, 0),
      3,
    );
  });

  it('names the largest cost drivers, largest first', () => {
    const c = estimateCost(counts, prices);
    expect(c.drivers[0]).toMatchObject({ service: 'Step Functions' });
    expect(c.drivers.map((d) => d.usd)).toEqual([...c.drivers.map((d) => d.usd)].sort((a, b) => b - a));
  });

  it('costs nothing for nothing', () => {
    const none: OperationCounts = {
      dynamodb: { requests: {}, writeUnits: 0, readUnits: 0, scans: 0 },
      lambda: {},
      stepFunctions: { executions: 0, stateTransitions: 0 },
      s3: { requests: {} },
      ses: { emails: 0 },
      api: { requests: 0 },
    };
    expect(estimateCost(none, prices).total).toBe(0);
  });
});
