/**
 * `sifpm cost --from <summary.json> [--prices <file>]`: the AWS charges of a simulated cycle, from the operations the
 * local default counted (`summary.json` of `sifpm simulate`) and a dated list of public prices (`shared/reference/data/`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { z } from 'zod';
import { type CostEstimate, estimateCost, PriceList } from '#shared/platform/cost';
import { renderTable } from './catalog.ts';

export const DEFAULT_PRICES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../shared/reference/data/prices-us-east-1-2025-01.json',
);

const CostOptions = z.strictObject({ from: z.string().min(1), prices: z.string().min(1).default(DEFAULT_PRICES) });

export function loadPrices(file = DEFAULT_PRICES): PriceList {
  return PriceList.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function costTable(c: CostEstimate): string {
  const money = (usd: number) => `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
  return [
    renderTable(
      ['服务 service', '项目 item', '数量 quantity', '单位 unit', '费用 USD'],
      c.lines.map((l) => [l.service, l.item, l.quantity.toLocaleString('en-US'), l.unit, money(l.usd)]),
    ),
    '',
    `合计 total ${money(c.total)} (${c.region}, 价格 prices as of ${c.pricesAsOf}; 免费额度与存储未计 free tiers and storage left out)`,
    `主要成本 largest drivers: ${c.drivers
      .slice(0, 3)
      .map((d) => `${d.service} ${d.item} ${money(d.usd)}`)
      .join('; ')}`,
  ].join('\n');
}

export function costCommand(): Command {
  return new Command('cost')
    .description('按公开价格估算一个周期的 AWS 费用 · AWS charges of a simulated cycle at public list prices')
    .requiredOption('--from <summary.json>', 'sifpm simulate 的 summary.json')
    .option('--prices <file>', '价格表 price list (shared/reference/data/prices-*.json)')
    .action((raw: Record<string, unknown>) => {
      const opts = CostOptions.parse(raw);
      const summary = JSON.parse(readFileSync(opts.from, 'utf8'));
      console.log(costTable(estimateCost(summary.metrics, loadPrices(opts.prices))));
    });
}
