/**
 * The one error type. Every refusal the system gives carries a stable code, an HTTP status,
 * a message in Chinese and English, and machine-readable details.
 * Wire shape: { "error": { "code", "message": { "zh", "en" }, "details" } }.
 */
export interface Bilingual {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly bilingual: Bilingual;
  readonly details: unknown;

  constructor(status: number, code: string, message: Bilingual, details?: unknown, options?: { cause?: unknown }) {
    super(message.en, options);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.bilingual = message;
    this.details = details;
  }

  toBody(): { error: { code: string; message: Bilingual; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.bilingual,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const badRequest = (code: string, message: Bilingual, details?: unknown) =>
  new AppError(400, code, message, details);
export const unauthorized = (details?: unknown) =>
  new AppError(401, 'UNAUTHENTICATED', { zh: '未登录或登录凭证无效', en: 'Missing or invalid credentials' }, details);
export const forbidden = (message: Bilingual, details?: unknown) => new AppError(403, 'FORBIDDEN', message, details);
export const notFound = (message: Bilingual, details?: unknown) => new AppError(404, 'NOT_FOUND', message, details);
export const conflict = (code: string, message: Bilingual, details?: unknown) =>
  new AppError(409, code, message, details);
export const unprocessable = (code: string, message: Bilingual, details?: unknown) =>
  new AppError(422, code, message, details);
export const unsupportedMediaType = (message: Bilingual) => new AppError(415, 'JSON_REQUIRED', message);
/** A broken invariant of the system itself (reference data, configuration): a 500 that still has a code. */
export const internal = (code: string, message: Bilingual, details?: unknown, cause?: unknown) =>
  new AppError(500, code, message, details, cause === undefined ? undefined : { cause });
