import { sifpmProgram } from './program.ts';

/** `sifpm` — the command line of the system (`cli/program.ts`). */
sifpmProgram()
  .parseAsync()
  .catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
