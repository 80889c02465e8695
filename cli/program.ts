import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { type ClientOptions, request } from './api-client.ts';
import { auditCommand } from './audit.ts';
import { catalogCommand } from './catalog.ts';
import { costCommand } from './cost.ts';
import { simulateCommand } from './simulate.ts';

const apiOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--api <url>', '接口地址 API base URL').env('SIFPM_API_URL').default('http://127.0.0.1:3000'))
    .addOption(new Option('--token <jwt>', '登录凭证 bearer token').env('SIFPM_TOKEN'))
    .addOption(new Option('--as <userId>', '本地开发：以该用户身份 (local only)').env('SIFPM_AS'));

/** Four digits and nothing else, as the API reads a year: `0x7EA`, ` 2026` or `2026.0` are refused, not read as 2026. */
const parseYear = (value: string) => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('年度须为四位数字 / the year must be four digits');
  return Number(value);
};

const parseDate = (value: string) => {
  if (!z.iso.date().safeParse(value).success)
    throw new InvalidArgumentError('日期须为有效的 YYYY-MM-DD / the date must be a valid YYYY-MM-DD');
  return value;
};

/**
 * `sifpm` — the command line of the system. Every command validates its input before it calls the API. Built by a
 * function (`cli/index.ts` runs it), so a test can parse arguments with `exitOverride()` without running a command.
 */
export function sifpmProgram(): Command {
  const program = new Command('sifpm').description(
    '社会保险基金预算绩效管理 · social-insurance fund budget performance management',
  );

  const cycle = program.command('cycle').description('年度周期 · budget-year cycles');

  apiOptions(
    cycle
      .command('kickoff')
      .description('启动年度周期 · kick off a budget year')
      .requiredOption('--year <year>', '预算年度 budget year', parseYear)
      .option('--targets-due <date>', '省级目标报送截止日期 YYYY-MM-DD (Asia/Shanghai)', parseDate),
  ).action(async (opts: ClientOptions & { year: number; targetsDue?: string }) => {
    const body = { year: opts.year, ...(opts.targetsDue ? { targetsDue: opts.targetsDue } : {}) };
    print(await request(opts, 'POST', '/api/cycles', body));
  });

  apiOptions(
    cycle
      .command('show')
      .description('查看年度周期 · show a cycle')
      .requiredOption('--year <year>', '预算年度 budget year', parseYear),
  ).action(async (opts: ClientOptions & { year: number }) => {
    print(await request(opts, 'GET', `/api/cycles/${opts.year}`));
  });

  program.addCommand(auditCommand());
  program.addCommand(catalogCommand());
  program.addCommand(simulateCommand());
  program.addCommand(costCommand());
  return program;
}

function print(value: unknown) {
  console.log(JSON.stringify(value, null, 2));
}
