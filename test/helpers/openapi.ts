import { writeFileSync } from 'node:fs';
import type { RouteContract } from '#functions/commons/http';
import { openApiDocument, type RouteOfManifest } from '#functions/commons/openapi';
import { FUNCTIONS } from '#functions/manifest';

/** The manifest's routes with the contracts their handlers declare (each handler module imported). */
export async function manifestRoutes(): Promise<RouteOfManifest[]> {
  const out: RouteOfManifest[] = [];
  for (const [id, spec] of Object.entries(FUNCTIONS)) {
    if (!('route' in spec) || !spec.route) continue;
    const mod = (await import(`../../${spec.entry}`)) as { handler: { contract?: RouteContract } };
    if (!mod.handler.contract) throw new TypeError(`${spec.entry}: its handler is not built with api()`);
    out.push({ id, route: spec.route, contract: mod.handler.contract });
  }
  return out;
}

export const OPENAPI_FILE = new URL('../../functions/commons/openapi.json', import.meta.url);

/** `npx tsx test/helpers/openapi.ts` rewrites functions/commons/openapi.json from the code (then `npx biome format --write`). */
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*test\/helpers\//, 'test/helpers/'))) {
  const doc = openApiDocument(await manifestRoutes());
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${Object.keys(doc.paths ?? {}).length} paths`);
}
