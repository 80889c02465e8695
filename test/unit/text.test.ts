import { describe, expect, it } from 'vitest';
import { text } from '#shared/reference/text';

describe('free text (finding 6)', () => {
  const note = text({ min: 1, max: 20 });
  const optional = text({ max: 20 });

  it('stores text normalised: NFC and trimmed', () => {
    // e + combining acute accent (NFD) becomes é (NFC); surrounding spaces go
    expect(note.parse('  cafe\u0301 说明  ')).toBe('café 说明');
    expect(note.parse('第一行\n第二行\t完')).toBe('第一行\n第二行\t完');
  });

  it.each([
    ['a right-to-left override', '付款\u202E000,01 元'],
    ['a bidi isolate', 'a\u2067b'],
    ['a NUL', 'a\u0000b'],
    ['an ESC sequence', '\u001b[31m红色'],
    ['a C1 control', 'a\u0085b'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
    ['only whitespace', ' \t\n\u3000 '],
    ['only zero-width characters', '\u200B\uFEFF'],
    ['more characters than allowed', '字'.repeat(21)],
  ])('refuses %s, with a bilingual message', (_what, input) => {
    const result = note.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/);
  });

  it('counts characters, not UTF-16 units, against the limit', () => {
    expect(note.parse('𠀀'.repeat(20))).toHaveLength(40);
  });

  it('lets optional text be empty but not invisible', () => {
    expect(optional.parse('   ')).toBe('');
    expect(optional.safeParse('\u200B').success).toBe(false);
  });
});
