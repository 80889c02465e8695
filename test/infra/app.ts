import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';

/**
 * Apps for the infra tests. `bundledApp` bundles every function and runs CDK's built-in CloudFormation validation, as
 * `cdk synth` does: the stack test synthesises it once. `quickApp` skips both, for checks of the wiring that need
 * neither (cdk-nag still runs on every synth); each saves several seconds per synth.
 */
const outdir = () => mkdtempSync(path.join(os.tmpdir(), 'sifpm-cdk-'));

/**
 * CDK runs the project's esbuild as `npx --no-install esbuild …` once per function: npm's own start is a second of
 * CPU each, most of the bundling of 91 functions. For the test's synth an `npx` first on PATH runs
 * `node_modules/.bin/<bin>` directly for exactly that form — the same binary with the same arguments — and hands
 * anything else to the real npx.
 */
function directBins(): void {
  const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules/.bin');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sifpm-npx-'));
  const realPath = process.env.PATH ?? '';
  const shim = path.join(dir, 'npx');
  writeFileSync(
    shim,
    [
      '#!/bin/sh',
      `if [ "$1" = "--no-install" ] && [ -x "${bin}/$2" ]; then shift; b="$1"; shift; exec "${bin}/$b" "$@"; fi`,
      `PATH="${realPath}" exec npx "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(shim, 0o755);
  process.env.PATH = `${dir}${path.delimiter}${realPath}`;
}

export const bundledApp = () => {
  directBins();
  return new App({ outdir: outdir() });
};

export const quickApp = () =>
  new App({ outdir: outdir(), context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
