import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { type ClientOptions, request } from './api-client.ts';

/** What `GET /api/audit/verify` answers (`shared/platform/audit.ts` VerifyResult). */
const VerifyAnswer = z.object({
  ok: z.boolean(),
  chains: z.number(),
  entries: z.number(),
  broken: z
    .object({
      entity: z.object({ pk: z.string(), sk: z.string() }),
      at: z.union([z.number(), z.literal('head')]),
      reason: z.enum(['hash', 'prev', 'seq', 'head']),
    })
    .optional(),
});
export type VerifyAnswer = z.infer<typeof VerifyAnswer>;

const REASON: Record<NonNullable<VerifyAnswer['broken']>['reason'], string> = {
  hash: '记录内容与其哈希不符 / the entry does not match its hash',
  prev: '与前一条记录的哈希不衔接 / the entry does not link to the one before',
  seq: '记录序号缺失或重复 / an entry is missing or out of sequence',
  head: '链头与最后一条记录不符（末条被删改或增加）/ the head does not match the last entry (removed, changed or added)',
};

/** The verdict as the operator reads it, zh first. */
export function verdict(answer: VerifyAnswer): string {
  const count = `${answer.chains} 条链、${answer.entries} 条记录 / ${answer.chains} chains, ${answer.entries} entries`;
  if (answer.ok) return `审计链完整：${count}\nAudit trail intact.`;
  const b = answer.broken;
  const where = b ? `${b.entity.pk} ${b.entity.sk}，第 ${b.at === 'head' ? '链头' : b.at} 条 / entry ${b.at}` : '';
  return `审计链断裂：${where}\n${b ? REASON[b.reason] : ''}\n（已核验 ${count}）`;
}

const parseYear = (value: string) => {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('年度须为四位数字 / the year must be four digits');
  return Number(value);
};

/**
 * `sifpm audit verify [--year Y]`: asks the system to walk the audit chains and prints the verdict; the exit code is
 * 1 when a link is broken (so a scheduled job can alert on it).
 */
export function auditCommand(): Command {
  const audit = new Command('audit').description('审计留痕 · the audit trail');
  audit
    .command('verify')
    .description('核验审计链 · verify the audit chains')
    .option('--year <year>', '预算年度 budget year', parseYear)
    .addOption(new Option('--api <url>', '接口地址 API base URL').env('SIFPM_API_URL').default('http://127.0.0.1:3000'))
    .addOption(new Option('--token <jwt>', '登录凭证 bearer token').env('SIFPM_TOKEN'))
    .addOption(new Option('--as <userId>', '本地开发：以该用户身份 (local only)').env('SIFPM_AS'))
    .action(async (opts: ClientOptions & { year?: number }) => {
      const answer = await auditVerify(opts);
      process.stdout.write(`${verdict(answer)}\n`);
      if (!answer.ok) process.exitCode = 1;
    });
  return audit;
}

export async function auditVerify(opts: ClientOptions & { year?: number }): Promise<VerifyAnswer> {
  const query = opts.year === undefined ? '' : `?year=${opts.year}`;
  return VerifyAnswer.parse(await request(opts, 'GET', `/api/audit/verify${query}`));
}
