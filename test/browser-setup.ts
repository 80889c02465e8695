import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: finds the Chromium the browser tests drive and the fonts it renders Chinese with, once per
 * run, before any worker starts. Nothing here is installed by hand:
 * - `SIFPM_CHROMIUM` if set; else a system Chromium that runs (`/usr/bin/chromium`, Debian's package); else the
 *   headless Chromium shipped inside the `@sparticuz/chromium` npm package, unpacked to the temp folder.
 * - a fontconfig file naming Noto Sans SC from the `@expo-google-fonts/noto-sans-sc` npm package (plus the system's
 *   fonts, where there are any), so screenshots of the console show Chinese, not boxes, on any machine.
 */
export interface BrowserSetup {
  executablePath: string;
  source: string;
  version: string;
  fontconfigFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserSetup;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function versionOf(executable: string): string | undefined {
  try {
    const stat = statSync(executable);
    if (!stat.isFile()) return undefined;
    accessSync(executable, constants.X_OK);
    return execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

async function findChromium(): Promise<Omit<BrowserSetup, 'fontconfigFile'>> {
  const chosen = process.env.SIFPM_CHROMIUM;
  if (chosen) {
    const version = versionOf(chosen);
    if (!version) throw new Error(`SIFPM_CHROMIUM=${chosen} does not run`);
    return { executablePath: chosen, source: 'SIFPM_CHROMIUM', version };
  }
  for (const candidate of SYSTEM_CHROMIUMS) {
    const version = versionOf(candidate);
    if (version) return { executablePath: candidate, source: 'system', version };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  const version = versionOf(executablePath);
  if (!version) throw new Error(`the Chromium of @sparticuz/chromium (${executablePath}) does not run`);
  return { executablePath, source: '@sparticuz/chromium', version };
}

function writeFontconfig(): string {
  const fonts = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  const dir = path.join(ROOT, 'node_modules', '.cache', 'sifpm-fonts');
  mkdirSync(path.join(dir, 'cache'), { recursive: true });
  const file = path.join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>${path.join(fonts, '400Regular')}</dir>
  <dir>${path.join(fonts, '700Bold')}</dir>
  <cachedir>${path.join(dir, 'cache')}</cachedir>
  <alias><family>sans-serif</family><prefer><family>Noto Sans SC</family></prefer></alias>
</fontconfig>
`,
  );
  return file;
}

export default async function setup(project: TestProject): Promise<void> {
  const browser = { ...(await findChromium()), fontconfigFile: writeFontconfig() };
  project.provide('browser', browser);
  console.log(`browser tests: ${browser.version} (${browser.source}: ${browser.executablePath})`);
}
