import { useEffect, useState } from 'react';
import type { TimelineEntry } from '#shared/cycle/timeline';
import { useResource } from '../data.ts';
import { formatDateTime } from '../format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { actionLabel, statusLabel } from '../labels.ts';
import { Empty, ErrorNotice, Loading } from './Notices.tsx';

/**
 * Every step of one work item's workflow, oldest first: when, who, what, and the comment (issue 8, page 6).
 * `version` of the record: a new one reloads the timeline, so an action on the page shows up here too.
 */
export function Timeline({
  year,
  org,
  kind,
  fund,
  version,
  title,
}: {
  year: number;
  org: string;
  kind: string;
  fund: string;
  version?: number;
  title: string;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  // loaded when opened: a page lists many items, and few timelines are read
  const [open, setOpen] = useState(false);
  const trail = useResource<TimelineEntry[]>(
    open ? `/api/cycles/${year}/timeline?org=${org}&kind=${kind}&fund=${fund}` : null,
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new version of the record is the reload trigger
  useEffect(() => {
    if (open && version !== undefined) trail.reload();
  }, [version]);
  return (
    <details className="timeline" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      {trail.error ? <ErrorNotice error={trail.error} /> : null}
      {trail.loading && !trail.data ? <Loading /> : null}
      {trail.data?.length === 0 ? <Empty>{t('timeline.none')}</Empty> : null}
      {trail.data && trail.data.length > 0 ? (
        <ol className="timeline-list" data-testid="timeline">
          {trail.data.map((e) => (
            <li key={`${e.at}-${e.action}-${e.actor.id}`}>
              <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time> <strong>{actionLabel(i18n, e.action)}</strong>{' '}
              <span className="muted">
                {e.actor.id.startsWith('system:') ? t('timeline.system') : e.actor.id}
                {e.assignee ? ` → ${e.assignee}` : ''}
                {e.status ? ` · ${statusLabel(i18n, e.status)}` : ''}
              </span>
              {e.comment ? <q className="timeline-comment">{e.comment}</q> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </details>
  );
}
