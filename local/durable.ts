import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The local default's one way of writing a file that must be there whole or not at all across a crash: a temporary
 * file beside it, flushed, renamed over the name, and the folder flushed. A left-over temporary file
 * (`<name>.<pid>.tmp`) is a write that never happened. Used by the DynamoDB front's journal, the Step Functions
 * store and the S3 front's notification outbox.
 */
export function writeDurably(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  flush(tmp);
  renameSync(tmp, file);
  flush(path.dirname(file));
}

/** fsync a file or a folder (a folder: so that a rename or a removal in it is durable). */
export function flush(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
