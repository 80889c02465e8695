/**
 * The indicator catalogue (绩效指标体系, 第九条, R9.1, R9.2, R4.3, R24.1): one place for every indicator, its
 * formula over named inputs, its direction and weight, and the funds it applies to.
 *
 * A catalogue is versioned per cycle. Each fund's applicable indicators weigh exactly 100 points; a catalogue that
 * does not is refused. A province adds indicators and re-weights within the bounds the national catalogue sets.
 */
import Decimal from 'decimal.js';
import { z } from 'zod';
import { internal, notFound, unprocessable } from '#shared/platform/errors';
import { NATIONAL_CATALOGUE } from '#shared/reference/data/indicators';
import { Bilingual, FundCode, findFund, getFund, listFunds } from '#shared/reference/funds';
import { OrgCode } from '#shared/reference/orgs';
import { DecimalString, Grade, Points, ScoringRule } from '#shared/reference/scoring';

export { DecimalString, Points } from '#shared/reference/scoring';

/** 决策 / 过程 / 产出 / 效益 (第九条). */
/** A catalogue formula that does not parse: the reference data is broken (500). */
const badFormula = (en: string, formula: string) =>
  internal('BAD_FORMULA', { zh: `指标公式无法解析：${formula}`, en }, { formula });

export const Category = z.enum(['decision', 'process', 'output', 'outcome']);
export type Category = z.infer<typeof Category>;

export const CATEGORY_LABELS: Record<Category, Bilingual> = {
  decision: { zh: '决策', en: 'Decision' },
  process: { zh: '过程', en: 'Process' },
  output: { zh: '产出', en: 'Output' },
  outcome: { zh: '效益', en: 'Outcome' },
};

/** Sub-dimensions of each category, in the words of 第九条 and 第十二条. */
export const SUB_DIMENSIONS = {
  decision: { 'policy-making': '政策制定', 'policy-adjustment': '调整完善', 'target-setting': '目标设置' },
  process: {
    'policy-execution': '政策执行',
    'budget-management': '预算管理',
    'risk-control': '风险防控',
    'financial-management': '财务管理与核算',
  },
  output: { quantity: '数量', quality: '质量', timeliness: '时效', cost: '成本' },
  outcome: { economic: '经济效益', social: '社会效益', sustainability: '可持续发展', satisfaction: '满意度' },
} as const satisfies Record<Category, Record<string, string>>;
export const SubDimension = z.enum(
  Object.values(SUB_DIMENSIONS).flatMap((d) => Object.keys(d)) as [string, ...string[]],
);
export type SubDimension = z.infer<typeof SubDimension>;

/** Which way is better: higher, lower, inside a range, or exactly equal to the target. */
export const Direction = z.enum(['higher-better', 'lower-better', 'range', 'equal']);
export type Direction = z.infer<typeof Direction>;

export const IndicatorId = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'indicator id: lower-case words joined by hyphens' });

export const FormulaInput = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  label: Bilingual,
  unit: z.string().min(1),
});
export type FormulaInput = z.infer<typeof FormulaInput>;

/** A target (目标值): a value, a range (for `range`) or a grade (qualitative). */
export const TargetValue = z.union([
  z.object({ value: DecimalString }),
  z.object({ min: DecimalString, max: DecimalString }),
  z.object({ grade: Grade }),
]);
export type TargetValue = z.infer<typeof TargetValue>;

