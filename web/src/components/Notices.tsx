import type { ReactNode } from 'react';
import type { ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** An API error in the current language, with its code for support. */
export function ErrorNotice({ error, children }: { error: ApiError; children?: ReactNode }) {
  const { pick, t } = useI18n();
  return (
    <div className="notice notice-error" role="alert">
      <p>
        {pick(error.text)}
        <span className="muted">{t('error.code', { code: error.code })}</span>
      </p>
      {children}
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      {label ?? t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
