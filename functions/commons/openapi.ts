import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteContract } from '#functions/commons/http';

/**
 * The API contract as OpenAPI 3.1, generated (zod-openapi) from the manifest's routes and the zod schemas of their
 * handlers (`api({ params, query, body })`). `test/unit/openapi.test.ts` regenerates it from the code and compares it
 * with `openapi.json`, which `GET /api/openapi.json` serves: the document cannot drift from the handlers.
 */
export interface RouteOfManifest {
  /** the manifest's function id */
  id: string;
  /** `METHOD /path/{param}` */
  route: string;
  contract: RouteContract;
}

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.object({ zh: z.string(), en: z.string() }),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error', description: 'The one error shape' });

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorBody } },
});

function operation(r: RouteOfManifest): ZodOpenApiOperationObject {
  const { params, query, body, response } = r.contract;
  const requestParams = {
    ...(params instanceof z.ZodObject ? { path: params } : {}),
    ...(query instanceof z.ZodObject ? { query } : {}),
  };
  return {
    operationId: r.id,
    ...(r.contract.public ? { security: [] } : {}),
    ...(Object.keys(requestParams).length ? { requestParams } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: {
      '200': response
        ? { description: 'OK', content: { 'application/json': { schema: response } } }
        : { description: 'OK' },
      '400': errorResponse('The input is not valid (`VALIDATION_FAILED`, with `details.issues`)'),
      ...(r.contract.public ? {} : { '401': errorResponse('Missing or invalid credentials') }),
      ...(r.contract.public ? {} : { '403': errorResponse('Not permitted for this principal or organisation') }),
      ...(r.contract.json ? { '415': errorResponse('The request must be JSON') } : {}),
      '500': errorResponse('Internal error'),
    },
  };
}

export function openApiDocument(routes: RouteOfManifest[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of [...routes].sort((a, b) => a.route.localeCompare(b.route))) {
    const [method, path] = r.route.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation(r) };
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'sifpm — social-insurance fund budget performance management',
        version: '1',
        description: '财社〔2022〕65号. Bearer tokens (Cognito ID tokens) unless a route says `security: []`.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
      paths,
    },
    { reused: 'ref' },
  );
}
