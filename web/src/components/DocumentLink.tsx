import { useState } from 'react';
import type { DocumentLink as Link } from '#shared/documents/documents';
import { type ApiError, asApiError, get } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { Key } from '../i18n/messages.ts';
import { ErrorNotice } from './Notices.tsx';

/** A recorded document as a record shows it (`report`, `template`, `evidence[]`). */
export interface RecordedDocument {
  key: string;
  type: string;
  size: number;
}

/**
 * One recorded document with its action: 「打开」 for a PDF (a new tab, shown inline), 「下载」 for an Office file.
 * The click asks the API for a short-lived link (`GET /api/documents?key=…`, authorised and audited there) and
 * follows it; the link is never kept, so every open is asked for and recorded. The new tab is opened within the
 * click (a tab opened after the answer would be taken for a pop-up) and sent to the link once it arrives.
 */
export function DocumentLink({ doc, label }: { doc: RecordedDocument; label: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const inline = doc.type === 'pdf';
  const action = inline ? t('document.open') : t('document.download');
  const typeLabel = t(`document.type.${doc.type}` as Key);
  const size = `${Math.max(1, Math.ceil(doc.size / 1024))} KB`;

  async function follow() {
    setBusy(true);
    setError(null);
    const tab = inline ? window.open('', '_blank') : null;
    try {
      const link = await get<Link>(`/api/documents?key=${encodeURIComponent(doc.key)}`);
      if (tab) {
        tab.opener = null;
        tab.location.href = link.url;
      } else {
        const a = document.createElement('a');
        a.href = link.url;
        a.rel = 'noopener';
        document.body.append(a);
        a.click();
        a.remove();
      }
    } catch (e) {
      tab?.close();
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="document-link" data-testid="document-link" data-type={doc.type}>
      <span>
        {label} · {typeLabel} · {size}
      </span>{' '}
      <button
        type="button"
        className="button button-small"
        onClick={follow}
        disabled={busy}
        aria-label={`${action}：${label}`}
      >
        {busy ? t('document.fetching') : action}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </span>
  );
}
