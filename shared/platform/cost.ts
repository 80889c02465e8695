/**
 * The AWS charges of a workload from its counted operations and a dated price list (`shared/reference/data/prices-*.json`).
 * Pure: the counts come from `local.metrics()` (the embedded local default counts every call), the prices are data.
 * Free tiers are ignored and storage is left out (a cycle's documents and records are a few hundred MB), so the
 * figure is an upper bound of the request-driven charges.
 */
import { z } from 'zod';

export const PriceList = z.object({
  region: z.string(),
  currency: z.literal('USD'),
  asOf: z.string(),
  source: z.string(),
  prices: z.object({
    'lambda.requestsPerMillion': z.number(),
    'lambda.gbSecondArm64': z.number(),
    'lambda.memoryGb': z.number(),
    'stepFunctions.standardPerThousandTransitions': z.number(),
    'dynamodb.onDemandWriteUnitsPerMillion': z.number(),
    'dynamodb.onDemandReadUnitsPerMillion': z.number(),
    's3.putCopyPostListPerThousand': z.number(),
    's3.getAndOtherPerThousand': z.number(),
    'ses.perThousandEmails': z.number(),
    'apiGateway.httpApiPerMillion': z.number(),
    'cloudwatchLogs.ingestionPerGb': z.number(),
    'cloudwatchLogs.bytesPerInvocation': z.number(),
    'xray.tracesRecordedPerMillion': z.number(),
  }),
});
export type PriceList = z.infer<typeof PriceList>;

/** The operations a workload made, per service — the shape of `local.metrics()`. */
export interface OperationCounts {
  dynamodb: { requests: Record<string, number>; writeUnits: number; readUnits: number; scans: number };
  lambda: Record<string, { invocations: number; totalMs: number }>;
  stepFunctions: { executions: number; stateTransitions: number };
  s3: { requests: Record<string, number> };
  ses: { emails: number };
  api: { requests: number };
}

export interface CostLine {
  service: string;
  item: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface CostEstimate {
  region: string;
  pricesAsOf: string;
  lines: CostLine[];
  byService: Record<string, number>;
  total: number;
  /** the lines that cost most, largest first */
  drivers: CostLine[];
}

const S3_CLASS_A = new Set(['PutObject', 'PostObject', 'PostOnObject', 'CopyObject', 'ListObjects', 'PutBucket']);

export function estimateCost(counts: OperationCounts, list: PriceList): CostEstimate {
  const p = list.prices;
  const invocations = Object.values(counts.lambda).reduce((n, f) => n + f.invocations, 0);
  const ms = Object.values(counts.lambda).reduce((n, f) => n + f.totalMs, 0);
  const gbSeconds = (ms / 1000) * p['lambda.memoryGb'];
  const s3 = Object.entries(counts.s3.requests);
  const classA = s3.filter(([op]) => S3_CLASS_A.has(op)).reduce((n, [, c]) => n + c, 0);
  const classB = s3.filter(([op]) => !S3_CLASS_A.has(op)).reduce((n, [, c]) => n + c, 0);
  const traces = counts.api.requests + counts.stepFunctions.executions;
  const logGb = (invocations * p['cloudwatchLogs.bytesPerInvocation']) / 1024 ** 3;
  const lines: CostLine[] = [
    line('Lambda', 'requests', invocations, 'invocations', (invocations / 1e6) * p['lambda.requestsPerMillion']),
    line('Lambda', 'duration (arm64)', gbSeconds, 'GB-s', gbSeconds * p['lambda.gbSecondArm64']),
    line(
      'Step Functions',
      'state transitions (Standard)',
      counts.stepFunctions.stateTransitions,
      'transitions',
      (counts.stepFunctions.stateTransitions / 1000) * p['stepFunctions.standardPerThousandTransitions'],
    ),
    line(
      'DynamoDB',
      'write request units',
      counts.dynamodb.writeUnits,
      'WRU',
      (counts.dynamodb.writeUnits / 1e6) * p['dynamodb.onDemandWriteUnitsPerMillion'],
    ),
    line(
      'DynamoDB',
      'read request units',
      counts.dynamodb.readUnits,
      'RRU',
      (counts.dynamodb.readUnits / 1e6) * p['dynamodb.onDemandReadUnitsPerMillion'],
    ),
    line('S3', 'PUT/POST/LIST requests', classA, 'requests', (classA / 1000) * p['s3.putCopyPostListPerThousand']),
    line('S3', 'GET/HEAD requests', classB, 'requests', (classB / 1000) * p['s3.getAndOtherPerThousand']),
    line('SES', 'emails', counts.ses.emails, 'emails', (counts.ses.emails / 1000) * p['ses.perThousandEmails']),
    line(
      'API Gateway',
      'HTTP API requests',
      counts.api.requests,
      'requests',
      (counts.api.requests / 1e6) * p['apiGateway.httpApiPerMillion'],
    ),
    line(
      'CloudWatch Logs',
      'ingestion (estimated bytes/invocation)',
      logGb,
      'GB',
      logGb * p['cloudwatchLogs.ingestionPerGb'],
    ),
    line(
      'X-Ray',
      'traces (API requests + executions)',
      traces,
      'traces',
      (traces / 1e6) * p['xray.tracesRecordedPerMillion'],
    ),
  ];
  const byService: Record<string, number> = {};
  for (const l of lines) byService[l.service] = round((byService[l.service] ?? 0) + l.usd);
  const total = round(lines.reduce((n, l) => n + l.usd, 0));
  const drivers = [...lines].sort((a, b) => b.usd - a.usd).slice(0, 5);
  return { region: list.region, pricesAsOf: list.asOf, lines, byService, total, drivers };
}

const round = (usd: number) => Math.round(usd * 1e4) / 1e4;
const line = (service: string, item: string, quantity: number, unit: string, usd: number): CostLine => ({
  service,
  item,
  quantity: Math.round(quantity * 1000) / 1000,
  unit,
  usd: round(usd),
});
