/**
 * The console's security headers, one definition for both fronts: CloudFront's response-headers policy in AWS
 * (infra/console.ts) and the local HTTP front (local/api-server.ts). No CDK import: the local default loads it.
 */

/**
 * The console's content security policy: its own scripts only, never framed; it connects to itself and to
 * `connectOrigins` (the documents bucket for uploads; in AWS also the hosted sign-in's token endpoint).
 */
export const consoleCsp = (...connectOrigins: string[]) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // ECharts and React set styles at run time (tooltips carry style attributes).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connectOrigins].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
