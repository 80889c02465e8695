import { useEffect, useId, useRef } from 'react';
import type { TaskView } from '#shared/tasks/tasks';
import { useFollow, useResource } from '../data.ts';
import { formatDate, formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { label } from '../labels.ts';
import type { MonitoringView } from './Monitoring.tsx';
import { Empty, ErrorNotice, Loading } from './Notices.tsx';
import { Upload } from './Upload.tsx';

type Finding = Extract<MonitoringView['funds'][number], { findings: unknown }>['findings'][number];
type Evidence = NonNullable<NonNullable<Finding['correction']>['evidence']>[number];

/** `CORRNOTICE#<asOf>`: the period whose correction notice a task is about (the task's subject names its record). */
export function noticeOf(view: TaskView): { asOf: string } | null {
  const m = /^CORRNOTICE#(\d{4}-\d{2}-\d{2})$/.exec(view.subject.record.sk);
  return m ? { asOf: m[1] as string } : null;
}

/**
 * A correction notice (整改通知, 第十四条) on its task page: each finding of the region × fund × period it lists, with
 * its status, due date, what the region answered and what finance said when it returned it, and its evidence files
 * (佐证材料) — which the region's responder uploads here, per finding, each checked after it is stored (the page
 * follows the notice until the file's outcome shows). The decision below answers (or reviews) them all.
 */
export function CorrectionItem({ view, open, version }: { view: TaskView; open: boolean; version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { year, org, fund } = view.subject;
  const where = noticeOf(view);
  const monitoring = useResource<MonitoringView>(`/api/cycles/${year}/monitoring?org=${org}`);
  const { follow, following } = useFollow(monitoring, 1000, 90_000);
  // after the decision, the notice shows where its findings went
  const seen = useRef(version);
  const { reload } = monitoring;
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
  const ofFund = monitoring.data?.funds.find((f) => f.fund === fund && 'findings' in f);
  const findings: Finding[] =
    ofFund && 'findings' in ofFund ? ofFund.findings.filter((x) => x.asOf === where?.asOf && x.correction) : [];
  return (
    <section className="card" aria-labelledby="task-item" data-testid="task-item">
      <h2 id="task-item">{t('correction.item')}</h2>
      {monitoring.error ? <ErrorNotice error={monitoring.error} /> : null}
      {!findings.length && monitoring.loading ? <Loading /> : null}
      {monitoring.data && !findings.length ? <Empty>{t('correction.missing')}</Empty> : null}
      {findings.length ? (
        <ol className="notice-findings">
          {findings.map((f) => (
            <li key={f.code} data-testid="correction" data-code={f.code}>
              <FindingCorrection
                f={f}
                path={`/api/cycles/${year}/monitoring/${org}/${fund}/findings/${f.asOf}/${f.code}/evidence`}
                canUpload={open && view.step === 'respond' && f.status === 'correcting'}
                following={following}
                onUploaded={() => {
                  const before = (f.correction?.evidence ?? []).length;
                  follow((data) => {
                    const now = data?.funds.find((x) => x.fund === fund && 'findings' in x);
                    const g =
                      now && 'findings' in now
                        ? now.findings.find((x) => x.asOf === f.asOf && x.code === f.code)
                        : undefined;
                    return (g?.correction?.evidence ?? []).length > before;
                  });
                }}
              />
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}

/** One finding of a notice: what it says, where it stands, the answer and the evidence. */
function FindingCorrection({
  f,
  path,
  canUpload,
  following,
  onUploaded,
}: {
  f: Finding;
  path: string;
  canUpload: boolean;
  following: boolean;
  onUploaded: () => void;
}) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const listId = useId();
  const c = f.correction;
  const evidence: Evidence[] = c?.evidence ?? [];
  return (
    <>
      <p data-testid="correction-finding">{pick(f.message)}</p>
      <dl className="facts facts-compact">
        <div>
          <dt>{t('items.status')}</dt>
          <dd data-testid="task-item-status">{label(i18n, 'finding', f.status)}</dd>
        </div>
        <div>
          <dt>{t('monitoring.asOf')}</dt>
          <dd>{formatDate(f.asOf, lang)}</dd>
        </div>
        <div>
          <dt>{t('monitoring.dimension')}</dt>
          <dd>{label(i18n, 'dimension', f.dimension)}</dd>
        </div>
        <div>
          <dt>{t('monitoring.severity')}</dt>
          <dd>{label(i18n, 'severity', f.severity)}</dd>
        </div>
        {c ? (
          <div>
            <dt>{t('items.due')}</dt>
            <dd>
              <time dateTime={c.due}>{formatDateTime(c.due, lang)}</time>
              {c.overdue ? ` · ${t('monitoring.overdue')}` : ''}
            </dd>
          </div>
        ) : null}
      </dl>
      {c?.lastComment ? (
        <p className="notice notice-warning">
          {t('correction.returned', { at: formatDateTime(c.lastComment.at, lang) })} <q>{c.lastComment.text}</q>
        </p>
      ) : null}
      {c?.response ? (
        <p data-testid="correction-response">
          {t('correction.response', { at: formatDateTime(c.response.at, lang) })} <q>{c.response.text}</q>
        </p>
      ) : null}
      <h3 id={listId}>{t('correction.evidence')}</h3>
      {evidence.length === 0 ? <p className="muted">{t('correction.noEvidence')}</p> : null}
      {evidence.length > 0 ? (
        <ul aria-labelledby={listId} data-testid="correction-evidence">
          {evidence.map((e) => (
            <li key={e.key} data-ok={e.ok}>
              {e.ok
                ? t('correction.evidenceOk', {
                    type: (e.type ?? '').toUpperCase(),
                    size: Math.ceil((e.size ?? 0) / 1024),
                    at: formatDateTime(e.at, lang),
                  })
                : t('correction.evidenceRefused', {
                    at: formatDateTime(e.at, lang),
                    why: (e.errors ?? []).map((x) => pick(x.message)).join('；'),
                  })}
            </li>
          ))}
        </ul>
      ) : null}
      {canUpload ? (
        <Upload
          slotPath={path}
          slotBody={(type) => ({ type })}
          kind="evidence"
          types={['pdf', 'docx', 'xlsx']}
          label={t('correction.upload')}
          hint={t('correction.uploadHint')}
          checking={following}
          onUploaded={onUploaded}
        />
      ) : null}
    </>
  );
}
