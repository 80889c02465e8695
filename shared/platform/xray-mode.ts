/**
 * Outside Lambda (no `AWS_EXECUTION_ENV`: the local default, the tests, the CLI) the tracer is disabled, yet the X-Ray
 * SDK it loads would still start its automatic mode: a `cls-hooked` namespace whose async hook runs on every promise
 * of the process (about a fifth of a local national kickoff's CPU went to it and its garbage). Manual mode leaves it
 * off; in Lambda nothing changes. Imported by `aws.ts` before the tracer, so that it is set when the SDK loads.
 */
if (!process.env.AWS_EXECUTION_ENV) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
