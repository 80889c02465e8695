import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';

export default function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('page.notFound')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <Link href="/">{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
