/**
 * The Step Functions wire protocol (AWS JSON 1.0) over HTTP on 127.0.0.1, in front of the engine.
 * Requests are `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>`; errors are
 * `{"__type", "message"}` with status 400, as the SDK expects. Signatures are not verified.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Engine } from './engine.ts';
import { SfnError } from './errors.ts';
import type { HistoryEvent } from './store.ts';

type Body = Record<string, unknown>;
type Handler = (engine: Engine, body: Body) => unknown;

/** AWS JSON timestamps are epoch seconds. */
const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function str(body: Body, key: string, required: true): string;
function str(body: Body, key: string, required?: false): string | undefined;
function str(body: Body, key: string, required = false): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required)
      throw new SfnError(
        'ValidationException',
        `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  if (typeof v !== 'string') throw new SfnError('ValidationException', `'${key}' must be a string`);
  return v;
}

function page<T>(items: T[], body: Body, defaultSize: number): { items: T[]; nextToken?: string } {
  const max =
    typeof body.maxResults === 'number' && body.maxResults > 0 ? Math.min(body.maxResults, 1000) : defaultSize;
  let start = 0;
  const token = str(body, 'nextToken');
  if (token) {
    start = Number.parseInt(Buffer.from(token, 'base64url').toString(), 10);
    if (!Number.isInteger(start) || start < 0) throw new SfnError('InvalidToken', 'Invalid Token: nextToken');
  }
  const slice = items.slice(start, start + max);
  const next = start + max < items.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return next ? { items: slice, nextToken: next } : { items: slice };
}

function taskToken(body: Body): string {
  const t = str(body, 'taskToken', true);
  if (t.length < 1 || t.length > 2048) {
    throw new SfnError(
      'ValidationException',
      "1 validation error detected: Value at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  }
  return t;
}

function describeExecution(engine: Engine, arn: string) {
  const e = engine.execution(arn);
  return {
    executionArn: e.meta.arn,
    stateMachineArn: e.meta.machineArn,
    name: e.meta.name,
    status: e.status,
    startDate: seconds(e.meta.startDate),
    stopDate: seconds(e.stopDate),
    input: e.meta.input,
    inputDetails: { included: true },
    ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
    error: e.error,
    cause: e.cause,
    redriveCount: e.redriveCount,
    redriveDate: seconds(e.redriveDate),
  };
}

const OPERATIONS: Record<string, Handler> = {
  CreateStateMachine(engine, b) {
    const m = engine.createStateMachine({
      name: str(b, 'name', true),
      definition: str(b, 'definition', true),
      roleArn: str(b, 'roleArn', true),
      type: str(b, 'type'),
    });
    return { stateMachineArn: m.arn, creationDate: seconds(m.creationDate) };
  },
  UpdateStateMachine(engine, b) {
    const m = engine.updateStateMachine({
      stateMachineArn: str(b, 'stateMachineArn', true),
      definition: str(b, 'definition'),
      roleArn: str(b, 'roleArn'),
    });
    return { updateDate: seconds(m.updateDate) };
  },
  DeleteStateMachine(engine, b) {
    engine.deleteStateMachine(str(b, 'stateMachineArn', true));
    return {};
  },
  DescribeStateMachine(engine, b) {
    const m = engine.machine(str(b, 'stateMachineArn', true));
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definition,
      roleArn: m.roleArn,
      type: m.type,
      creationDate: seconds(m.creationDate),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
    };
  },
  ListStateMachines(engine, b) {
    const all = [...engine.machines.values()].sort((x, y) => x.name.localeCompare(y.name));
    const { items, nextToken } = page(all, b, 100);
    return {
      stateMachines: items.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: seconds(m.creationDate),
      })),
      nextToken,
    };
  },
  StartExecution(engine, b) {
    const e = engine.startExecution({
      stateMachineArn: str(b, 'stateMachineArn', true),
      name: str(b, 'name'),
      input: str(b, 'input'),
    });
    return { executionArn: e.meta.arn, startDate: seconds(e.meta.startDate) };
  },
  DescribeExecution(engine, b) {
    return describeExecution(engine, str(b, 'executionArn', true));
  },
  StopExecution(engine, b) {
    const e = engine.stopExecution(str(b, 'executionArn', true), str(b, 'error'), str(b, 'cause'));
    return { stopDate: seconds(e.stopDate) };
  },
  ListExecutions(engine, b) {
    const machineArn = str(b, 'stateMachineArn', true);
    engine.machine(machineArn);
    const status = str(b, 'statusFilter');
    const all = [...engine.executions.values()]
      .filter((e) => e.meta.machineArn === machineArn && (!status || e.status === status))
      .sort((x, y) => y.meta.startDate - x.meta.startDate || y.meta.name.localeCompare(x.meta.name));
    const { items, nextToken } = page(all, b, 100);
    return {
      executions: items.map((e) => ({
        executionArn: e.meta.arn,
        stateMachineArn: e.meta.machineArn,
        name: e.meta.name,
        status: e.status,
        startDate: seconds(e.meta.startDate),
        stopDate: seconds(e.stopDate),
        redriveCount: e.redriveCount,
        redriveDate: seconds(e.redriveDate),
      })),
      nextToken,
    };
  },
  GetExecutionHistory(engine, b) {
    const e = engine.execution(str(b, 'executionArn', true));
    const events = b.reverseOrder === true ? [...e.history].reverse() : e.history;
    const withData = b.includeExecutionData !== false;
    const { items, nextToken } = page(events, b, 100);
    return { events: items.map((ev) => wireEvent(ev, withData)), nextToken };
  },
  SendTaskSuccess(engine, b) {
    engine.sendTaskSuccess(taskToken(b), str(b, 'output', true));
    return {};
  },
  SendTaskFailure(engine, b) {
    engine.sendTaskFailure(taskToken(b), str(b, 'error'), str(b, 'cause'));
    return {};
  },
  SendTaskHeartbeat(engine, b) {
    engine.sendTaskHeartbeat(taskToken(b));
    return {};
  },
};

const DATA_FIELDS = new Set(['input', 'output', 'parameters', 'cause']);

function wireEvent(ev: HistoryEvent, withData: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { ...ev, timestamp: seconds(ev.timestamp) };
  if (!withData) {
    for (const [k, v] of Object.entries(out)) {
      if (k.endsWith('EventDetails') && v && typeof v === 'object') {
        out[k] = Object.fromEntries(Object.entries(v).filter(([f]) => !DATA_FIELDS.has(f)));
      }
    }
  }
  return out;
}

export function createSfnServer(engine: Engine): Server {
  return createServer((req, res) => {
    void handle(engine, req, res);
  });
}

async function handle(engine: Engine, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const send = (status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(text),
      'x-amzn-requestid': requestId,
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(text);
  };
  try {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== 'POST') throw new SfnError('UnknownOperationException', 'Only POST / is served');
    const target = String(req.headers['x-amz-target'] ?? '');
    const op = target.startsWith('AWSStepFunctions.') ? target.slice('AWSStepFunctions.'.length) : '';
    const handler = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op] : undefined;
    if (!handler) throw new SfnError('UnknownOperationException', `Unknown or unsupported operation: '${target}'`);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Body;
    try {
      body = raw ? (JSON.parse(raw) as Body) : {};
    } catch {
      throw new SfnError('SerializationException', 'Request body is not valid JSON');
    }
    engine.redrivePending();
    send(200, handler(engine, body));
  } catch (e) {
    if (e instanceof SfnError) {
      send(e.status, { __type: e.type, message: e.message }, e.type);
    } else {
      send(500, { __type: 'InternalFailure', message: (e as Error).message ?? String(e) }, 'InternalFailure');
    }
  }
}
