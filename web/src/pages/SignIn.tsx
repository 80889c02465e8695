import { useId, useMemo, useState } from 'react';
import type { LocalUser } from '#local/people';
import type { Tier } from '#shared/reference/orgs';
import { ApiError, post } from '../api.ts';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { config } from '../config.ts';
import { clearCache, useResource } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { departmentLabel, tierLabel } from '../labels.ts';
import { Link, navigate } from '../router.tsx';
import type { PageProps } from '../routes.tsx';
import { safeNext, setToken } from '../session.ts';

const PAGE = 50;
const TIERS: Tier[] = ['central', 'province', 'region'];
/** A few identities to try the workflow with, first in the list. */
const SUGGESTED = ['finance.100000', 'finance.440000', 'finance.440100'];

/**
 * Sign-in. Locally: a development identity picker over the seeded users (`GET /local/users` → `POST /local/token`).
 * In AWS (`config.json` auth mode `cognito`) this page hands over to Cognito's hosted sign-in instead.
 */
export default function SignIn({ query }: PageProps) {
  const next = safeNext(query.get('next'));
  return config().auth.mode === 'local' ? <LocalSignIn next={next} /> : <HostedSignIn />;
}

/** Cognito hosted sign-in (authorisation code + PKCE, back to `/auth/callback`): planned, see docs/CONSOLE.md. */
function HostedSignIn() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('page.signIn')}</h1>
      <div className="notice" role="status">
        <p>{t('signIn.hostedNotReady')}</p>
      </div>
      <PublicLink />
    </section>
  );
}

/** 信息公开: the published targets and results need no sign-in. */
function PublicLink() {
  const { t } = useI18n();
  return (
    <p>
      <Link href="/public">{t('signIn.publicLink')}</Link>
    </p>
  );
}

/** The org's name, read off its users' names (`<org><department>联系人`): their longest common prefix. */
function orgNames(users: LocalUser[]): Map<string, string> {
  const byOrg = new Map<string, string[]>();
  for (const u of users) byOrg.set(u.orgCode, [...(byOrg.get(u.orgCode) ?? []), u.name]);
  const names = new Map<string, string>();
  for (const [code, list] of byOrg) {
    let prefix = list[0] ?? '';
    for (const n of list) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
    names.set(code, list.length > 1 && prefix ? prefix : code);
  }
  return names;
}

function LocalSignIn({ next }: { next: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const users = useResource<LocalUser[]>('/local/users', { cache: true, anonymous: true });
  const [tier, setTier] = useState<Tier | ''>('');
  const [org, setOrg] = useState('');
  const [department, setDepartment] = useState('');
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const ids = { tier: useId(), org: useId(), department: useId(), search: useId(), results: useId() };

  const all = users.data ?? [];
  const names = useMemo(() => orgNames(all), [all]);
  const departments = useMemo(() => [...new Set(all.map((u) => u.department))], [all]);
  const orgs = useMemo(
    () => [...new Set(all.filter((u) => !tier || u.tier === tier).map((u) => u.orgCode))],
    [all, tier],
  );
  const matches = useMemo(() => {
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const found = all.filter(
      (u) =>
        (!tier || u.tier === tier) &&
        (!org || u.orgCode === org) &&
        (!department || u.department === department) &&
        words.every((w) => `${u.id} ${u.name} ${u.email} ${u.orgCode}`.toLowerCase().includes(w)),
    );
    const rank = (u: LocalUser) => {
      const i = SUGGESTED.indexOf(u.id);
      return i < 0 ? SUGGESTED.length : i;
    };
    return found.sort((a, b) => rank(a) - rank(b));
  }, [all, tier, org, department, search]);

  const signIn = async (user: LocalUser) => {
    setBusy(user.id);
    setError(null);
    try {
      const { token } = await post<{ token: string }>('/local/token', { userId: user.id });
      clearCache();
      setToken(token);
      navigate(next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', { zh: String(e), en: String(e) }));
      setBusy(null);
    }
  };

  return (
    <section>
      <h1>{t('page.signIn')}</h1>
      <p className="lead">{t('signIn.localLead')}</p>
      <PublicLink />
      {error ? <ErrorNotice error={error} /> : null}
      {users.error ? <ErrorNotice error={users.error} /> : null}
      <search aria-label={t('signIn.filters')}>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={ids.search}>{t('signIn.search')}</label>
            <input
              id={ids.search}
              type="search"
              value={search}
              placeholder={t('signIn.searchPlaceholder')}
              autoComplete="off"
              onChange={(e) => {
                setSearch(e.target.value);
                setShown(PAGE);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.tier}>{t('signIn.tier')}</label>
            <select
              id={ids.tier}
              value={tier}
              onChange={(e) => {
                setTier(e.target.value as Tier | '');
                setOrg('');
                setShown(PAGE);
              }}
            >
              <option value="">{t('common.all')}</option>
              {TIERS.map((x) => (
                <option key={x} value={x}>
                  {tierLabel(i18n, x)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.org}>{t('signIn.org')}</label>
            <select
              id={ids.org}
              value={org}
              onChange={(e) => {
                setOrg(e.target.value);
                setShown(PAGE);
              }}
            >
              <option value="">{t('common.all')}</option>
              {orgs.map((code) => (
                <option key={code} value={code}>
                  {code} {names.get(code)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.department}>{t('signIn.department')}</label>
            <select
              id={ids.department}
              value={department}
              onChange={(e) => {
                setDepartment(e.target.value);
                setShown(PAGE);
              }}
            >
              <option value="">{t('common.all')}</option>
              {departments.map((d) => (
                <option key={d} value={d}>
                  {departmentLabel(i18n, d)}
                </option>
              ))}
            </select>
          </div>
        </form>
      </search>
      {users.loading ? (
        <Loading />
      ) : (
        <>
          <p id={ids.results} role="status" aria-live="polite" className="muted">
            {t('signIn.count', { shown: Math.min(shown, matches.length), total: matches.length })}
          </p>
          <ul className="user-list" aria-labelledby={ids.results}>
            {matches.slice(0, shown).map((u) => (
              <li key={u.id}>
                <button
                  type="button"
                  className="user"
                  data-user-id={u.id}
                  disabled={busy !== null}
                  aria-busy={busy === u.id}
                  onClick={() => signIn(u)}
                >
                  <span className="user-name">{u.name}</span>
                  <span className="user-meta">
                    <code>{u.id}</code> · {tierLabel(i18n, u.tier)} · {departmentLabel(i18n, u.department)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {matches.length > shown ? (
            <button type="button" className="button" onClick={() => setShown((s) => s + PAGE)}>
              {t('signIn.more')}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
