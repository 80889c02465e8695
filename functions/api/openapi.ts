import { api } from '#functions/commons/http';
import document from '../commons/openapi.json' with { type: 'json' };

/**
 * GET /api/openapi.json — the API contract (OpenAPI 3.1), generated from the manifest's routes and their handlers'
 * zod schemas (`functions/commons/openapi.ts`); a test regenerates it and fails if the file and the code differ. Public.
 */
export const handler = api({ public: true }, async () => ({ status: 200, body: document }));
