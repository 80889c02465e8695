import { type ReactNode, useId, useState } from 'react';
import type { CycleView as Cycle } from '#shared/cycle/cycles';
import type { Org } from '#shared/reference/orgs';
import { type ApiError, asApiError, download } from '../api.ts';
import { useResource } from '../data.ts';
import { TIME_ZONE } from '../format.ts';
import type { Lang } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../router.tsx';
import { ErrorNotice } from './Notices.tsx';

/** What the overview pages share: the day a step began, the download button, a table that scrolls in its own box. */

const DAY: Partial<Record<Lang, Intl.DateTimeFormat>> = {};

/** `2026年12月31日` (zh) or `31 Dec 2026` (en), in Asia/Shanghai. */
export function formatDay(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  DAY[lang] ??= new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: lang === 'en' ? 'short' : 'long',
    day: 'numeric',
  });
  return (DAY[lang] as Intl.DateTimeFormat).format(d);
}

/** 下载 Excel: the same table as the page, as the server's .xlsx (`?format=xlsx`), fetched with the token. */
export function DownloadButton({ path, filename }: { path: string; filename: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  return (
    <div className="overview-download">
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(undefined);
          const sep = path.includes('?') ? '&' : '?';
          download(`${path}${sep}format=xlsx`, filename)
            .catch((e) => setError(asApiError(e)))
            .finally(() => setBusy(false));
        }}
      >
        {busy ? t('overview.downloading') : t('overview.download')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** A wide table: it scrolls sideways inside its own box (focusable, named), so the page never gets wider. */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-wrap overview-scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** Central picks a province (`?org=`); the choice lives in the URL. */
export function ProvincePicker({ value }: { value: string | undefined }) {
  const { t, pick } = useI18n();
  const { path, query } = useLocation();
  const id = useId();
  const provinces = useResource<Org[]>('/api/orgs?tier=province', { cache: true });
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{t('overview.pickProvince')}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => {
          const q = new URLSearchParams(query);
          if (e.target.value) q.set('org', e.target.value);
          else q.delete('org');
          navigate(`${path}?${q}`, { replace: true });
        }}
      >
        <option value="">{t('overview.chooseProvince')}</option>
        {(provinces.data ?? []).map((o) => (
          <option key={o.code} value={o.code}>
            {pick(o.name)}
          </option>
        ))}
      </select>
    </div>
  );
}

export type { Cycle };

/** The links to the overviews a dashboard shows (central: national; a province's page: that province's). */
export function OverviewLinks({ year, org, regions }: { year: number | undefined; org?: string; regions?: boolean }) {
  const { t } = useI18n();
  const q = new URLSearchParams();
  if (year) q.set('cycle', String(year));
  if (org) q.set('org', org);
  const suffix = q.size ? `?${q}` : '';
  return (
    <nav className="overview-links" aria-label={t('overview.links')}>
      <span>{t('overview.links')}：</span>
      <Link href={`/overviews/monitoring${suffix}`}>{t('page.overviewMonitoring')}</Link>
      {regions ? <Link href={`/overviews/regions${suffix}`}>{t('page.overviewRegions')}</Link> : null}
      <Link href={`/overviews/completeness${suffix}`}>{t('page.overviewCompleteness')}</Link>
    </nav>
  );
}
