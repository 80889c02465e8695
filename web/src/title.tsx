import { createContext, useContext, useEffect } from 'react';
import { useLocation } from './router.tsx';

/**
 * The document's title says where the reader is: the route's title, or — where one route serves many places (a
 * region's workspace, a province, a task) — the page's own heading. The shell (`App.tsx`) writes `document.title`;
 * a page names itself with `usePageTitle`.
 */
export const PageTitle = createContext<(path: string, text: string | null) => void>(() => {});

/** Names the current page in `document.title` (`null`: the route's title). */
export function usePageTitle(text: string | null) {
  const set = useContext(PageTitle);
  const { path } = useLocation();
  useEffect(() => {
    set(path, text);
    return () => set(path, null);
  }, [set, path, text]);
}
