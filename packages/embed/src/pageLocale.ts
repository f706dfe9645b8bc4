/** The page's locale from `Ringback.setLocale()`, shared by every widget of this script. */
let locale: string | undefined;
const listeners = new Set<() => void>();

export const getPageLocale = (): string | undefined => locale;

export function setPageLocale(next: string | undefined): void {
  locale = next || undefined;
  for (const listener of listeners) listener();
}

export function onPageLocale(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
