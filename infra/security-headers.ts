/**
 * The console's security headers, one definition for both fronts: CloudFront's response-headers policy in AWS
 * (infra/console.ts) and the local HTTP front (local/api-server.ts). No CDK import: the local default loads it.
 */

/** The console's content security policy: its own scripts only, uploads to the documents bucket, never framed. */
export const consoleCsp = (uploadOrigin: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // ECharts and React set styles at run time (tooltips carry style attributes).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${uploadOrigin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
