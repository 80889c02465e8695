import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { decisionLabel } from '../labels.ts';
import { ErrorNotice } from './Notices.tsx';

/**
 * The decision on a human task (submit / approve / return …), DESIGN §6: the page shows the task with GET, which
 * changes nothing; the decision is a POST made by the signed-in assignee. It needs no anti-forgery token: the API
 * takes only a bearer token (never a cookie) and a JSON body, neither of which a form on another site can send.
 */
export function DecisionForm({
  decisions,
  needsComment,
  submit,
  extra,
  blocked,
}: {
  decisions: string[];
  /** decisions that need a reason (returning for revision) */
  needsComment: ReadonlySet<string>;
  submit(decision: { decision: string; comment?: string }): Promise<void>;
  /** fields of the step beside the decision (a review's score, an assessment's quality), by chosen decision */
  extra?: (decision: string) => ReactNode;
  /** whether those fields still keep the decision from being sent */
  blocked?: (decision: string) => boolean;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [value, setValue] = useState(decisions.length === 1 ? (decisions[0] ?? '') : '');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { legend: useId(), comment: useId(), hint: useId() };
  const commentRequired = needsComment.has(value);
  const commentMissing = commentRequired && comment.trim() === '';
  const held = value !== '' && (blocked?.(value) ?? false);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!value || commentMissing || held || busy) return;
    setBusy(true);
    setError(null);
    try {
      await submit({ decision: value, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', { zh: String(err), en: String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card" onSubmit={onSubmit} aria-labelledby={ids.legend}>
      <fieldset>
        <legend id={ids.legend}>{t('task.decision')}</legend>
        {decisions.map((d) => (
          <label key={d} className="field-check">
            <input type="radio" name="decision" value={d} checked={value === d} onChange={() => setValue(d)} />
            {decisionLabel(i18n, d)}
          </label>
        ))}
      </fieldset>
      {value && extra ? extra(value) : null}
      <div className="field">
        <label htmlFor={ids.comment}>
          {t('task.comment')}
          {commentRequired ? ` (${t('common.required')})` : ''}
        </label>
        <textarea
          id={ids.comment}
          name="comment"
          rows={4}
          maxLength={2000}
          value={comment}
          required={commentRequired}
          aria-describedby={ids.hint}
          onChange={(e) => setComment(e.target.value)}
        />
        <span id={ids.hint} className="hint">
          {t('task.commentHint')}
        </span>
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <button type="submit" className="button button-primary" disabled={!value || commentMissing || held || busy}>
        {t('task.submit')}
      </button>
    </form>
  );
}