export const Indicator = z
  .object({
    id: IndicatorId,
    name: Bilingual,
    definition: Bilingual,
    category: Category,
    subDimension: SubDimension,
    nature: z.enum(['quantitative', 'qualitative']),
    /** Arithmetic over the named inputs (+ − × ÷ as `+ - * /`, parentheses, decimal literals). */
    formula: z.string().min(1).optional(),
    inputs: z.array(FormulaInput).default([]),
    unit: z.string().min(1),
    dataSource: Bilingual,
    direction: Direction,
    /** Decimal places the indicator value is kept to (ROUND_HALF_UP). */
    precision: z.int().min(0).max(6),
    /** Whether values may be negative (growth rates, differences, balance rates); otherwise a negative is refused. */
    signed: z.boolean().default(false),
    /** Points in a fund's 100; `weights` overrides it per fund. */
    weight: Points,
    weights: z.record(FundCode, Points).optional(),
    /** Funds it applies to; `'all'` means every fund in the catalogue's year. */
    funds: z.union([z.literal('all'), z.array(FundCode).min(1)]),
    origin: z.enum(['national', 'provincial']),
    /** For a provincial addition: the province that added it (第二十四条). */
    province: OrgCode.optional(),
    defaultTarget: TargetValue.optional(),
    scoring: ScoringRule.optional(),
    /** Focus points of 第十二条 / 第十六条 the indicator covers, for traceability. */
    articles: z.array(z.string()).default([]),
  })
  .superRefine((ind, ctx) => {
    if (!(ind.subDimension in SUB_DIMENSIONS[ind.category])) {
      ctx.addIssue({
        code: 'custom',
        message: `${ind.id}: sub-dimension ${ind.subDimension} is not in ${ind.category}`,
      });
    }
    if (ind.nature === 'quantitative') {
      if (!ind.formula)
        ctx.addIssue({ code: 'custom', message: `${ind.id}: a quantitative indicator needs a formula` });
      else {
        try {
          const names = formulaNames(ind.formula);
          const declared = new Set(ind.inputs.map((i) => i.name));
          for (const n of names) {
            if (!declared.has(n)) ctx.addIssue({ code: 'custom', message: `${ind.id}: formula uses undeclared ${n}` });
          }
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: `${ind.id}: ${(e as Error).message}` });
        }
      }
    }
    const rule = ind.scoring?.kind;
    if (
      (rule === 'ratio' || rule === 'bands') &&
      ind.direction !== 'higher-better' &&
      ind.direction !== 'lower-better'
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `${ind.id}: ${rule} scoring needs a higher- or lower-is-better direction`,
      });
    }
    if ((rule === 'grades') !== (ind.nature === 'qualitative') && rule !== undefined) {
      ctx.addIssue({ code: 'custom', message: `${ind.id}: grades score qualitative indicators, and only those` });
    }
    if (ind.origin === 'provincial' && !ind.province) {
      ctx.addIssue({ code: 'custom', message: `${ind.id}: a provincial indicator names its province` });
    }
  });
export type Indicator = z.infer<typeof Indicator>;
export type IndicatorInput = z.input<typeof Indicator>;

/** Bounds within which a province may adapt the national catalogue (第二十四条), set by central. */
export const ProvincialBounds = z.object({
  /** A national indicator's weight may move by at most this share of its national weight (0.5 = ±50 %). */
  maxReweightShare: DecimalString,
  /** Points of each fund's 100 that provincial additions may take at most. */
  maxAddedPoints: DecimalString,
});
export type ProvincialBounds = z.infer<typeof ProvincialBounds>;

const CatalogueShape = z.object({
  version: z.string().min(1),
  /** The first budget year (cycle) the version applies to. */
  year: z.int().min(2023),
  scope: z.union([z.literal('national'), OrgCode]),
  basedOn: z.string().optional(),
  bounds: ProvincialBounds,
  indicators: z.array(Indicator).min(1),
});

/** A catalogue that parses is well-formed and weighs 100 for every fund; see `catalogueProblems`. */
export const Catalogue = CatalogueShape.superRefine((c, ctx) => {
  for (const p of catalogueProblems(c)) ctx.addIssue({ code: 'custom', message: p.en });
});
export type Catalogue = z.infer<typeof Catalogue>;
export type CatalogueInput = z.input<typeof Catalogue>;

// --- formulas ------------------------------------------------------------------------------------------------

