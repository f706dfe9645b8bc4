/**
 * `<ringback-call>` elements placed in the page itself (not in the floating button's
 * panel), announced as they connect, so the floating button can step aside for them.
 */
const listeners = new Set<(element: Element) => void>();

export function onInlineWidget(listener: (element: Element) => void): () => void {
  listeners.add(listener);
  for (const element of document.querySelectorAll('ringback-call')) listener(element);
  return () => listeners.delete(listener);
}

export function announceInlineWidget(element: Element): void {
  for (const listener of listeners) listener(element);
}
