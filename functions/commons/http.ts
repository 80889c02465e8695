import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { authenticate } from '#shared/directory/principal';
import { AppError, badRequest, isAppError, unsupportedMediaType } from '#shared/platform/errors';
import { logger } from '#shared/platform/logger';
import type { Principal } from '#shared/reference/auth';

/**
 * The HTTP edge of every API handler: parse (zod) → call the domain → shape the response.
 * Cross-cutting work lives here once: authentication, body limits, validation errors and the error shape.
 */
export const MAX_BODY_BYTES = 64 * 1024;

export interface ApiRequest<B, P, Q> {
  principal: Principal;
  body: B;
  params: P;
  query: Q;
  event: APIGatewayProxyEventV2;
}

export interface ApiResponse {
  status: number;
  /** JSON, or a Buffer for a file download (sent base64-encoded, as API Gateway expects) */
  body?: unknown;
  headers?: Record<string, string>;
}

interface ApiOptions<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType> {
  body?: B;
  params?: P;
  query?: Q;
  /** The 200 response's shape, for the OpenAPI document only (the handler's return is not checked against it). */
  response?: z.ZodType;
  /** Public endpoints (health, disclosure) skip authentication. */
  public?: boolean;
  /** Middleware that runs around the handler, before authentication (e.g. `jsonContentType()`). */
  use?: EdgeMiddleware[];
}

type EdgeMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

/**
 * Refuses a request whose body is not declared JSON (415), shaped like middy's `http-json-body-parser`: an options
 * factory returning a `before`. A form on another site cannot send `application/json` without a CORS preflight.
 */
export function jsonContentType(options: { mediaType?: RegExp } = {}): EdgeMiddleware {
  const mediaType = options.mediaType ?? /^application\/(.+\+)?json($|;.+)/;
  const middleware: EdgeMiddleware = {
    before: async (request) => {
      const headers = request.event.headers ?? {};
      const type = headers['content-type'] ?? headers['Content-Type'] ?? '';
      if (!mediaType.test(type)) throw unsupportedMediaType({ zh: '请求须为 JSON', en: 'The request must be JSON' });
    },
  };
  JSON_CONTENT_TYPE_MARK.set(middleware, middleware);
  return middleware;
}

export function api<
  B extends z.ZodType = z.ZodUndefined,
  P extends z.ZodType = z.ZodAny,
  Q extends z.ZodType = z.ZodAny,
>(options: ApiOptions<B, P, Q>, fn: (req: ApiRequest<z.infer<B>, z.infer<P>, z.infer<Q>>) => Promise<ApiResponse>) {
  const base = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const principal = options.public
      ? (undefined as unknown as Principal)
      : await authenticate(event.headers?.authorization ?? event.headers?.Authorization);
    const req = {
      principal,
      event,
      // the path first: a request for a resource that cannot exist is refused before its body is read
      params: options.params ? parse(options.params, event.pathParameters ?? {}, 'path') : event.pathParameters,
      body: options.body ? parse(options.body, readJson(event), 'body') : undefined,
      query: options.query
        ? parse(options.query, event.queryStringParameters ?? {}, 'query')
        : event.queryStringParameters,
    } as ApiRequest<z.infer<B>, z.infer<P>, z.infer<Q>>;
    const res = await fn(req);
    if (Buffer.isBuffer(res.body)) {
      return { statusCode: res.status, headers: res.headers, body: res.body.toString('base64'), isBase64Encoded: true };
    }
    return json(res.status, res.body, res.headers);
  };
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>(base)
    .use({
      onError: async (request) => {
        request.response = errorResponse(request.error);
      },
    })
    .use(options.use ?? []);
  const contract: RouteContract = {
    ...(options.params ? { params: options.params } : {}),
    ...(options.query ? { query: options.query } : {}),
    ...(options.body ? { body: options.body } : {}),
    ...(options.response ? { response: options.response } : {}),
    public: options.public === true,
    json: (options.use ?? []).some((m) => m === JSON_CONTENT_TYPE_MARK.get(m)),
  };
  return Object.assign(handler, { contract });
}

/** What a handler accepts, as its zod schemas say: the OpenAPI document is generated from these. */
export interface RouteContract {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** the 200 response's shape, where the handler declares it */
  response?: z.ZodType;
  public: boolean;
  /** whether the route requires `Content-Type: application/json` */
  json: boolean;
}

const JSON_CONTENT_TYPE_MARK = new WeakMap<object, object>();

/** Strict UTF-8: a malformed sequence throws instead of reading as U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function readJson(event: APIGatewayProxyEventV2): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : undefined;
  if ((bytes?.length ?? Buffer.byteLength(raw)) > MAX_BODY_BYTES) {
    throw new AppError(413, 'PAYLOAD_TOO_LARGE', {
      zh: `请求体过大（上限 ${MAX_BODY_BYTES / 1024} KB）`,
      en: `Request body too large (limit ${MAX_BODY_BYTES / 1024} KB)`,
    });
  }
  let text = raw;
  if (bytes) {
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw badRequest('MALFORMED_ENCODING', {
        zh: '请求体不是有效的 UTF-8 编码',
        en: 'The request body is not valid UTF-8',
      });
    }
  }
  if (text.trim() === '')
    throw badRequest('BODY_REQUIRED', { zh: '缺少请求体', en: 'A JSON request body is required' });
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('MALFORMED_JSON', { zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' });
  }
}

export function parse<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(
    'VALIDATION_FAILED',
    { zh: '输入数据校验未通过', en: 'The input is not valid' },
    {
      where,
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
    },
  );
}

export function json(
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

export function errorResponse(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (isAppError(error)) {
    if (error.status >= 500) logger.error('request failed', { code: error.code });
    return json(error.status, error.toBody());
  }
  logger.error('unexpected error', {
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
  });
  return json(500, {
    error: {
      code: 'INTERNAL',
      message: { zh: '系统内部错误，请稍后重试', en: 'Internal error; please try again later' },
    },
  });
}
