/**
 * The focused element of the document or shadow root holding `node`: in a shadow root
 * (the script-tag embed) `document.activeElement` is only the host.
 */
export const focusedIn = (node: Element | null): Element | null =>
  ((node?.getRootNode() ?? document) as Document | ShadowRoot).activeElement;
