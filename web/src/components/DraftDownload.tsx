import { useState } from 'react';
import { type ApiError, asApiError, download } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorNotice } from './Notices.tsx';

/**
 * 下载草稿 (M19): the document the system drafts from the records (`…/draft`, .docx), fetched with the token, next to
 * the upload slot where the official version goes once edited.
 */
export function DraftDownload({ path, filename }: { path: string; filename: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  return (
    <div className="draft-download" data-testid="draft-download">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          download(path, filename)
            .catch((e) => setError(asApiError(e)))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('draft.downloading') : t('draft.download')}
      </button>
      <p className="muted">{t('draft.hint')}</p>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
