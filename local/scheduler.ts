/**
 * The local stand-in for EventBridge Scheduler (which has no local emulator): the schedules of
 * `functions/manifest.ts` (`SCHEDULES`), each starting its state machine through the real Step Functions API of the
 * local endpoint with `{ "scheduledTime": <occurrence> }`, as Scheduler's Step Functions target does.
 *
 * It follows the injected clock, like the SFN timers: `check()` starts each schedule's latest occurrence at or before
 * `clock()` if it is not the one last fired — so a simulation that moves the clock by a month fires one catch-up tick,
 * not thirty (the ticks are written to catch up: they open every period that has come, not only today's). A clock set
 * backwards counts as a new occurrence. An unref'd real timer is kept armed for the next occurrence, so with a clock
 * that moves by itself (`npm start`) nobody has to call `check()`. Supported expressions: `cron(M H * * ? *)` (daily)
 * in `Asia/Shanghai` or `UTC`; anything else is refused at start. The last occurrence fired persists under the data
 * folder, so a restart does not fire it again.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ScheduleSpec } from '#functions/manifest';

const OFFSETS: Record<string, number> = { 'Asia/Shanghai': 8 * 3_600_000, UTC: 0 };
const DAY = 86_400_000;
const MAX_REAL_DELAY = 2 ** 31 - 1;

export interface LocalSchedulerOptions {
  schedules: Record<string, ScheduleSpec>;
  clock: () => number;
  /** the local Step Functions endpoint */
  endpoint: string;
  region: string;
  /** `arn:…:stateMachine:sifpm-` */
  machinePrefix: string;
  dataDir?: string;
}

export interface LocalScheduler {
  /** Start every schedule whose latest due occurrence has not been fired; resolves with the executions started. */
  check(): Promise<string[]>;
  close(): void;
}

interface Parsed {
  id: string;
  spec: ScheduleSpec;
  minute: number;
  hour: number;
  offset: number;
}

export function parseSchedule(id: string, spec: ScheduleSpec): Parsed {
  const m = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/.exec(spec.expression);
  const offset = OFFSETS[spec.timezone];
  if (!m || offset === undefined) {
    throw new Error(
      `schedule ${id}: the local scheduler runs only daily cron(M H * * ? *) in ${Object.keys(OFFSETS).join('/')}, not ${spec.expression} ${spec.timezone}`,
    );
  }
  return { id, spec, minute: Number(m[1]), hour: Number(m[2]), offset };
}

/** The latest occurrence of a daily schedule at or before `at` (epoch ms). */
export function latestOccurrence(s: Pick<Parsed, 'minute' | 'hour' | 'offset'>, at: number): number {
  const local = new Date(at + s.offset);
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), s.hour, s.minute) - s.offset;
  return today <= at ? today : today - DAY;
}

export function startLocalScheduler(opts: LocalSchedulerOptions): LocalScheduler {
  const parsed = Object.entries(opts.schedules).map(([id, spec]) => parseSchedule(id, spec));
  const file = opts.dataDir ? path.join(opts.dataDir, 'scheduler.json') : undefined;
  const fired: Record<string, number> = {};
  if (file) {
    try {
      Object.assign(fired, JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // first start
    }
  }
  // Like Scheduler, a new schedule's first occurrence is the next one, not one in the past.
  for (const s of parsed) fired[s.id] ??= latestOccurrence(s, opts.clock());
  const sfn = new SFNClient({
    endpoint: opts.endpoint,
    region: opts.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let running: Promise<string[]> = Promise.resolve([]);

  const save = () => {
    if (!file) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(fired));
    renameSync(`${file}.tmp`, file);
  };

  const arm = () => {
    if (timer) clearTimeout(timer);
    if (closed || parsed.length === 0) return;
    const now = opts.clock();
    const next = Math.min(...parsed.map((s) => latestOccurrence(s, now) + DAY));
    timer = setTimeout(() => void scheduler.check().catch(() => undefined), Math.min(MAX_REAL_DELAY, next - now + 1));
    timer.unref();
  };

  const fire = async (): Promise<string[]> => {
    const started: string[] = [];
    for (const s of parsed) {
      const occurrence = latestOccurrence(s, opts.clock());
      if (occurrence === fired[s.id]) continue;
      fired[s.id] = occurrence;
      save();
      const res = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: `${opts.machinePrefix}${s.spec.machine}`,
          input: JSON.stringify({ scheduledTime: new Date(occurrence).toISOString() }),
        }),
      );
      if (res.executionArn) started.push(res.executionArn);
    }
    arm();
    return started;
  };

  const scheduler: LocalScheduler = {
    check() {
      // one check at a time, so two callers never fire the same occurrence twice
      running = running.then(fire, fire);
      return running;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      sfn.destroy();
    },
  };
  arm();
  return scheduler;
}
