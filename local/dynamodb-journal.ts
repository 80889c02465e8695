/**
 * The intent journal that makes the local front's transactions crash-safe (dynalite applies a transaction as several
 * writes). Before the first write of a transaction, the front records, durably, what every item it will touch looked
 * like before (its before-image, or that it was absent): one file per transaction, written to a temporary name,
 * fsync'd, renamed into place and the directory fsync'd. When the last write is applied the file is removed (done).
 *
 * On start, a file still there is a transaction cut short (a SIGKILL, a crash) at some point of its writes: every
 * item it names is put back to its before-image — idempotent, so a crash during recovery is recovered again — and
 * the file removed. The client never had an answer for it. So after any crash a transaction is all there (its file
 * was removed after the last write) or not at all. A temporary file left over is a transaction that wrote nothing.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { flush, writeDurably } from '#local/durable';

type Item = Record<string, AttributeValue>;

/** One item a transaction writes: its table and key, and what it was before (absent: it did not exist). */
export interface BeforeImage {
  TableName: string;
  Key: Item;
  before?: Item;
}

export interface TransactionJournal {
  /** Durably records a transaction's before-images; returns once they are on disk. */
  begin(id: string, items: BeforeImage[]): void;
  /** The transaction's writes are all applied. */
  done(id: string): void;
  /** Transactions begun and not done (after a crash), oldest first. */
  unfinished(): { id: string; items: BeforeImage[] }[];
}

export function openJournal(dir: string): TransactionJournal {
  mkdirSync(dir, { recursive: true });
  const file = (id: string) => path.join(dir, `${id}.json`);
  return {
    begin(id, items) {
      writeDurably(file(id), JSON.stringify({ id, items }));
    },
    done(id) {
      rmSync(file(id), { force: true });
      flush(dir);
    },
    unfinished() {
      const names = readdirSync(dir);
      for (const n of names.filter((n) => n.endsWith('.tmp'))) rmSync(path.join(dir, n), { force: true });
      return names
        .filter((n) => n.endsWith('.json'))
        .sort()
        .map((n) => JSON.parse(readFileSync(path.join(dir, n), 'utf8')) as { id: string; items: BeforeImage[] });
    },
  };
}
