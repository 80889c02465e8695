import { checkHealth } from '#shared/health';
import { api } from '#shared/http';

/** GET /api/health — 200 once every service the system needs answers, 503 otherwise. Public. */
export const handler = api({ public: true }, async () => {
  const health = await checkHealth();
  return { status: health.ok ? 200 : 503, body: health };
});
