import { z } from 'zod';
import { api } from '#functions/commons/http';
import { MonitoringConfig, setMonitoringConfig } from '#shared/monitoring/submissions';

/** PUT /api/cycles/{year}/monitoring/config — central finance sets the monitoring schedule and thresholds. */
export const handler = api(
  { params: z.object({ year: z.coerce.number().int().min(2023).max(2100) }), body: MonitoringConfig },
  async ({ principal, params, body }) => ({
    status: 200,
    body: await setMonitoringConfig(principal, params.year, body),
  }),
);
