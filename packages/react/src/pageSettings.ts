/**
 * Calls `listener` when the page may have changed its language or color scheme: sites
 * switch them on `<html>` (`lang`, a `dark` class, an inline `color-scheme`).
 */
export function onPageChange(listener: () => void): () => void {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true });
  return () => observer.disconnect();
}

/** The page's language (`<html lang>`), else the browser's. */
export const pageLanguage = (): string => document.documentElement.lang || navigator.language;

/**
 * The color scheme the page gives `element`: the CSS `color-scheme` it inherits, else
 * the page's `<meta name="color-scheme">`; `undefined` when the page offers both or
 * says nothing, so the visitor's OS setting decides.
 */
export function pageColorScheme(element: Element | null | undefined): 'light' | 'dark' | undefined {
  if (!element) return;
  const css = getComputedStyle(element).colorScheme;
  const value =
    css && css !== 'normal'
      ? css
      : (document.querySelector<HTMLMetaElement>('meta[name="color-scheme"]')?.content ?? '');
  const dark = value.includes('dark');
  if (dark !== value.includes('light')) return dark ? 'dark' : 'light';
}
