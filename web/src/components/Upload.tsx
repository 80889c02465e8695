import { type ChangeEvent, useId, useRef, useState } from 'react';
import type { UploadSlot } from '#shared/documents/documents';
import { ApiError, asApiError, post, uploadFile } from '../api.ts';
import { fileType } from '../domain.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorNotice } from './Notices.tsx';

type Phase = 'idle' | 'slot' | 'sending' | 'sent';

/**
 * Upload one document: ask the API for a presigned POST (`slotPath`, `{ kind, type }`), then send the file straight
 * to the document store with a progress bar. The workflow validates the file afterwards; `onUploaded` lets the page
 * follow the record until it changes.
 */
export function Upload({
  slotPath,
  kind,
  types,
  label,
  hint,
  onUploaded,
  slotBody,
  checking,
  confirm,
}: {
  slotPath: string;
  kind: 'self-evaluation' | 'template' | 'provincial-report' | 'rectification' | 'monitoring' | 'evidence';
  types: ('pdf' | 'docx' | 'xlsx')[];
  label: string;
  hint: string;
  onUploaded(): void;
  /** the slot request's body when it is not `{ kind, type }` (`undefined`: none) */
  slotBody?: (type: string) => unknown;
  /** whether the page is still waiting for the file's check; once false, the sent line says the check is over */
  checking?: boolean;
  /** a confirmation first, for an upload that sends the item on (what it will do, in the dialog) */
  confirm?: { title: string; text: string; label: string };
}) {
  const { t } = useI18n();
  const id = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<ApiError | null>(null);
  const [name, setName] = useState('');
  const [pending, setPending] = useState<File | null>(null);

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (confirm) setPending(file);
    else void send(file);
  };

  const send = async (file: File) => {
    setError(null);
    setName(file.name);
    const type = fileType(file.name);
    if (!type || !types.includes(type)) {
      setError(
        new ApiError(0, 'FILE_TYPE', {
          zh: `请选择 ${types.join(' / ')} 文件`,
          en: `Please choose a ${types.join(' / ')} file`,
        }),
      );
      return;
    }
    try {
      setPhase('slot');
      setProgress(0);
      const slot = await post<UploadSlot>(slotPath, slotBody ? slotBody(type) : { kind, type });
      if (file.size > slot.maxBytes) {
        setPhase('idle');
        const mb = Math.round(slot.maxBytes / 1048576);
        setError(new ApiError(0, 'FILE_TOO_LARGE', { zh: `文件超过 ${mb} MB`, en: `The file exceeds ${mb} MB` }));
        return;
      }
      setPhase('sending');
      await uploadFile(slot, file, setProgress);
      setPhase('sent');
      onUploaded();
    } catch (err) {
      setPhase('idle');
      setError(asApiError(err));
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const busy = phase === 'slot' || phase === 'sending';
  return (
    <div className="field upload">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        accept={types.map((x) => `.${x}`).join(',')}
        aria-describedby={hintId}
        disabled={busy}
        onChange={onChange}
      />
      <span id={hintId} className="hint">
        {hint}
      </span>
      {phase !== 'idle' ? (
        <div className="upload-progress" role="status" aria-live="polite">
          <progress max={1} value={progress} aria-label={t('upload.progress', { name })} />
          <span>
            {phase === 'sent'
              ? t(checking === false ? 'upload.checked' : 'upload.sent', { name })
              : t('upload.sending', { name, percent: Math.round(progress * 100) })}
          </span>
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {confirm ? (
        <ConfirmDialog
          open={pending !== null}
          title={confirm.title}
          confirmLabel={confirm.label}
          onConfirm={() => {
            const file = pending;
            setPending(null);
            if (file) void send(file);
          }}
          onCancel={() => {
            setPending(null);
            if (input.current) input.current.value = '';
          }}
        >
          <p>{confirm.text}</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