type Node =
  | { k: 'num'; v: Decimal }
  | { k: 'var'; name: string }
  | { k: 'op'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { k: 'neg'; a: Node };

const compiled = new Map<string, Node>();

function parseFormula(src: string): Node {
  const hit = compiled.get(src);
  if (hit) return hit;
  const tokens = src.match(/\d+(?:\.\d+)?|[a-zA-Z][a-zA-Z0-9]*|[-+*/()]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const expr = (): Node => {
    let left = term();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++] as '+' | '-';
      left = { k: 'op', op, a: left, b: term() };
    }
    return left;
  };
  const term = (): Node => {
    let left = factor();
    while (peek() === '*' || peek() === '/') {
      const op = tokens[i++] as '*' | '/';
      left = { k: 'op', op, a: left, b: factor() };
    }
    return left;
  };
  const factor = (): Node => {
    const t = tokens[i++];
    if (t === undefined) throw badFormula(`formula ends too early: ${src}`, src);
    if (t === '-') return { k: 'neg', a: factor() };
    if (t === '(') {
      const inner = expr();
      if (tokens[i++] !== ')') throw badFormula(`missing ) in formula: ${src}`, src);
      return inner;
    }
    if (/^\d/.test(t)) return { k: 'num', v: new Decimal(t) };
    if (/^[a-zA-Z]/.test(t)) return { k: 'var', name: t };
    throw badFormula(`unexpected ${t} in formula: ${src}`, src);
  };
  const node = expr();
  if (i !== tokens.length) throw badFormula(`unexpected ${tokens[i]} in formula: ${src}`, src);
  compiled.set(src, node);
  return node;
}

/** The input names a formula uses (throws on a malformed formula). */
export function formulaNames(formula: string): string[] {
  const names = new Set<string>();
  const walk = (n: Node): void => {
    if (n.k === 'var') names.add(n.name);
    else if (n.k === 'op') {
      walk(n.a);
      walk(n.b);
    } else if (n.k === 'neg') walk(n.a);
  };
  walk(parseFormula(formula));
  return [...names];
}

/**
 * The indicator value from its inputs, exactly, rounded to the indicator's precision (ROUND_HALF_UP).
 * Refuses a missing input and a division by zero (e.g. a budget of 0) with a 422.
 */
export function evaluateIndicator(indicator: Indicator, inputs: Record<string, string | Decimal>): Decimal {
  if (!indicator.formula) {
    throw unprocessable(
      'INDICATOR_NOT_QUANTITATIVE',
      { zh: `指标 ${indicator.name.zh} 为定性指标，无计算公式`, en: `Indicator ${indicator.id} is qualitative` },
      { indicator: indicator.id },
    );
  }
  const ev = (n: Node): Decimal => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'neg':
        return ev(n.a).neg();
      case 'var': {
        const v = inputs[n.name];
        if (v === undefined) {
          const label = indicator.inputs.find((i) => i.name === n.name)?.label;
          throw unprocessable(
            'INDICATOR_INPUT_MISSING',
            { zh: `缺少指标数据：${label?.zh ?? n.name}`, en: `Missing input: ${label?.en ?? n.name}` },
            { indicator: indicator.id, input: n.name },
          );
        }
        return v instanceof Decimal ? v : new Decimal(v);
      }
      case 'op': {
        const a = ev(n.a);
        const b = ev(n.b);
        if (n.op === '+') return a.plus(b);
        if (n.op === '-') return a.minus(b);
        if (n.op === '*') return a.times(b);
        if (b.isZero()) {
          throw unprocessable(
            'INDICATOR_DIVISION_BY_ZERO',
            { zh: `指标 ${indicator.name.zh} 的分母为零`, en: `Indicator ${indicator.id} divides by zero` },
            { indicator: indicator.id },
          );
        }
        return a.div(b);
      }
    }
  };
  return ev(parseFormula(indicator.formula)).toDecimalPlaces(indicator.precision, Decimal.ROUND_HALF_UP);
}

// --- catalogue rules -----------------------------------------------------------------------------------------

type CatalogueLike = z.infer<typeof CatalogueShape>;

