import { type Component, Fragment, type Props, type VNode } from './jsx-runtime.js';

/**
 * A React-compatible renderer small enough for the script tag's budget: function
 * components with hooks, DOM elements, fragments and keyed lists, refs, and controlled
 * inputs. It renders `<ClickToCall/>` from `@ringback/react` unchanged. No class
 * components, context, portals or suspense: the widget uses none.
 */
export interface Fiber {
  /** The element type, or `TEXT`. */
  t: VNode['type'];
  /** Props, or a text node's text. */
  p: Props | string;
  k: unknown;
  /** The DOM node of an element or a text. */
  d?: Node;
  /** Children; `null` holds the place of a `false` / `null` child. */
  c: (Fiber | null)[];
  /** Parent. */
  u?: Fiber;
  /** The namespace of an element's children. */
  n?: string | null;
  /** Hook slots of a component. */
  h?: Hook[];
  /** Effects a render of this component queued: layout first, then passive. */
  e?: [(() => void)[], (() => void)[]];
  /** Waiting to render again. */
  dirty?: boolean;
  /** Unmounted. */
  gone?: boolean;
}
// biome-ignore lint/suspicious/noExplicitAny: a slot holds whatever its hook keeps.
export type Hook = Record<string, any>;

const TEXT = '#text';
const SVG = 'http://www.w3.org/2000/svg';
type Handlers = Record<string, (event: Event) => void>;
type Host = Element & { __h?: Handlers; __p?: Props; __r?: Fiber };

/** The component rendering now, for the hooks. */
export let current: Fiber | undefined;
let queue: Fiber[] = [];
const layoutEffects: (() => void)[] = [];
const effects: (() => void)[] = [];

/** Renders `vnode` into `container`, replacing what the last call rendered there. */
export function render(vnode: unknown, container: Element | DocumentFragment): void {
  const host = container as Host;
  host.__r ??= { t: 'root', p: {}, k: null, c: [], d: container, n: null };
  const root = host.__r;
  diffChildren(root, [vnode], root.n);
  place(root);
  commit();
}

/** Re-renders a component after a state change, on the next microtask. */
export function schedule(fiber: Fiber): void {
  if (fiber.dirty) return;
  fiber.dirty = true;
  if (queue.push(fiber) === 1) queueMicrotask(flush);
}

function flush(): void {
  const dirty = queue;
  queue = [];
  for (const fiber of dirty) {
    if (!fiber.dirty || fiber.gone) continue;
    renderComponent(fiber);
    let host = fiber.u!;
    while (!host.d) host = host.u!;
    place(host);
    commit();
  }
}

function commit(): void {
  for (const run of layoutEffects.splice(0)) run();
  for (const run of effects.splice(0)) run();
}

function renderComponent(fiber: Fiber): void {
  fiber.dirty = false;
  fiber.h ??= [];
  fiber.e = [[], []];
  current = fiber;
  hookIndex = 0;
  let out: unknown;
  try {
    out = (fiber.t as Component)(fiber.p as Props);
  } finally {
    current = undefined;
  }
  let host = fiber.u!;
  while (!host.d) host = host.u!;
  diffChildren(fiber, Array.isArray(out) ? out : [out], host.n);
  // Children's effects run before their parent's, as in React.
  layoutEffects.push(...fiber.e[0]);
  effects.push(...fiber.e[1]);
}

/** The index of the next hook slot; reset per render. */
export let hookIndex = 0;
export const nextHook = (): Hook => {
  const hooks = current!.h!;
  hooks[hookIndex] ??= {};
  return hooks[hookIndex++]!;
};

function normalize(child: unknown): VNode | null {
  if (child == null || typeof child === 'boolean') return null;
  if (Array.isArray(child)) return { type: Fragment, props: { children: child }, key: null };
  if (typeof child === 'object') return child as VNode;
  return { type: TEXT, props: String(child) as never, key: null };
}

function diffChildren(parent: Fiber, children: unknown[], ns: string | null | undefined): void {
  const old = parent.c;
  const used = new Set<Fiber>();
  const next = children.map((child, i) => {
    const vnode = normalize(child);
    if (!vnode) return null;
    const at = old[i];
    const match =
      vnode.key == null
        ? at && at.k == null && at.t === vnode.type && !used.has(at)
          ? at
          : undefined
        : old.find((f) => f && f.k === vnode.key && f.t === vnode.type && !used.has(f));
    if (match) used.add(match);
    return diff(match ?? undefined, vnode, parent, ns);
  });
  for (const fiber of old) if (fiber && !used.has(fiber)) unmount(fiber, true);
  parent.c = next;
}

