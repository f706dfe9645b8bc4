import { setupWorker } from 'msw/browser';

/** One MSW worker for the page; each story adds the handlers of its own scenario. */
export const worker = setupWorker();

let started: Promise<unknown> | undefined;

export function startWorker(): Promise<unknown> {
  started ??= worker.start({
    serviceWorker: { url: `${import.meta.env.BASE_URL ?? '/'}mockServiceWorker.js` },
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return started;
}
