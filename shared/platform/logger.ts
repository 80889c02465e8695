import { Logger } from '@aws-lambda-powertools/logger';

/** The one logger (Powertools): structured JSON, never tokens or secrets. */
export const logger = new Logger({ serviceName: 'sifpm', logLevel: (process.env.SIFPM_LOG_LEVEL as 'INFO') ?? 'INFO' });
