import { useEffect, useState } from 'react';
import { ApiError } from '../api.ts';
import { completeSignIn, SignInError } from '../auth.ts';
import { ErrorNotice, Loading } from '../components/Notices.tsx';
import { clearCache } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, navigate } from '../router.tsx';

/** One exchange per callback URL, however often the page mounts (React's development mode mounts twice). */
const exchanges = new Map<string, Promise<string>>();

/** `/auth/callback`: the issuer sends the browser here with a code; exchanged for tokens, then on to `next`. */
export default function AuthCallback() {
  const { t } = useI18n();
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    const href = location.href;
    let exchange = exchanges.get(href);
    if (!exchange) {
      exchange = completeSignIn(new URL(href));
      exchanges.set(href, exchange);
    }
    let live = true;
    exchange.then(
      (next) => {
        if (!live) return;
        clearCache();
        navigate(next, { replace: true });
      },
      (e: unknown) => {
        if (!live) return;
        const failed = e instanceof SignInError ? e : new SignInError('SIGN_IN_FAILED', 'signIn.failed');
        setError(new ApiError(0, failed.code, failed.text));
        // the code and state are spent: take them out of the address bar
        history.replaceState(null, '', '/auth/callback');
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <section>
      <h1>{t('page.signIn')}</h1>
      {error ? (
        <ErrorNotice error={error}>
          <p>
            <Link href="/signin">{t('signIn.again')}</Link>
          </p>
        </ErrorNotice>
      ) : (
        <Loading label={t('signIn.completing')} />
      )}
    </section>
  );
}
