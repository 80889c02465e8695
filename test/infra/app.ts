import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';

/**
 * Apps for the infra tests. `bundledApp` bundles every function and runs CDK's built-in CloudFormation validation, as
 * `cdk synth` does: the stack test synthesises it once. `quickApp` skips both, for checks of the wiring that need
 * neither (cdk-nag still runs on every synth); each saves several seconds per synth.
 */
const outdir = () => mkdtempSync(path.join(os.tmpdir(), 'sifpm-cdk-'));

export const bundledApp = () => new App({ outdir: outdir() });

export const quickApp = () =>
  new App({ outdir: outdir(), context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
