import { z } from 'zod';

/**
 * The parameter schemas every route shares, in one place: a budget year in a path or query (a string, coerced), a
 * fund code, an organisation code. The handlers compose them; the OpenAPI document reads them.
 */
export { FundCode } from '#shared/reference/funds';
export { OrgCode } from '#shared/reference/orgs';

/**
 * A budget year, as a path or query parameter (`2025`): four digits and nothing else — no coercion, so `0x7EA`,
 * ` 2026` or `2026.0` are refused, not read as 2026.
 */
export const Year = z
  .string()
  .regex(/^\d{4}$/, { error: '年度须为四位数字 / the year must be four digits' })
  .transform(Number)
  .pipe(z.int().min(2023).max(2100))
  .meta({ id: 'Year', description: 'A budget year' });

/** `{year}` alone in the path. */
export const YearPath = z.object({ year: Year });

/** `?format=`: the overviews answer JSON, or the same table as an .xlsx download. */
export const DownloadFormat = z
  .enum(['json', 'xlsx'], { error: '格式须为 json 或 xlsx / format must be json or xlsx' })
  .meta({ id: 'DownloadFormat', description: 'json (default) or xlsx' });
