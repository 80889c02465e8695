import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { type ClientOptions, request } from './api-client.ts';
import { auditCommand } from './audit.ts';
import { catalogCommand } from './catalog.ts';
import { costCommand } from './cost.ts';
import { simulateCommand } from './simulate.ts';

/** `sifpm` — the command line of the system. Every command validates its input (zod) before it calls the API. */
const program = new Command('sifpm').description(
  '社会保险基金预算绩效管理 · social-insurance fund budget performance management',
);

const apiOptions = (cmd: Command) =>
  cmd
    .addOption(new Option('--api <url>', '接口地址 API base URL').env('SIFPM_API_URL').default('http://127.0.0.1:3000'))
    .addOption(new Option('--token <jwt>', '登录凭证 bearer token').env('SIFPM_TOKEN'))
    .addOption(new Option('--as <userId>', '本地开发：以该用户身份 (local only)').env('SIFPM_AS'));

const parseYear = (value: string) => {
  const year = z.coerce.number().int().safeParse(value);
  if (!year.success) throw new InvalidArgumentError('年度须为整数 / year must be an integer');
  return year.data;
};

const cycle = program.command('cycle').description('年度周期 · budget-year cycles');

apiOptions(
  cycle
    .command('kickoff')
    .description('启动年度周期 · kick off a budget year')
    .requiredOption('--year <year>', '预算年度 budget year', parseYear)
    .option('--targets-due <date>', '省级目标报送截止日期 YYYY-MM-DD (Asia/Shanghai)'),
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

function print(value: unknown) {
  console.log(JSON.stringify(value, null, 2));
}

program.parseAsync().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
