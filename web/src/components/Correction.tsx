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

/** `FINDING#<asOf>#<code>`: the finding a correction task is about (the task's subject names its record). */
export function findingOf(view: TaskView): { asOf: string; code: string } | null {
  const m = /^FINDING#(\d{4}-\d{2}-\d{2})#([a-z0-9-]+)$/.exec(view.subject.record.sk);
  return m ? { asOf: m[1] as string, code: m[2] as string } : null;
}

/**
 * A correction item (整改, 第十四条) on its task page: the finding, its due date, what the region answered and what
 * finance said when it returned it, and the evidence files (佐证材料) — which the region's responder uploads here,
 * each checked after it is stored (the page follows the item until the file's outcome shows).
 */
export function CorrectionItem({ view, open, version }: { view: TaskView; open: boolean; version: number }) {
  const i18n = useI18n();
  const { t, pick, lang } = i18n;
  const { year, org, fund } = view.subject;
  const where = findingOf(view);
  const monitoring = useResource<MonitoringView>(`/api/cycles/${year}/monitoring?org=${org}`);
  const { follow, following } = useFollow(monitoring, 1000, 90_000);
  // after the decision, the item shows where it went
  const seen = useRef(version);
  const { reload } = monitoring;
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    reload();
  }, [version, reload]);
  const listId = useId();
  const findings = monitoring.data?.funds.find((f) => f.fund === fund && 'findings' in f);
  const f =
    findings && 'findings' in findings
      ? findings.findings.find((x) => x.asOf === where?.asOf && x.code === where?.code)
      : undefined;
  const c = f?.correction ?? null;
  const evidence: Evidence[] = c?.evidence ?? [];
  const canUpload = open && view.step === 'respond' && f?.status === 'correcting' && where !== null;
  return (
    <section className="card" aria-labelledby="task-item" data-testid="task-item">
      <h2 id="task-item">{t('correction.item')}</h2>
      {monitoring.error ? <ErrorNotice error={monitoring.error} /> : null}
      {!f && monitoring.loading ? <Loading /> : null}
      {monitoring.data && !f ? <Empty>{t('correction.missing')}</Empty> : null}
      {f ? (
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
              slotPath={`/api/cycles/${year}/monitoring/${org}/${fund}/findings/${where.asOf}/${where.code}/evidence`}
              slotBody={(type) => ({ type })}
              kind="evidence"
              types={['pdf', 'docx', 'xlsx']}
              label={t('correction.upload')}
              hint={t('correction.uploadHint')}
              checking={following}
              onUploaded={() => {
                const before = evidence.length;
                follow((data) => {
                  const now = data?.funds.find((x) => x.fund === fund && 'findings' in x);
                  const g =
                    now && 'findings' in now
                      ? now.findings.find((x) => x.asOf === where.asOf && x.code === where.code)
                      : undefined;
                  return (g?.correction?.evidence ?? []).length > before;
                });
              }}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}