export const appliesTo = (indicator: Indicator, fund: string): boolean =>
  indicator.funds === 'all' || indicator.funds.includes(fund);

export const weightFor = (indicator: Indicator, fund: string): Decimal =>
  new Decimal(indicator.weights?.[fund] ?? indicator.weight);

/** The funds a catalogue covers: those in scope in its year, plus any named by its indicators. */
function catalogueFunds(c: CatalogueLike): string[] {
  const codes = new Set(listFunds({ year: c.year }).map((f) => f.code));
  for (const ind of c.indicators) if (ind.funds !== 'all') for (const f of ind.funds) codes.add(f);
  return [...codes];
}

/** The funds of a catalogue whose applicable indicators do not weigh 100 points, each with its total. */
export function incompleteFunds(c: CatalogueLike): { fund: string; total: string }[] {
  const out: { fund: string; total: string }[] = [];
  for (const fund of catalogueFunds(c)) {
    const total = c.indicators
      .filter((i) => appliesTo(i, fund))
      .reduce((sum, i) => sum.plus(weightFor(i, fund)), new Decimal(0));
    if (!total.equals(100)) out.push({ fund, total: total.toString() });
  }
  return out;
}

/**
 * Every reason a catalogue is unusable, bilingual; empty when it is sound. `except` leaves out the 100-point rule
 * for funds already known to be incomplete (a province's catalogue built on a national one with a fund not yet
 * complete is refused for that fund where it is used, not as a whole).
 */
export function catalogueProblems(c: CatalogueLike, opts: { except?: ReadonlySet<string> } = {}): Bilingual[] {
  const problems: Bilingual[] = [];
  const ids = new Set<string>();
  for (const ind of c.indicators) {
    if (ids.has(ind.id)) problems.push({ zh: `指标编号重复：${ind.id}`, en: `Duplicate indicator id: ${ind.id}` });
    ids.add(ind.id);
    if (new Decimal(ind.weight).isNegative()) {
      problems.push({ zh: `指标 ${ind.id} 的权重为负`, en: `Indicator ${ind.id} has a negative weight` });
    }
  }
  for (const { fund, total } of incompleteFunds(c)) {
    if (opts.except?.has(fund)) continue;
    problems.push({
      zh: `险种 ${fund} 的适用指标权重合计为 ${total} 分，应为 100 分`,
      en: `The indicators for fund ${fund} weigh ${total} points; they must weigh 100`,
    });
  }
  return problems;
}