function diff(
  fiber: Fiber | undefined,
  vnode: VNode,
  parent: Fiber,
  ns: string | null | undefined,
): Fiber {
  const { type, props } = vnode;
  const f: Fiber = fiber ?? { t: type, p: {}, k: vnode.key, c: [], u: parent };
  const old = f.p;
  f.p = props;
  if (type === TEXT) {
    if (!f.d) f.d = document.createTextNode(props as never);
    else if (old !== props) (f.d as Text).data = props as never;
  } else if (typeof type === 'function') {
    renderComponent(f);
  } else {
    const space = type === 'svg' ? SVG : ns;
    f.n = type === 'foreignObject' ? null : space;
    f.d ??= space ? document.createElementNS(space, type) : document.createElement(type);
    const dom = f.d as Host;
    const before = old as Props;
    if (before.ref !== props.ref) {
      setRef(before.ref, null);
    }
    for (const name in before) if (!(name in props)) setProp(dom, name, undefined, before[name]);
    for (const name in props) {
      if (props[name] !== before[name]) setProp(dom, name, props[name], before[name]);
    }
    dom.__p = props;
    diffChildren(f, [props.children], f.n);
    place(f);
    // After the children: a <select>'s value needs its options.
    syncControlled(dom);
    if (before.ref !== props.ref) setRef(props.ref, dom);
  }
  return f;
}

/** Puts the DOM nodes of `host`'s children in order, moving only what is out of place. */
function place(host: Fiber): void {
  const parent = host.d as Element;
  let at = parent.firstChild;
  for (const node of domNodes(host.c, [])) {
    if (node === at) at = at.nextSibling;
    else parent.insertBefore(node, at);
  }
}

function domNodes(fibers: (Fiber | null)[], out: Node[]): Node[] {
  for (const f of fibers) if (f) f.d ? out.push(f.d) : domNodes(f.c, out);
  return out;
}

function unmount(fiber: Fiber, remove: boolean): void {
  fiber.gone = true;
  for (const hook of fiber.h ?? []) hook.cleanup?.();
  if (fiber.d && typeof fiber.p === 'object') setRef(fiber.p.ref, null);
  for (const child of fiber.c) if (child) unmount(child, remove && !fiber.d);
  if (remove) (fiber.d as ChildNode | undefined)?.remove();
}

function setRef(ref: unknown, value: Node | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: unknown }).current = value;
}

// biome-ignore lint/suspicious/noExplicitAny: DOM properties of any element.
function setProp(dom: Host & Record<string, any>, name: string, value: any, old: any): void {
  if (name === 'children' || name === 'key' || name === 'ref') return;
  if (name === 'value' || name === 'checked') return;
  if (name === 'style') {
    const style = (dom as unknown as HTMLElement).style;
    for (const key in old) if (!value?.[key]) style.setProperty(cssName(key), '');
    for (const key in value) style.setProperty(cssName(key), value[key]);
    return;
  }
  if (name[0] === 'o' && name[1] === 'n') {
    let type = name.slice(2).toLowerCase();
    // React's onChange on a text field fires on every keystroke.
    if (type === 'change' && /^(input|textarea)$/i.test(dom.localName)) type = 'input';
    dom.__h ??= {};
    const handlers = dom.__h;
    if (value && !handlers[type]) dom.addEventListener(type, dispatch);
    if (!value) dom.removeEventListener(type, dispatch);
    handlers[type] = value;
    return;
  }
  const attribute = name === 'className' ? 'class' : name === 'htmlFor' ? 'for' : name;
  if (
    !dom.namespaceURI?.endsWith('svg') &&
    attribute === name &&
    !/^(tabIndex|role|href|list|form|width|height|download|rowSpan|colSpan|popover)$/.test(name) &&
    name in dom
  ) {
    try {
      dom[name] = value ?? '';
      return;
    } catch {
      // A read-only property: set the attribute instead.
    }
  }
  // aria-* and data-* keep "true" and "false"; other attributes are present or not.
  const spelled = /^(aria|data)-/.test(name);
  if (value == null || (value === false && !spelled)) {
    dom.removeAttribute(attribute);
  } else if (typeof value !== 'function') {
    dom.setAttribute(attribute, value === true && !spelled ? '' : value);
  }
}

const cssName = (key: string) =>
  key.startsWith('--') ? key : key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function dispatch(this: Host, event: Event): void {
  this.__h?.[event.type]?.(event);
  // A controlled field shows its value prop again if the handler did not change it,
  // after any re-render the handler caused (queued before this).
  if (this.__p && ('value' in this.__p || 'checked' in this.__p)) {
    queueMicrotask(() => syncControlled(this));
  }
}

function syncControlled(dom: Host): void {
  const props = dom.__p!;
  const field = dom as unknown as HTMLInputElement;
  if (props.value !== undefined && field.value !== String(props.value)) field.value = props.value;
  if (props.checked !== undefined && field.checked !== props.checked) field.checked = props.checked;
}
