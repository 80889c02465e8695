import { type ReactNode, Suspense, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { MeView as Me } from '#shared/reference/auth';
import { refreshSession, signOut } from './auth.ts';
import { ErrorNotice, Loading } from './components/Notices.tsx';
import { isLocal } from './config.ts';
import { clearCache, useResource } from './data.ts';
import { TIME_ZONE } from './format.ts';
import { HTML_LANG, useI18n } from './i18n/i18n.tsx';
import { departmentLabel } from './labels.ts';
import { Link, matchPath, navigate, useLocation } from './router.tsx';
import { NOT_FOUND, ROUTES, type RouteDef } from './routes.tsx';
import { getToken, onTokenChange, refreshDueAt, signInPath, tokenExpiry, tokenSubject } from './session.ts';
import { PageTitle } from './title.tsx';

function useToken(): string | null {
  return useSyncExternalStore(onTokenChange, getToken);
}

function findRoute(path: string): { route: RouteDef; params: Record<string, string> } {
  for (const route of ROUTES) {
    if (route.localOnly && !isLocal()) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
}

/** The shell: header, navigation, language switch, and the page of the current route. */
export function App() {
  const { t } = useI18n();
  const location = useLocation();
  const token = useToken();
  const { route, params } = findRoute(location.path);
  const mustSignIn = !route.public && !token;

  useEffect(() => {
    if (mustSignIn) navigate(signInPath(location.href), { replace: true });
  }, [mustSignIn, location.href]);

  // a page that serves many places names itself (title.tsx); otherwise the route's title
  const [named, setNamed] = useState<{ path: string; text: string } | null>(null);
  const nameThePage = useCallback(
    (path: string, text: string | null) =>
      setNamed((was) => (text !== null ? { path, text } : was?.path === path ? null : was)),
    [],
  );
  const pageTitle = named && named.path === location.path ? named.text : t(route.title);
  useEffect(() => {
    document.title = `${pageTitle} · ${t('app.name')}`;
  }, [pageTitle, t]);

  // The ID token is refreshed four fifths into its lifetime (a 401 before then refreshes it too, web/src/api.ts).
  useEffect(() => {
    const due = token ? refreshDueAt() : undefined;
    if (due === undefined) return;
    const timer = setTimeout(() => void refreshSession(), Math.max(0, due - Date.now()));
    return () => clearTimeout(timer);
  }, [token]);

  // After in-app navigation, move focus to the main region so screen readers announce the new page.
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of path
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
  }, [location.path]);

  return (
    // one view per person signed in: a refreshed token keeps the pages as they are
    <SessionView token={token} key={token ? (tokenSubject(token) ?? token) : 'anonymous'}>
      {(me, meError) => (
        <>
          <a className="skip-link" href="#main">
            {t('nav.skip')}
          </a>
          <Header me={me} path={location.path} token={token} />
          <main id="main" ref={main} tabIndex={-1} className="main">
            {mustSignIn ? (
              <Loading />
            ) : meError && !route.public ? (
              <ErrorNotice error={meError} />
            ) : !route.public && !me ? (
              <Loading />
            ) : route.tiers && me && !route.tiers.includes(me.tier) ? (
              <div className="notice" role="alert">
                <h1>{t(route.title)}</h1>
                <p>{t('common.notForYourRole')}</p>
              </div>
            ) : (
              <PageTitle.Provider value={nameThePage}>
                <Suspense fallback={<Loading />}>
                  <route.page params={params} query={location.query} me={me ?? null} />
                </Suspense>
              </PageTitle.Provider>
            )}
          </main>
          <footer className="footer">
            <p>{t('app.footer')}</p>
          </footer>
        </>
      )}
    </SessionView>
  );
}

/** Loads who is signed in (`GET /api/me`) once per token. */
function SessionView({
  token,
  children,
}: {
  token: string | null;
  children(me: Me | undefined, error: ReturnType<typeof useResource<Me>>['error']): ReactNode;
}) {
  const me = useResource<Me>(token ? '/api/me' : null);
  return <>{children(me.data, me.error)}</>;
}

/** `2026-05-31T07:30:00Z` → 15:30, Beijing time. */
function clockTime(epochSeconds: number, lang: 'zh' | 'en'): string {
  return new Intl.DateTimeFormat(HTML_LANG[lang], {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(epochSeconds * 1000));
}

function Header({ me, path, token }: { me: Me | undefined; path: string; token: string | null }) {
  const i18n = useI18n();
  const { t, lang, setLang, pick } = i18n;
  const expiry = token ? tokenExpiry(token) : undefined;
  const links = ROUTES.filter(
    (r) =>
      r.nav &&
      (!r.localOnly || isLocal()) &&
      (r.nav === 'all' || (me !== undefined && r.nav.includes(me.tier))) &&
      (r.navDepartments
        ? me !== undefined && r.navDepartments.includes(me.department)
        : // a third party works only on what was delegated to it: its own page and the pages for everyone
          r.nav === 'all' || me?.department !== 'third-party') &&
      (r.public || me !== undefined),
  );
  return (
    <header className="header">
      <div className="header-row">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>{t('app.name')}</span>
        </Link>
        <div className="header-tools">
          <button
            type="button"
            className="button button-small"
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {lang === 'zh' ? 'English' : '中文'}
          </button>
          {me ? (
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                clearCache();
                void signOut();
              }}
            >
              {t('nav.signOut')}
            </button>
          ) : null}
        </div>
      </div>
      <div className="header-row header-row-nav">
        <nav aria-label={t('nav.label')}>
          <ul className="nav">
            {links.map((r) => (
              <li key={r.path}>
                <Link href={r.path} aria-current={path === r.path ? 'page' : undefined}>
                  {t(r.title)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {me ? (
          <p className="whoami" data-testid="whoami">
            <span>{me.name}</span>{' '}
            <span className="muted">
              {pick(me.org?.name)} · {departmentLabel(i18n, me.department)}
            </span>
            {expiry ? (
              <>
                {' '}
                <span className="muted" data-testid="session-expiry">
                  {t('session.expiresAt', { time: clockTime(expiry, lang) })}
                </span>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
    </header>
  );
}
