import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console's build: `web/` → `web/dist`, served by `local/api-server.ts` locally and by CloudFront in AWS.
 * `npm run dev:web` serves it with hot reload and forwards `/api` and `/local` to a running `npm start`.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.SIFPM_BACKEND_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The console imports the server's record and view types (`import type`, erased in the build): `#shared/…` and
  // `#local/…` (the development routes) as in the server's package.json `imports`, so web/tsconfig.json and the
  // build resolve the same files.
  resolve: {
    alias: [
      { find: /^#shared\/(.*)$/, replacement: `${fileURLToPath(new URL('../shared/', import.meta.url))}$1.ts` },
      { find: /^#local\/(.*)$/, replacement: `${fileURLToPath(new URL('../local/', import.meta.url))}$1.ts` },
    ],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': backend, '/local': backend, '/config.json': backend } },
  logLevel: 'warn',
});
