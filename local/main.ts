/**
 * `npm start`: the whole system on this machine. Data persists under SIFPM_DATA_DIR (default `.sifpm/`),
 * so a second start finds what the first left.
 *
 * `npm start -- --scenario targets-issued [--year 2027]` starts at a point of the cycle (`local/scenarios.ts`): the
 * other roles' steps are taken for you, once (a year already kicked off is left as it is).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { actorsOver, runScenario, SCENARIOS } from '#local/scenarios';
import { startLocalDefault } from '#local/stack';
import { now } from '#shared/platform/clock';

const Args = z.strictObject({
  scenario: z
    .enum(Object.keys(SCENARIOS) as [keyof typeof SCENARIOS], {
      error: `--scenario：可选 ${Object.keys(SCENARIOS).join('、')} · one of ${Object.keys(SCENARIOS).join(', ')}`,
    })
    .optional(),
  year: z
    .string()
    .regex(/^20\d\d$/, { error: '--year：四位年份，如 2027 · a four-digit year such as 2027' })
    .transform(Number)
    .optional(),
});
const parsed = Args.safeParse(
  parseArgs({ options: { scenario: { type: 'string' }, year: { type: 'string' } }, strict: true }).values,
);
if (!parsed.success) {
  for (const issue of parsed.error.issues) console.error(issue.message);
  process.exit(2);
}

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.SIFPM_DATA_DIR ?? '.sifpm';
const started = Date.now();
const local = await startLocalDefault({ port, dataDir });

console.log(`sifpm 已启动 · started in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${dataDir})
  控制台 Console   ${local.url}/
  接口 API         ${local.url}/api/health
  邮箱 Mailbox     ${local.url}/mailbox   (JSON: ${local.url}/local/mail)
  登录 Sign-in     ${local.url}/local/.well-known/openid-configuration   (开发用身份提供方 · development OIDC provider)
  用户 Users       ${local.url}/local/users     (token: POST ${local.url}/local/token {"userId": "finance.100000"})
  Ctrl-C 停止 · to stop`);

const { scenario } = parsed.data;
if (scenario) {
  // the next budget year by default: kicked off in the year before it
  const year = parsed.data.year ?? now().getUTCFullYear() + 1;
  const actors = actorsOver(local.url, async () => {
    await local.s3Front.idle();
    await local.stepFunctions.idle();
  });
  const existing = await actors.call('GET', `/api/cycles/${year}`, { as: 'finance.100000' });
  if (existing.status === 200)
    console.log(`  ${year} 年度已启动，情景未再执行 · ${year} already kicked off, scenario not run again`);
  else {
    await runScenario(actors, scenario, year);
    console.log(
      `  情景 ${SCENARIOS[scenario].zh}（${year} 年度）已就绪 · scenario ready: ${SCENARIOS[scenario].en} (${year})`,
    );
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log('\n正在停止 · stopping…');
    await local.close();
    process.exit(0);
  });
}
