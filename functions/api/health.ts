import { api } from '#functions/commons/http';
import { KICKOFF_MACHINE } from '#shared/cycle/cycles';
import { checkHealth } from '#shared/platform/health';

/** GET /api/health — 200 once every service the system needs answers, 503 otherwise. Public. */
export const handler = api({ public: true }, async () => {
  const health = await checkHealth(KICKOFF_MACHINE);
  return { status: health.ok ? 200 : 503, body: health };
});
