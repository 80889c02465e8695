import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef } from 'react';
import type { Bilingual } from '#shared/platform/errors';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorNotice } from './Notices.tsx';

/**
 * An API refusal's field paths mapped to a form's inputs (issue 16): zod's `details.issues` (`path` `a.b.0`, message
 * `中文 · English`, functions/commons/http.ts `parse`) and the domain's `details.field`. A form marks each input
 * (`aria-invalid`, `aria-describedby`), shows the message under it, and the first marked input takes the focus.
 */
export type FieldErrors = Record<string, Bilingual>;

/** The form's field of an issue path: by default its first segment (`changes.` — a PATCH's wrapper — dropped). */
const firstSegment = (path: string) => path.replace(/^changes\./, '').split('.')[0] || undefined;

export function fieldErrorsOf(
  error: ApiError | null,
  fieldOf: (path: string) => string | undefined = firstSegment,
): FieldErrors {
  if (!error) return {};
  const details = error.details as { issues?: { path: string; message: string }[]; field?: string } | undefined;
  const out: FieldErrors = {};
  for (const issue of details?.issues ?? []) {
    const field = fieldOf(issue.path);
    if (!field || out[field]) continue;
    // the schemas write `中文 / English` or `中文 · English`
    const at = issue.message.search(/\s[·/]\s/);
    const zh = at > 0 ? issue.message.slice(0, at).trim() : '';
    const en = at > 0 ? issue.message.slice(at + 3).trim() : '';
    out[field] = zh && en ? { zh, en } : error.text;
  }
  if (details?.field && !out[details.field]) out[details.field] = error.text;
  return out;
}

export interface FieldErrorsOf {
  errors: FieldErrors;
  /** spread on the input: `aria-invalid` and `aria-describedby` (with the input's own hint, if any) */
  props(field: string, hint?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
  /** the message under the input */
  message(field: string): ReactNode;
  /** the form's container: its first marked input takes the focus when a refusal arrives */
  container(element: HTMLElement | null): void;
}

export function useFieldErrors(
  error: ApiError | null,
  fieldOf: (path: string) => string | undefined = firstSegment,
): FieldErrorsOf {
  const { pick } = useI18n();
  const base = useId();
  const element = useRef<HTMLElement | null>(null);
  const container = useCallback((e: HTMLElement | null) => {
    element.current = e;
  }, []);
  const mapping = useRef(fieldOf);
  mapping.current = fieldOf;
  const errors = useMemo(() => fieldErrorsOf(error, mapping.current), [error]);
  useEffect(() => {
    if (Object.keys(errors).length === 0) return;
    element.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  const idOf = (field: string) => `${base}-${field}-err`;
  return {
    errors,
    container,
    props: (field, hint) =>
      errors[field]
        ? { 'aria-invalid': true, 'aria-describedby': [hint, idOf(field)].filter(Boolean).join(' ') }
        : hint
          ? { 'aria-describedby': hint }
          : {},
    message: (field) => {
      const text = errors[field];
      return text ? (
        <span id={idOf(field)} className="field-error" data-testid={`field-error-${field}`}>
          {pick(text)}
        </span>
      ) : null;
    },
  };
}

/**
 * The form's own line about a refusal: when its problems are shown at their fields, a count of them (with the code
 * as a reference); otherwise the API's message.
 */
export function FormError({ error, fields }: { error: ApiError | null; fields: FieldErrorsOf }) {
  const { t } = useI18n();
  if (!error) return null;
  const count = Object.keys(fields.errors).length;
  if (count === 0) return <ErrorNotice error={error} />;
  return (
    <p className="notice notice-error" role="alert">
      {t('field.summary', { count })}
      <span className="muted">{t('error.code', { code: error.code })}</span>
    </p>
  );
}
