/**
 * Persistence of the local Step Functions endpoint, under `${dataDir}/stepfunctions/`:
 *
 * - `machines.json`: every state machine, rewritten whole on change (temp file, fsync, rename).
 * - `executions/<sha256(executionArn)>.jsonl`: one append-only journal per execution. The first
 *   line describes the execution (input, definition as started); every later line is a history
 *   event or a task-token fact (issued / ended, by hash only). Status, output and pending tokens
 *   are derived by replaying the lines.
 *
 * A line is written with one `write(2)` before the endpoint moves on, so a SIGKILL at any moment
 * leaves at worst a torn last line, which replay ignores. (Power loss is not covered: no fsync per
 * line; this is a development store.)
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeDurably } from '#local/durable';

export interface MachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: string;
  creationDate: number;
  updateDate?: number;
}

export interface ExecutionMeta {
  arn: string;
  machineArn: string;
  machineName: string;
  name: string;
  input: string;
  startDate: number;
  definition: string;
  roleArn: string;
}

/** A history event in the shape of the SFN API, except `timestamp` in ms. */
export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

export type JournalEntry =
  | { k: 'start'; meta: ExecutionMeta }
  | { k: 'ev'; e: HistoryEvent }
  | { k: 'token'; h: string; state: string }
  | { k: 'tokenEnd'; h: string; why: TokenEndReason };

export type TokenEndReason = 'succeeded' | 'failed' | 'timedOut' | 'executionEnded' | 'redriven';

export interface Store {
  loadMachines(): MachineRecord[];
  saveMachines(machines: MachineRecord[]): void;
  loadExecutions(): JournalEntry[][];
  append(executionArn: string, entry: JournalEntry): void;
  /** Closes the journal file of a finished execution (it is reopened if appended to again). */
  release(executionArn: string): void;
  close(): void;
}

export function memoryStore(): Store {
  return {
    loadMachines: () => [],
    saveMachines: () => {},
    loadExecutions: () => [],
    append: () => {},
    release: () => {},
    close: () => {},
  };
}

export function fileStore(dataDir: string): Store {
  const root = join(dataDir, 'stepfunctions');
  const execDir = join(root, 'executions');
  mkdirSync(execDir, { recursive: true });
  const machinesFile = join(root, 'machines.json');
  const fds = new Map<string, number>();
  const fileOf = (arn: string) => join(execDir, `${createHash('sha256').update(arn).digest('hex').slice(0, 40)}.jsonl`);

  return {
    loadMachines() {
      if (!existsSync(machinesFile)) return [];
      return (JSON.parse(readFileSync(machinesFile, 'utf8')) as { machines: MachineRecord[] }).machines;
    },
    saveMachines(machines) {
      writeDurably(machinesFile, JSON.stringify({ machines }, null, 1));
    },
    loadExecutions() {
      const out: JournalEntry[][] = [];
      for (const f of readdirSync(execDir)) {
        if (!f.endsWith('.jsonl')) continue;
        const entries: JournalEntry[] = [];
        for (const line of readFileSync(join(execDir, f), 'utf8').split('\n')) {
          if (!line) continue;
          try {
            entries.push(JSON.parse(line) as JournalEntry);
          } catch {
            // A line torn by a kill mid-write; every entry starts on a fresh line, so the rest is intact.
          }
        }
        if (entries[0]?.k === 'start') out.push(entries);
      }
      return out;
    },
    append(arn, entry) {
      let fd = fds.get(arn);
      if (fd === undefined) {
        fd = openSync(fileOf(arn), 'a');
        fds.set(arn, fd);
      }
      // A torn line (kill mid-write) must not glue onto the next one: start with a newline.
      writeSync(fd, `\n${JSON.stringify(entry)}`);
    },
    release(arn) {
      const fd = fds.get(arn);
      if (fd !== undefined) closeSync(fd);
      fds.delete(arn);
    },
    close() {
      for (const fd of fds.values()) closeSync(fd);
      fds.clear();
    },
  };
}
