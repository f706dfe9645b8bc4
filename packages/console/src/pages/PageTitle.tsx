import { createContext, type ReactNode, useContext, useEffect, useRef } from 'react';
import { useText } from '../i18n/ConsoleLocaleProvider.js';

/** Whether the page being shown was reached by navigating inside the console (or logging in). */
export const NavigatedContext = createContext(false);

/**
 * A page's `<h1>`, which also names the document. After a navigation inside the
 * console it takes focus, so a screen reader starts at the new page, as after a load.
 */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  const { m } = useText();
  const navigated = useContext(NavigatedContext);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${m.appName}`;
  }, [title, m.appName]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: on mount only; a page mounts per route
  useEffect(() => {
    if (navigated) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
