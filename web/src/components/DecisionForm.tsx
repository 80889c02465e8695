import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.ts';
import { type Bilingual, useI18n } from '../i18n/i18n.tsx';
import { ErrorNotice } from './Notices.tsx';

/**
 * The decision on a human task (approve / return / score …), ready for the review workflows (DESIGN §6).
 * The page that shows it gets the task with GET (which changes nothing); the decision is this form's POST,
 * made as the signed-in assignee and carrying the anti-forgery token that came with the task. The endpoint and
 * its body are the workflow's to define: the page passes `submit`.
 */
export interface DecisionOption {
  value: string;
  label: Bilingual;
  /** a reason is required for this decision (e.g. returning for revision) */
  needsComment?: boolean;
}

export function DecisionForm({
  options,
  csrfToken,
  submit,
  onDone,
}: {
  options: DecisionOption[];
  csrfToken: string;
  submit(decision: { value: string; comment: string; csrfToken: string }): Promise<void>;
  onDone(): void;
}) {
  const { t, pick } = useI18n();
  const [value, setValue] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { legend: useId(), comment: useId() };
  const chosen = options.find((o) => o.value === value);
  const commentMissing = chosen?.needsComment === true && comment.trim() === '';

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen || commentMissing || busy) return;
    setBusy(true);
    setError(null);
    try {
      await submit({ value, comment: comment.trim(), csrfToken });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', { zh: String(err), en: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={onSubmit} method="post">
      <input type="hidden" name="csrfToken" value={csrfToken} />
      <fieldset>
        <legend id={ids.legend}>{t('task.decision')}</legend>
        {options.map((o) => (
          <label key={o.value} className="field-check">
            <input
              type="radio"
              name="decision"
              value={o.value}
              checked={value === o.value}
              onChange={() => setValue(o.value)}
            />
            {pick(o.label)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.comment}>
          {t('task.comment')}
          {chosen?.needsComment ? ` (${t('common.required')})` : ''}
        </label>
        <textarea
          id={ids.comment}
          name="comment"
          rows={4}
          value={comment}
          required={chosen?.needsComment === true}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <button type="submit" className="button button-primary" disabled={!chosen || commentMissing || busy}>
        {t('task.submit')}
      </button>
    </form>
  );
}
