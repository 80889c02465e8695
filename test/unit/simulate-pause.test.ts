import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pausePoint } from '../../cli/simulate.ts';

describe('sifpm simulate --pause-file', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('holds the simulated users while the pause file exists and lets them go once it is removed', async () => {
    vi.useFakeTimers();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-pause-'));
    const file = path.join(dir, 'PAUSE');
    writeFileSync(file, '');
    let passed = false;
    const waiting = pausePoint(file).then(() => {
      passed = true;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(passed).toBe(false);
    rmSync(file);
    await vi.advanceTimersByTimeAsync(1_000);
    await waiting;
    expect(passed).toBe(true);
    rmSync(dir, { recursive: true });
  });

  it('does not wait without a pause file', async () => {
    await expect(pausePoint(undefined)).resolves.toBeUndefined();
  });
});
