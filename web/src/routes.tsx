import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { MeView as Me } from '#shared/reference/auth';
import type { Tier } from '#shared/reference/orgs';
import type { Key } from './i18n/messages.ts';

/**
 * The console's one route table. A page is one file in `pages/`; adding a page is adding a row here
 * (and its strings in `i18n/messages.ts`). Pages load lazily, so a chart library only loads where it is used.
 */
export interface PageProps {
  /** path parameters, e.g. `{ actionId }` for `/tasks/:actionId` */
  params: Record<string, string>;
  query: URLSearchParams;
  /** the signed-in user; null only on pages that do not require sign-in */
  me: Me | null;
}

export interface RouteDef {
  path: string;
  page: LazyExoticComponent<ComponentType<PageProps>>;
  title: Key;
  /** sign-in required (the default) */
  public?: boolean;
  /** tiers that may open the page; absent: every signed-in user */
  tiers?: Tier[];
  /** shown in the navigation to these tiers ('all': to everyone) */
  nav?: Tier[] | 'all';
  /** only where the local default runs (development routes under /local) */
  localOnly?: boolean;
}

export const ROUTES: RouteDef[] = [
  { path: '/', page: lazy(() => import('./pages/Home.tsx')), title: 'page.home' },
  { path: '/signin', page: lazy(() => import('./pages/SignIn.tsx')), title: 'page.signIn', public: true },
  {
    path: '/auth/callback',
    page: lazy(() => import('./pages/AuthCallback.tsx')),
    title: 'page.authCallback',
    public: true,
  },
  {
    path: '/central',
    page: lazy(() => import('./pages/CentralDashboard.tsx')),
    title: 'page.central',
    tiers: ['central'],
    nav: ['central'],
  },
  {
    path: '/province',
    page: lazy(() => import('./pages/ProvinceView.tsx')),
    title: 'page.province',
    tiers: ['central', 'province'],
    nav: ['province'],
  },
  {
    path: '/region',
    page: lazy(() => import('./pages/RegionWorkspace.tsx')),
    title: 'page.region',
    tiers: ['central', 'province', 'region'],
    nav: ['region'],
  },
  {
    path: '/public',
    page: lazy(() => import('./pages/PublicDisclosure.tsx')),
    title: 'page.public',
    public: true,
    nav: 'all',
  },
  {
    path: '/public/:year',
    page: lazy(() => import('./pages/PublicDisclosure.tsx')),
    title: 'page.public',
    public: true,
  },
  {
    path: '/directory',
    page: lazy(() => import('./pages/Directory.tsx')),
    title: 'page.directory',
    nav: ['central', 'province', 'region'],
  },
  { path: '/tasks/:actionId', page: lazy(() => import('./pages/Task.tsx')), title: 'page.task' },
  {
    path: '/mailbox',
    page: lazy(() => import('./pages/Mailbox.tsx')),
    title: 'page.mailbox',
    public: true,
    localOnly: true,
    nav: 'all',
  },
];

export const NOT_FOUND: RouteDef = {
  path: '*',
  page: lazy(() => import('./pages/NotFound.tsx')),
  title: 'page.notFound',
  public: true,
};

/** The page where each tier starts. */
export const HOME_OF: Record<Tier, string> = { central: '/central', province: '/province', region: '/region' };
