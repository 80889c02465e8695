/**
 * `npm start`: the whole system on this machine. Data persists under SIFPM_DATA_DIR (default `.sifpm/`),
 * so a second start finds what the first left.
 */
import { startLocalDefault } from '#local/stack';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.SIFPM_DATA_DIR ?? '.sifpm';
const started = Date.now();
const local = await startLocalDefault({ port, dataDir });

console.log(`sifpm 已启动 · started in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${dataDir})
  控制台 Console   ${local.url}/
  接口 API         ${local.url}/api/health
  邮箱 Mailbox     ${local.url}/local/mailbox   (JSON: ${local.url}/local/mail)
  登录 Sign-in     ${local.url}/local/.well-known/openid-configuration   (开发用身份提供方 · development OIDC provider)
  用户 Users       ${local.url}/local/users     (token: POST ${local.url}/local/token {"userId": "finance.100000"})
  Ctrl-C 停止 · to stop`);

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
