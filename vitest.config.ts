import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine. One more than the
    // cores instead: a fifth of two workers' time went waiting (polls, the browser, timers), and a third uses it.
    maxWorkers: availableParallelism() + 1,
    globalSetup: ['test/browser-setup.ts'],
    // a step that takes seconds alone can take a minute beside the browser tests on two cores, and two minutes when
    // the machine is shared besides (two monitoring tests passed 120 s at nice 19 beside a national benchmark)
    testTimeout: 300_000,
    // a setup that kicks off a national year takes 20 s alone, minutes beside the browser tests
    hookTimeout: 300_000,
    reporters: ['default'],
    // handlers log INFO in production; tests keep the output for failures
    env: {
      SIFPM_LOG_LEVEL: 'WARN',
      // three local defaults on two cores: a handler's wall time includes the others' work (local/lambda.ts)
      SIFPM_LOCAL_LAMBDA_TIMEOUT_S: '300',
    },
  },
});