/** Parses and checks a catalogue; refuses one that is malformed or does not weigh 100 per fund (422). */
export function validateCatalogue(input: unknown): Catalogue {
  const shape = CatalogueShape.safeParse(input);
  if (!shape.success) {
    throw unprocessable(
      'CATALOGUE_INVALID',
      { zh: '指标体系格式不正确', en: 'The indicator catalogue is malformed' },
      { issues: shape.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const problems = catalogueProblems(shape.data);
  if (problems.length > 0) {
    throw unprocessable(
      'CATALOGUE_WEIGHTS',
      {
        zh: `指标体系不可用：${problems.map((p) => p.zh).join('；')}`,
        en: `The indicator catalogue is refused: ${problems.map((p) => p.en).join('; ')}`,
      },
      { problems },
    );
  }
  return shape.data;
}

// --- provincial implementation rules (第二十四条) --------------------------------------------------------------

export const ProvincialRules = z.object({
  province: OrgCode,
  version: z.string().min(1),
  additions: z.array(Indicator).default([]),
  reweights: z.array(z.object({ id: IndicatorId, fund: FundCode.optional(), weight: Points })).default([]),
});
export type ProvincialRules = z.infer<typeof ProvincialRules>;
export type ProvincialRulesInput = z.input<typeof ProvincialRules>;

/**
 * A province's catalogue: the national one with its additions and re-weights, checked against central's bounds and
 * against the 100-point rule. Refused (422) with every violation listed.
 */
export function applyProvincialRules(national: Catalogue, rulesInput: ProvincialRulesInput): Catalogue {
  const rules = ProvincialRules.parse(rulesInput);
  const problems: Bilingual[] = [];
  const maxShare = new Decimal(national.bounds.maxReweightShare);
  const byId = new Map(national.indicators.map((i) => [i.id, structuredClone(i)]));

  for (const rw of rules.reweights) {
    const ind = byId.get(rw.id);
    if (!ind) {
      problems.push({ zh: `调整权重的指标不存在：${rw.id}`, en: `Re-weighted indicator does not exist: ${rw.id}` });
      continue;
    }
    const funds = rw.fund
      ? [rw.fund]
      : ind.funds === 'all'
        ? listFunds({ year: national.year }).map((f) => f.code)
        : ind.funds;
    for (const fund of funds) {
      const base = weightFor(ind, fund);
      const next = new Decimal(rw.weight);
      if (next.minus(base).abs().greaterThan(base.times(maxShare))) {
        problems.push({
          zh: `指标 ${ind.id}（${fund}）权重由 ${base} 调为 ${next}，超出中央规定的调整幅度 ±${maxShare.times(100)}%`,
          en: `Indicator ${ind.id} (${fund}) re-weighted from ${base} to ${next}, beyond the ±${maxShare.times(100)}% set by central`,
        });
      }
      ind.weights = { ...ind.weights, [fund]: next.toString() };
    }
  }
  for (const add of rules.additions) {
    if (byId.has(add.id)) {
      problems.push({
        zh: `新增指标编号与已有指标重复：${add.id}`,
        en: `Added indicator id already exists: ${add.id}`,
      });
      continue;
    }
    if (add.origin !== 'provincial' || add.province !== rules.province) {
      problems.push({
        zh: `新增指标 ${add.id} 须标明为本省（${rules.province}）指标`,
        en: `Added indicator ${add.id} must be provincial, of ${rules.province}`,
      });
    }
    byId.set(add.id, add);
  }
  const maxAdded = new Decimal(national.bounds.maxAddedPoints);
  for (const fund of listFunds({ year: national.year }).map((f) => f.code)) {
    const added = rules.additions
      .filter((a) => appliesTo(a, fund))
      .reduce((s, a) => s.plus(weightFor(a, fund)), new Decimal(0));
    if (added.greaterThan(maxAdded)) {
      problems.push({
        zh: `险种 ${fund} 的本省新增指标合计 ${added} 分，超过中央规定的 ${maxAdded} 分`,
        en: `Provincial additions for fund ${fund} weigh ${added} points, more than the ${maxAdded} set by central`,
      });
    }
  }
  const candidate = {
    ...national,
    version: rules.version,
    scope: rules.province,
    basedOn: national.version,
    indicators: [...byId.values()],
  };
  problems.push(...catalogueProblems(candidate, { except: new Set(incompleteFunds(national).map((g) => g.fund)) }));
  if (problems.length > 0) {
    throw unprocessable(
      'PROVINCIAL_RULES_REFUSED',
      {
        zh: `本省指标调整不予接受：${problems.map((p) => p.zh).join('；')}`,
        en: `The provincial catalogue changes are refused: ${problems.map((p) => p.en).join('; ')}`,
      },
      { problems },
    );
  }
  return candidate;
}

// --- queries -------------------------------------------------------------------------------------------------

/**
 * The shipped catalogue, loaded so that a fund whose indicators do not yet weigh 100 (a further fund added as a data
 * row before its fund-specific indicators) does not stop the module: that fund is refused where its catalogue is
 * used (`CATALOGUE_INCOMPLETE`), the other funds work. Anything else wrong with the data is a 500 at load.
 */
function loadShipped(input: unknown): Catalogue {
  const shape = CatalogueShape.safeParse(input);
  if (!shape.success) {
    throw internal(
      'CATALOGUE_INVALID',
      { zh: '指标体系格式不正确', en: 'The indicator catalogue is malformed' },
      { issues: shape.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const problems = catalogueProblems(shape.data, { except: new Set(incompleteFunds(shape.data).map((g) => g.fund)) });
  if (problems.length > 0) {
    throw internal(
      'CATALOGUE_INVALID',
      {
        zh: `指标体系不可用：${problems.map((p) => p.zh).join('；')}`,
        en: `The indicator catalogue is refused: ${problems.map((p) => p.en).join('; ')}`,
      },
      { problems },
    );
  }
  return shape.data;
}

const national: Catalogue = loadShipped(NATIONAL_CATALOGUE);

const gapsOf = new WeakMap<Catalogue, Map<string, string>>();
function gaps(c: Catalogue): Map<string, string> {
  let g = gapsOf.get(c);
  if (!g) {
    g = new Map(incompleteFunds(c).map((x) => [x.fund, x.total]));
    gapsOf.set(c, g);
  }
  return g;
}

/** The coded refusal of a fund whose indicators in a catalogue do not weigh 100 points (422, names the fund). */
export function catalogueIncomplete(fund: string, total: string, catalogue: Catalogue = national) {
  const f = getFund(fund);
  return unprocessable(
    'CATALOGUE_INCOMPLETE',
    {
      zh: `${f.name.zh}的绩效指标体系尚不完整：适用指标权重合计${total}分，应为100分，该险种暂不能设定目标、监控或评价`,
      en: `The indicator catalogue for ${f.name.en} (${f.code}) is incomplete: its indicators weigh ${total} points, not 100; targets, monitoring and evaluation of this fund are refused until it is completed`,
    },
    { fund: f.code, name: f.name, total, catalogue: catalogue.version },
  );
}

/** Refuses (`CATALOGUE_INCOMPLETE`) a fund whose indicators in the catalogue (default: national) do not weigh 100. */
export function assertFundCatalogue(fund: string, catalogue: Catalogue = national): void {
  const total = gaps(catalogue).get(fund);
  if (total !== undefined) throw catalogueIncomplete(fund, total, catalogue);
}

/** Each fund of a catalogue (default: national) with its indicators' total weight and whether it may be used. */
export function checkCatalogue(
  catalogue: Catalogue = national,
): { fund: string; name: Bilingual; total: string; complete: boolean }[] {
  const g = gaps(catalogue);
  return catalogueFunds(catalogue).map((fund) => {
    const total = catalogue.indicators
      .filter((i) => appliesTo(i, fund))
      .reduce((sum, i) => sum.plus(weightFor(i, fund)), new Decimal(0))
      .toString();
    return { fund, name: findFund(fund)?.name ?? { zh: fund, en: fund }, total, complete: !g.has(fund) };
  });
}

/**
 * The national catalogue in force for a budget year. One version ships; a cycle stores the version it used, so a
 * later version never changes a past cycle's scores.
 */
export function nationalCatalogue(year?: number): Catalogue {
  if (year !== undefined && year < national.year) {
    throw notFound({ zh: `${year} 年度无全国指标体系`, en: `No national indicator catalogue for ${year}` }, { year });
  }
  return national;
}

/** An indicator as it applies to one fund: with that fund's weight. */
export type FundIndicator = Indicator & { fund: string; fundWeight: string };

/** The indicators of a catalogue (default: national) that apply to a fund, with that fund's weights. */
export function listIndicators(opts: { fund?: string; catalogue?: Catalogue } = {}): (Indicator | FundIndicator)[] {
  const c = opts.catalogue ?? national;
  if (opts.fund === undefined) return [...c.indicators];
  const fund = getFund(opts.fund).code;
  assertFundCatalogue(fund, c);
  return c.indicators
    .filter((i) => appliesTo(i, fund))
    .map((i) => ({ ...i, fund, fundWeight: weightFor(i, fund).toString() }));
}

export function getIndicator(id: string, catalogue: Catalogue = national): Indicator {
  const ind = catalogue.indicators.find((i) => i.id === id);
  if (!ind) throw notFound({ zh: `未知指标：${id}`, en: `Unknown indicator: ${id}` }, { indicator: id });
  return ind;
}
