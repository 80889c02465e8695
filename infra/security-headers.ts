/**
 * The console's security headers, one definition for both fronts: CloudFront's response-headers policy in AWS
 * (infra/console.ts) and the local HTTP front (local/api-server.ts). No CDK import: the local default loads it.
 */

/**
 * The console's content security policy: its own scripts only, never framed; it connects to itself and to
 * `connectOrigins` (the documents bucket for uploads; in AWS also the hosted sign-in's token endpoint).
 */
export const consoleCsp = (...connectOrigins: string[]) => consoleCspFor({ connect: connectOrigins });

/**
 * The same policy with the sign-in's origins: `connect` (the documents bucket; the issuer's discovery, token and key
 * endpoints) and `formAction` (the issuer's pages a sign-in or sign-out form may post to).
 */
export const consoleCspFor = ({ connect, formAction = [] }: { connect: string[]; formAction?: string[] }) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    // ECharts and React set styles at run time (tooltips carry style attributes).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...new Set(connect)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...new Set(formAction)].join(' ')}`,
    "frame-ancestors 'none'",
  ].join('; ');
