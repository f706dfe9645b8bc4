import { useSyncExternalStore } from './react.js';

const subscribe = () => () => {};

/**
 * The locale to use: the given one, else the browser's. On the server and while
 * hydrating it is `en`, so server and client render the same markup.
 */
export function useLocale(locale: string | undefined): string {
  const browser = useSyncExternalStore(
    subscribe,
    () => navigator.language,
    () => undefined,
  );
  return locale ?? browser ?? 'en';
}
