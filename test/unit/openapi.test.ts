import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#functions/commons/openapi';
import { FUNCTIONS } from '#functions/manifest';
import { manifestRoutes, OPENAPI_FILE } from '../helpers/openapi.ts';

/** The schemas are the contract: the served document is what the code generates, route for route. */
describe('the OpenAPI document (GET /api/openapi.json)', () => {
  it('is exactly what the manifest’s routes and their handlers’ zod schemas generate (regenerate: npx tsx test/helpers/openapi.ts)', async () => {
    const generated = JSON.parse(JSON.stringify(openApiDocument(await manifestRoutes())));
    expect(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'))).toEqual(generated);
  });

  it('has one operation per manifest route and nothing else', async () => {
    const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as { openapi: string; paths: Record<string, object> };
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    const routes = Object.values(FUNCTIONS)
      .flatMap((spec) => ('route' in spec && spec.route ? [spec.route] : []))
      .sort();
    expect(documented).toEqual(routes);
  });

  it('is served, publicly, by its route', async () => {
    const { handler } = await import('#functions/api/openapi');
    const res = (await handler(
      { headers: {}, requestContext: { http: { method: 'GET' } } } as unknown as APIGatewayProxyEventV2,
      {} as Context,
    )) as { statusCode: number; body: string };
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toEqual(JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')));
    expect(FUNCTIONS['api-openapi']).toMatchObject({ route: 'GET /api/openapi.json', public: true });
  });
});
