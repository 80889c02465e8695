/**
 * What a Chinese reader may meet in a zh-CN text (issue 16, point 5): no English words, no raw codes in a sentence,
 * no ISO timestamps, no space between Chinese and digits. Used by `test/unit/language.test.ts` (the message table
 * and every mail template) and `test/e2e/language.test.ts` (every page in the browser).
 *
 * The conventions:
 * - A code may appear only as a small reference after the sentence, in full-width brackets: `（代码：VALIDATION_FAILED）`.
 * - Chinese and digits are written together, as in official documents: `广东省2026年度`, `第1版`, `得分85`.
 */

/**
 * The Latin words a Chinese text may hold, each for a reason. Kept small and explicit: add a word only with its reason.
 */
export const ALLOWED_WORDS: Record<string, string> = {
  // fund codes (shared/reference/data: 第三条's funds), shown as a small reference beside the fund's name
  EEPI: 'fund code',
  URPI: 'fund code',
  PSPI: 'fund code',
  EBMI: 'fund code',
  URMI: 'fund code',
  WII: 'fund code',
  UI: 'fund code',
  // file formats people choose between (上传 PDF 或 Word)
  PDF: 'file format',
  Word: 'file format (Microsoft Word)',
  Excel: 'file format (Microsoft Excel)',
  xlsx: 'file extension',
  docx: 'file extension',
  pdf: 'file extension',
  // sizes of files
  KB: 'unit',
  MB: 'unit',
};

/** Patterns removed before looking for words: references, links, addresses, identifiers people copy. */
const REFERENCES: [RegExp, string][] = [
  // the one convention for a code: a small reference after the sentence
  [/（(?:错误)?代码：[^）]*）/g, 'code reference'],
  [/https?:\/\/\S+/g, 'link'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, 'mail address'],
  // a document's fingerprint, shown as a reference: SHA-256 and its hex digits
  [/SHA-256[：:]?\s*[0-9a-f…]*/g, 'document fingerprint'],
  // a person's account id as the directory shows it (finance.440000, hrss-agency.440000.2)
  [/\b[a-z][a-z-]*\.\d{6}(?:\.\d+)?\b/g, 'account id'],
  // file names people uploaded
  [/\S+\.(?:pdf|docx|xlsx)\b/gi, 'file name'],
];

/** Latin-only words in a zh-CN text that are not allowed (each once, in order). */
export function englishWords(text: string): string[] {
  let rest = text;
  for (const [re] of REFERENCES) rest = rest.replace(re, ' ');
  const found = rest.match(/[A-Za-z][A-Za-z_-]*/g) ?? [];
  return [...new Set(found.filter((w) => !(w in ALLOWED_WORDS)))];
}

/** ISO timestamps (`2026-12-21T15:59:59.999Z`): a reader must see `2026年12月31日 23:59`. */
export function isoTimestamps(text: string): string[] {
  return text.match(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/g) ?? [];
}

/** A space between a Chinese character and a digit, either way round (`广东省2026 年度`). */
export function spacedDigits(text: string): string[] {
  // the one spaced form allowed: a date and its time, `2026年12月31日 23:59` (shared/platform/dates.ts)
  const dated = text.replace(/日[ \u00a0]\d{1,2}:\d{2}/g, '日T');
  return dated.match(/[\u4e00-\u9fff][ \u00a0]+\d|\d[ \u00a0]+[\u4e00-\u9fff]/g) ?? [];
}

/** Every problem a Chinese reader would meet in `text`, as readable lines (empty: none). */
export function languageProblems(text: string, opts: { spacing?: boolean } = {}): string[] {
  return [
    ...englishWords(text).map((w) => `English word “${w}”`),
    ...isoTimestamps(text).map((w) => `ISO timestamp “${w}”`),
    ...(opts.spacing === false ? [] : spacedDigits(text).map((w) => `space between Chinese and a digit “${w}”`)),
  ];
}
