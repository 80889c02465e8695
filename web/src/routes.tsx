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
  /** shown in the navigation only to these departments (absent: to every department of the `nav` tiers but a third
   * party, which sees only the pages for everyone and those that name it) */
  navDepartments?: string[];
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
  // journey-province: the province's own pages
  {
    path: '/province/own',
    page: lazy(() => import('./pages/RegionWorkspace.tsx')),
    title: 'page.provinceOwn',
    tiers: ['province'],
  },
  {
    path: '/province/targets',
    page: lazy(() => import('./pages/ProvinceTargets.tsx')),
    title: 'page.provinceTargets',
    tiers: ['province'],
  },
  {
    path: '/province/decompose',
    page: lazy(() => import('./pages/Decompose.tsx')),
    title: 'page.decompose',
    tiers: ['province'],
  },
  {
    path: '/province/budget',
    page: lazy(() => import('./pages/Budget.tsx')),
    title: 'page.budget',
    tiers: ['province', 'region'],
  },
  {
    path: '/province/delegations',
    page: lazy(() => import('./pages/Delegations.tsx')),
    title: 'page.delegations',
    tiers: ['province'],
  },
  {
    path: '/province/report',
    page: lazy(() => import('./pages/ProvincialReport.tsx')),
    title: 'page.provincialReport',
    tiers: ['province'],
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
  // issue 18: the fund risk early warning and the figures to be verified
  {
    path: '/risk',
    page: lazy(() => import('./pages/Risk.tsx')),
    title: 'page.risk',
    tiers: ['central', 'province'],
    nav: ['central', 'province'],
    navDepartments: ['finance'],
  },
  // issue 16 part 3: the overviews
  {
    path: '/overviews/monitoring',
    page: lazy(() => import('./pages/NationalMonitoring.tsx')),
    title: 'page.overviewMonitoring',
    tiers: ['central', 'province'],
    nav: ['central'],
  },
  {
    path: '/overviews/regions',
    page: lazy(() => import('./pages/ProvinceMatrix.tsx')),
    title: 'page.overviewRegions',
    tiers: ['central', 'province'],
    nav: ['province'],
  },
  {
    path: '/overviews/completeness',
    page: lazy(() => import('./pages/Completeness.tsx')),
    title: 'page.overviewCompleteness',
    tiers: ['central', 'province'],
    nav: ['central'],
  },
  // journey-central: central's screens of the cycle
  {
    path: '/central/targets',
    page: lazy(() => import('./pages/CentralTargets.tsx')),
    title: 'page.centralTargets',
    tiers: ['central'],
  },
  {
    path: '/central/monitoring',
    page: lazy(() => import('./pages/MonitoringConfig.tsx')),
    title: 'page.monitoringConfig',
    tiers: ['central'],
  },
  {
    path: '/central/assessments',
    page: lazy(() => import('./pages/Assessment.tsx')),
    title: 'page.assessment',
    tiers: ['central'],
  },
  {
    path: '/central/publication',
    page: lazy(() => import('./pages/Publication.tsx')),
    title: 'page.publication',
    tiers: ['central'],
  },
  { path: '/tasks/:actionId', page: lazy(() => import('./pages/Task.tsx')), title: 'page.task' },
  // issue 16, the third party's journey: only what a province delegated to it
  {
    path: '/delegated',
    page: lazy(() => import('./pages/ThirdParty.tsx')),
    title: 'page.thirdParty',
    tiers: ['central', 'province'],
    nav: ['central', 'province'],
    navDepartments: ['third-party'],
  },
  // issue 17: a province's implementation rules (第二十四条), drafted by it and seen by central
  {
    path: '/rules',
    page: lazy(() => import('./pages/ProvincialRules.tsx')),
    title: 'page.rules',
    tiers: ['central', 'province'],
    nav: ['central', 'province'],
    navDepartments: ['finance'],
  },
  {
    path: '/mailbox',
    page: lazy(() => import('./pages/Mailbox.tsx')),
    title: 'page.mailbox',
    public: true,
    localOnly: true,
    nav: 'all',
  },
  // issue 17: a province's finance publishes its own disclosure (第二十一条)
  {
    path: '/province/publication',
    page: lazy(() => import('./pages/ProvincePublication.tsx')),
    title: 'page.publication',
    tiers: ['province'],
    nav: ['province'],
    navDepartments: ['finance'],
  },
  // issue 17: 结果应用 (第二十条) — finance decides, the administrations propose
  {
    path: '/results',
    page: lazy(() => import('./pages/Results.tsx')),
    title: 'page.results',
    nav: ['central', 'province', 'region'],
    navDepartments: ['finance', 'hrss-admin', 'medsec-admin'],
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
