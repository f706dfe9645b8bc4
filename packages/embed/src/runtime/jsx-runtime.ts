/**
 * The element factory of the embed's React-compatible runtime: `react/jsx-runtime` and
 * `react`'s `createElement` resolve here when the embed is built (see `vitePlugins.ts`).
 */

export interface VNode {
  type: string | Component;
  props: Props;
  key: unknown;
}
// biome-ignore lint/suspicious/noExplicitAny: props are whatever a component takes.
export type Props = Record<string, any>;
export type Component = (props: Props) => unknown;

/** Hooks for the embed itself, like Preact's `options`. */
export const options: { vnode?: (vnode: VNode) => void } = {};

export function jsx(type: VNode['type'], props: Props, key?: unknown): VNode {
  const vnode = { type, props, key: key ?? null };
  options.vnode?.(vnode);
  return vnode;
}
export { jsx as jsxs, jsx as jsxDEV };

export function createElement(
  type: VNode['type'],
  config?: Props | null,
  ...children: unknown[]
): VNode {
  const { key, ...props } = config ?? {};
  if (children.length) props.children = children.length > 1 ? children : children[0];
  return jsx(type, props, key);
}

/** `<>…</>`: its children, in place. */
export const Fragment = (props: Props): unknown => props.children;
