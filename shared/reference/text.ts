import { z } from 'zod';

/**
 * Free text that people write and others read (comments, causes, measures, notes, goals): stored normalised (NFC,
 * trimmed) and refused, with a bilingual message, when it holds what no reader should be handed — control characters
 * (bar tab and line breaks), bidirectional overrides and isolates (which can make a text read differently from what
 * it says), lone surrogates (not text at all), or nothing visible.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const INVISIBLE = /^[\s\u200B-\u200D\u2060\uFEFF\u3000]*$/u;

export function text(options: { max: number; min?: number }) {
  const min = options.min ?? 0;
  return z
    .string()
    .max(options.max * 2, { error: `文字过长，上限 ${options.max} 字 / too long (at most ${options.max} characters)` })
    .refine((s) => !LONE_SURROGATE.test(s), {
      error: '文字含无效字符 / the text holds invalid characters',
      abort: true,
    })
    .transform((s) => s.normalize('NFC').trim())
    .refine((s) => !CONTROL.test(s), { error: '文字含控制字符 / the text holds control characters' })
    .refine((s) => !BIDI.test(s), { error: '文字含双向控制字符 / the text holds bidirectional controls' })
    .refine((s) => s.length === 0 || !INVISIBLE.test(s), {
      error: '文字无可见内容 / the text has nothing visible',
    })
    .refine((s) => s.length >= min, {
      error: min === 1 ? '不能为空 / must not be empty' : `至少 ${min} 字 / at least ${min} characters`,
    })
    .refine((s) => [...s].length <= options.max, {
      error: `文字过长，上限 ${options.max} 字 / too long (at most ${options.max} characters)`,
    });
}
