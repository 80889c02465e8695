/**
 * Funds (险种) in scope of 财社〔2022〕65号 第三条. The list is reference data (`shared/data/funds.ts`),
 * so a fund later brought under budget management is added as a data row (R3.1).
 */
import { z } from 'zod';
import { notFound } from '#shared/platform/errors';
import { FUNDS, FUNDS_VERSION } from '#shared/reference/data/funds';

export const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type Bilingual = z.infer<typeof Bilingual>;

/**
 * A fund code: short upper-case ASCII, stable forever. Deliberately an open string rather than a closed enum,
 * because R3.1 asks that a new fund be data, not code. `StatutoryFundCode` names the seven of 第三条.
 */
export const FundCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,7}$/, { error: 'fund code: 2–8 upper-case ASCII letters or digits' })
  .meta({ id: 'FundCode', description: 'A fund (险种) code, e.g. EEPI' });
export type FundCode = z.infer<typeof FundCode>;

export const STATUTORY_FUND_CODES = ['EEPI', 'URPI', 'PSPI', 'EBMI', 'URMI', 'WII', 'UI'] as const;
export const StatutoryFundCode = z.enum(STATUTORY_FUND_CODES);
export type StatutoryFundCode = z.infer<typeof StatutoryFundCode>;

/** 统筹层次: the level at which a fund is pooled. It moves upward over the years (DESIGN §4). */
export const PoolingLevel = z.enum(['national', 'province', 'prefecture', 'county']);
export type PoolingLevel = z.infer<typeof PoolingLevel>;

/** Which ministry line administers the fund: 人社 (HRSS) or 医保 (medical security). */
export const FundLine = z.enum(['hrss', 'medsec']);
export type FundLine = z.infer<typeof FundLine>;

export const Fund = z.object({
  code: FundCode,
  order: z.int().positive(),
  name: Bilingual,
  shortName: Bilingual,
  line: FundLine,
  /** Where target setting, monitoring and self-evaluation happen: the pooling region, or the province (第六条). */
  performanceTier: z.enum(['province', 'region']),
  defaultPooling: PoolingLevel,
  inScopeFrom: z.int().min(2023),
  inScopeUntil: z.int().min(2023).optional(),
});
export type Fund = z.infer<typeof Fund>;
export type FundInput = z.input<typeof Fund>;

export const FundList = z
  .array(Fund)
  .min(1)
  .superRefine((funds, ctx) => {
    const seen = new Set<string>();
    for (const f of funds) {
      if (seen.has(f.code)) ctx.addIssue({ code: 'custom', message: `duplicate fund code ${f.code}` });
      seen.add(f.code);
    }
  });

const funds: readonly Fund[] = Object.freeze(FundList.parse(FUNDS).sort((a, b) => a.order - b.order));
const byCode = new Map(funds.map((f) => [f.code, f]));

export const fundsVersion = (): string => FUNDS_VERSION;

/** Funds in scope, in the order of 第三条; with `year`, only those in scope that budget year. */
export function listFunds(opts: { year?: number } = {}): Fund[] {
  const { year } = opts;
  return funds.filter(
    (f) => year === undefined || (f.inScopeFrom <= year && (f.inScopeUntil === undefined || year <= f.inScopeUntil)),
  );
}

export const findFund = (code: string): Fund | undefined => byCode.get(code);

export function getFund(code: string): Fund {
  const f = byCode.get(code);
  if (!f) throw notFound({ zh: `未知险种：${code}`, en: `Unknown fund: ${code}` }, { fund: code });
  return f;
}

export const isFundCode = (code: string): boolean => byCode.has(code);

/** A fund code that names a fund in the reference data (for request validation). */
export const KnownFundCode = FundCode.refine(isFundCode, { error: 'unknown fund code' });

/** The tier where the fund's performance work sits (第六条: EEPI at province level). */
export const performanceTierOf = (code: string): Fund['performanceTier'] => getFund(code).performanceTier;
