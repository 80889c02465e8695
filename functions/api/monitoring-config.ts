import { api } from '#functions/commons/http';
import { YearPath } from '#functions/commons/params';
import { MonitoringConfig, setMonitoringConfig } from '#shared/monitoring/submissions';

/** PUT /api/cycles/{year}/monitoring/config — central finance sets the monitoring schedule and thresholds. */
export const handler = api({ params: YearPath, body: MonitoringConfig }, async ({ principal, params, body }) => ({
  status: 200,
  body: await setMonitoringConfig(principal, params.year, body),
}));
