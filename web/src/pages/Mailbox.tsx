import { Fragment, useId, useMemo, useState } from 'react';
import type { MailView as MailMessage } from '#local/mail';
import { Empty, ErrorNotice, Loading } from '../components/Notices.tsx';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';

const URL_PATTERN = /https?:\/\/[^\s<>"，。）]+/g;

/** Plain text with its URLs as links (the mail's HTML part is not rendered: it is not the console's to trust). */
function Linkified({ text }: { text: string }) {
  const parts: (string | { url: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    parts.push(text.slice(last, m.index), { url: m[0] });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable text
          <Fragment key={i}>{p}</Fragment>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one immutable text
          <Link key={i} href={p.url}>
            {p.url}
          </Link>
        ),
      )}
    </>
  );
}

/** The local default's mailbox (development only): every message SES would have sent, newest first. */
export default function Mailbox({ me }: PageProps) {
  const { t, lang } = useI18n();
  const mail = useResource<MailMessage[]>('/local/mail', { anonymous: true });
  const [filter, setFilter] = useState('');
  const [mineOnly, setMineOnly] = useState(false);
  const ids = { filter: useId(), mine: useId() };
  const messages = useMemo(() => {
    const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return [...(mail.data ?? [])]
      .filter((m) => !mineOnly || (me !== null && m.to.includes(me.email)))
      .filter((m) => words.every((w) => `${m.subject} ${m.to.join(' ')}`.toLowerCase().includes(w)))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }, [mail.data, filter, mineOnly, me]);

  return (
    <section>
      <div className="page-head">
        <h1>{t('page.mailbox')}</h1>
        <div className="page-tools">
          <button type="button" className="button" onClick={mail.reload}>
            {t('common.refresh')}
          </button>
        </div>
      </div>
      <p className="lead">{t('mailbox.lead')}</p>
      <search aria-label={t('mailbox.filters')}>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={ids.filter}>{t('mailbox.filter')}</label>
            <input id={ids.filter} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
          </div>
          {me ? (
            <div className="field field-check">
              <input id={ids.mine} type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
              <label htmlFor={ids.mine}>{t('mailbox.mineOnly', { email: me.email })}</label>
            </div>
          ) : null}
        </form>
      </search>
      {mail.error ? <ErrorNotice error={mail.error} /> : null}
      {mail.loading && !mail.data ? <Loading /> : null}
      {mail.data ? (
        <p className="muted" role="status" data-testid="mail-count">
          {t('mailbox.count', { count: messages.length, total: mail.data.length })}
        </p>
      ) : null}
      {mail.data && messages.length === 0 ? <Empty>{t('mailbox.none')}</Empty> : null}
      <ol className="mail-list">
        {messages.map((m) => (
          <li key={m.id}>
            <article className="card mail" aria-labelledby={`mail-${m.id}`}>
              <h2 id={`mail-${m.id}`}>
                <Halves text={m.subject} separator=" | " />
              </h2>
              <dl className="facts facts-compact">
                <div>
                  <dt>{t('mailbox.at')}</dt>
                  <dd>
                    <time dateTime={m.at}>{formatDateTime(m.at, lang)}</time>
                  </dd>
                </div>
                <div>
                  <dt>{t('mailbox.from')}</dt>
                  <dd>{m.from}</dd>
                </div>
                <div>
                  <dt>{t('mailbox.to')}</dt>
                  <dd>{m.to.join(', ')}</dd>
                </div>
              </dl>
              <div className="mail-text">
                <Halves text={m.text} separator={MAIL_HALVES} linkify />
              </div>
              {m.links.length > 0 ? (
                <ul className="mail-links" aria-label={t('mailbox.links')}>
                  {m.links.map((url) => (
                    <li key={url}>
                      <Link href={url}>{t('mailbox.open', { url })}</Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Where a mail's Chinese ends and its English begins (shared/platform/mail.ts `renderMail`). */
const MAIL_HALVES = '\n——\n';

/** A mail's two languages, the English marked as such (`lang="en"`: read aloud in English, and not Chinese text). */
function Halves({ text, separator, linkify }: { text: string; separator: string; linkify?: boolean }) {
  const at = text.indexOf(separator);
  const zh = at < 0 ? text : text.slice(0, at);
  const en = at < 0 ? '' : text.slice(at + separator.length);
  const show = (s: string) => (linkify ? <Linkified text={s} /> : s);
  return (
    <>
      {show(zh)}
      {en ? (
        <>
          {separator}
          <span lang="en">{show(en)}</span>
        </>
      ) : null}
    </>
  );
}
