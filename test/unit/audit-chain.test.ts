import { describe, expect, it } from 'vitest';
import { canonical, entryHash, GENESIS, verifyChain } from '#shared/platform/audit';

/** A chain of `n` entries as `transactWrite` writes them, and its head. */
function chainOf(n: number) {
  const entries: Record<string, unknown>[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const e: Record<string, unknown> = {
      pk: 'AUDIT#X#Y',
      sk: `ENTRY#${seq}`,
      seq,
      prev,
      action: `a${seq}`,
      after: { v: seq },
    };
    e.hash = entryHash(e);
    prev = e.hash as string;
    entries.push(e);
  }
  return { entries, head: { seq: n, hash: prev } };
}

describe('the audit chain (per entity)', () => {
  it('hashes canonical JSON: key order and undefined members do not change the hash', () => {
    expect(canonical({ b: 1, a: { d: [1, 'x'], c: undefined } })).toBe('{"a":{"d":[1,"x"]},"b":1}');
    expect(entryHash({ a: 1, b: 2 })).toBe(entryHash({ b: 2, a: 1, hash: 'ignored' }));
  });

  it('verifies an intact chain', () => {
    const { entries, head } = chainOf(3);
    expect(verifyChain(entries, head)).toBeUndefined();
  });

  it('finds an edited entry (hash), a removed middle entry (seq), a rewritten link (prev) and a removed last entry (head)', () => {
    const edited = chainOf(3);
    (edited.entries[1] as { after: unknown }).after = { v: 99 };
    expect(verifyChain(edited.entries, edited.head)).toEqual({ at: 2, reason: 'hash' });

    const gap = chainOf(3);
    gap.entries.splice(1, 1);
    expect(verifyChain(gap.entries, gap.head)).toEqual({ at: 2, reason: 'seq' });

    const relinked = chainOf(3);
    const second = relinked.entries[1] as Record<string, unknown>;
    second.prev = GENESIS;
    second.hash = entryHash(second); // a forger who recomputes the entry's own hash still breaks the link
    expect(verifyChain(relinked.entries, relinked.head)).toEqual({ at: 2, reason: 'prev' });

    const truncated = chainOf(3);
    truncated.entries.pop();
    expect(verifyChain(truncated.entries, truncated.head)).toEqual({ at: 'head', reason: 'head' });
    expect(verifyChain(chainOf(2).entries, undefined)).toEqual({ at: 'head', reason: 'head' });
  });
});
