import { useEffect } from 'react';
import { Loading } from '../components/Notices.tsx';
import { navigate } from '../router.tsx';
import { HOME_OF, type PageProps } from '../routes.tsx';

/**
 * `/` sends each user to the page of their tier. Kickoff mails link here as `/?cycle=<year>&org=<code>`;
 * the year and organisation are carried over.
 */
export default function Home({ me, query }: PageProps) {
  useEffect(() => {
    if (!me) return;
    const carried = new URLSearchParams();
    const cycle = query.get('cycle');
    const org = query.get('org');
    if (cycle && /^\d{4}$/.test(cycle)) carried.set('cycle', cycle);
    if (org && /^\d{6}$/.test(org) && org !== me.orgCode) carried.set('org', org);
    const q = carried.toString();
    // a third party reaches only what is delegated to it: its own page, whatever its tier
    const home = me.department === 'third-party' ? '/delegated' : HOME_OF[me.tier];
    navigate(`${home}${q ? `?${q}` : ''}`, { replace: true });
  }, [me, query]);
  return <Loading />;
}
