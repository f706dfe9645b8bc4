import { onPageChange, pageLanguage } from './pageSettings.js';
import { useSyncExternalStore } from './react.js';

/**
 * The locale to use: the given one, else the page's (`<html lang>`, followed as it
 * changes), else the browser's. On the server and while hydrating it is `en`, so
 * server and client render the same markup.
 */
export function useLocale(locale: string | undefined): string {
  const page = useSyncExternalStore(onPageChange, pageLanguage, () => undefined);
  return locale ?? page ?? 'en';
}
