import { useState } from 'react';
import { ApiError } from '../api.ts';
import { SignInError, startSignIn } from '../auth.ts';
import { ErrorNotice } from '../components/Notices.tsx';
import { config, isLocal } from '../config.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import type { PageProps } from '../routes.tsx';
import { safeNext } from '../session.ts';

/**
 * Sign-in: hands over to the OIDC issuer `config.json` names (Cognito's hosted sign-in or a unified identity platform
 * in AWS; locally the local OpenID provider, whose login page lists the people to sign in as), which sends the
 * browser back to `/auth/callback`. Who a mailed task is for is not said here: that is known only after sign-in.
 */
export default function SignIn({ query }: PageProps) {
  const { t } = useI18n();
  const next = safeNext(query.get('next'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const configured = config().auth !== undefined;

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      await startSignIn(next); // the browser leaves for the issuer
    } catch (e) {
      setError(
        e instanceof SignInError
          ? new ApiError(0, e.code, e.text)
          : new ApiError(0, 'ISSUER_UNREACHABLE', {
              zh: '无法连接统一身份认证服务，请稍后重试。',
              en: 'Cannot reach the identity provider; please try again later.',
            }),
      );
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('page.signIn')}</h1>
      {configured ? (
        <>
          <p className="lead">{t(isLocal() ? 'signIn.localLead' : 'signIn.lead')}</p>
          {next.startsWith('/tasks/') ? (
            <p className="notice" role="status">
              {t('signIn.forTask')}
            </p>
          ) : null}
          {error ? <ErrorNotice error={error} /> : null}
          <p>
            <button type="button" className="button button-primary" disabled={busy} aria-busy={busy} onClick={start}>
              {t('signIn.start')}
            </button>
          </p>
        </>
      ) : (
        <div className="notice notice-warning" role="status">
          <p>{t('signIn.notConfigured')}</p>
        </div>
      )}
      <p>
        <Link href="/public">{t('signIn.publicLink')}</Link>
      </p>
    </section>
  );
}
