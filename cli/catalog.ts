/**
 * `sifpm catalog …`: read the reference data — funds, organisations, indicators. Tables by default (Chinese names
 * first), `--json` for machines. The same queries back `GET /api/funds`, `GET /api/orgs` and `GET /api/indicators`.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { type Fund, isFundCode, listFunds } from '#shared/reference/funds';
import {
  CATEGORY_LABELS,
  checkCatalogue,
  type FundIndicator,
  type Indicator,
  listIndicators,
} from '#shared/reference/indicators';
import { findOrg, listOrgs, type Org, Tier } from '#shared/reference/orgs';

export { listFunds, listIndicators, listOrgs };

/** Terminal columns a string takes: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

/** A plain-text table, columns padded by display width. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function fundsTable(funds: Fund[]): string {
  return renderTable(
    ['代码 code', '险种', 'fund', '绩效层级 performance tier', '默认统筹层次 pooling'],
    funds.map((f) => [f.code, f.name.zh, f.name.en, f.performanceTier, f.defaultPooling]),
  );
}

export function orgsTable(orgs: Org[]): string {
  return renderTable(
    ['代码 code', '名称', 'name', '层级 tier', '类别 kind', '上级 parent'],
    orgs.map((o) => [o.code, o.name.zh, o.name.en, o.tier, o.kind, o.parent ?? '']),
  );
}

export function indicatorsTable(indicators: (Indicator | FundIndicator)[]): string {
  const target = (i: Indicator) => {
    const t = i.defaultTarget;
    if (!t) return '';
    if ('grade' in t) return t.grade;
    if ('min' in t) return `${t.min}–${t.max}`;
    return t.value;
  };
  return renderTable(
    ['指标', 'id', '类别 category', '方向 direction', '单位 unit', '目标 target', '权重 weight'],
    indicators.map((i) => [
      i.name.zh,
      i.id,
      `${CATEGORY_LABELS[i.category].zh}/${i.subDimension}`,
      i.direction,
      i.unit,
      target(i),
      'fundWeight' in i ? i.fundWeight : i.weight,
    ]),
  );
}

const print = (json: boolean, data: unknown, table: () => string) => {
  process.stdout.write(`${json ? JSON.stringify(data, null, 2) : table()}\n`);
};

const fundCode = (v: string): string => {
  if (!isFundCode(v))
    throw new InvalidArgumentError(
      `未知险种 unknown fund: ${listFunds()
        .map((f) => f.code)
        .join(', ')}`,
    );
  return v;
};

const orgCode = (v: string): string => {
  if (!findOrg(v)) throw new InvalidArgumentError('未知机构代码 unknown organisation code');
  return v;
};

const year = (v: string): number => {
  if (!/^\d{4}$/.test(v)) throw new InvalidArgumentError('年度须为四位数字 / the year must be four digits');
  return Number(v);
};

export function catalogCommand(): Command {
  const catalog = new Command('catalog').description(
    '参考数据：险种、机构、指标 (reference data: funds, organisations, indicators)',
  );

  catalog
    .command('funds')
    .description('险种 (第三条) — funds in scope')
    .option('--year <year>', 'only funds in scope in this budget year', year)
    .option('--json', 'machine-readable output')
    .action((opts: { year?: number; json?: boolean }) => {
      const funds = listFunds(opts.year === undefined ? {} : { year: opts.year });
      print(Boolean(opts.json), funds, () => fundsTable(funds));
    });

  catalog
    .command('orgs')
    .description('机构 — organisations by tier and parent')
    .addOption(new Option('--tier <tier>', 'tier').choices(Tier.options))
    .option('--parent <code>', 'direct children of this organisation code', orgCode)
    .option('--json', 'machine-readable output')
    .action((opts: { tier?: Tier; parent?: string; json?: boolean }) => {
      const orgs = listOrgs({
        ...(opts.tier ? { tier: opts.tier } : {}),
        ...(opts.parent ? { parent: opts.parent } : {}),
      });
      print(Boolean(opts.json), orgs, () => orgsTable(orgs));
    });

  catalog
    .command('indicators')
    .description('绩效指标 — the national indicator catalogue, for one fund with its weights')
    .option('--fund <code>', 'fund code, e.g. EEPI', fundCode)
    .option('--json', 'machine-readable output')
    .action((opts: { fund?: string; json?: boolean }) => {
      const indicators = listIndicators(opts.fund === undefined ? {} : { fund: opts.fund });
      print(Boolean(opts.json), indicators, () => indicatorsTable(indicators));
    });

  catalog
    .command('check')
    .description("指标体系检查 — whether each fund's indicators weigh 100 points; exit 1 when one does not")
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const rows = checkCatalogue();
      print(Boolean(opts.json), rows, () =>
        renderTable(
          ['代码 code', '险种', '权重合计 total', '状态 status'],
          rows.map((r) => [
            r.fund,
            r.name.zh,
            r.total,
            r.complete ? '完整 complete' : '不完整，拒绝使用 CATALOGUE_INCOMPLETE',
          ]),
        ),
      );
      if (rows.some((r) => !r.complete)) process.exitCode = 1;
    });

  return catalog;
}
