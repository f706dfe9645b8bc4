import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from './hooks.js';
import { Fragment, createElement as h } from './jsx-runtime.js';
import { render } from './render.js';

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));
let container: HTMLElement;
const mount = (vnode: unknown) => {
  container ??= document.body.appendChild(document.createElement('div'));
  render(vnode, container);
  return container;
};
afterEach(() => {
  render(null, container);
});

describe('the embed runtime', () => {
  it('renders elements, text, fragments and nested arrays, and updates them in place', () => {
    const view = (n: number) =>
      h(
        'div',
        { id: 'a', className: 'box', 'data-n': n },
        'n = ',
        n,
        h(Fragment, null, h('b', null, 'x'), [h('i', { key: 1 }, 'y')]),
      );
    const root = mount(view(1));
    const div = root.firstChild as HTMLElement;
    expect(root.innerHTML).toBe('<div id="a" class="box" data-n="1">n = 1<b>x</b><i>y</i></div>');
    mount(view(2));
    expect(root.firstChild).toBe(div);
    expect(root.innerHTML).toBe('<div id="a" class="box" data-n="2">n = 2<b>x</b><i>y</i></div>');
  });

  it('writes aria and data booleans as "true" / "false" and drops other false attributes', () => {
    const root = mount(
      h('button', {
        'aria-expanded': false,
        'aria-busy': true,
        hidden: false,
        'aria-describedby': undefined,
      }),
    );
    const button = root.firstChild as HTMLButtonElement;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.hasAttribute('hidden')).toBe(false);
    expect(button.hasAttribute('aria-describedby')).toBe(false);
    expect(button.hasAttribute('style')).toBe(false);
    mount(h('button', { 'aria-expanded': true, hidden: true }));
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.hidden).toBe(true);
    expect(button.hasAttribute('aria-busy')).toBe(false);
  });

  it('keeps keyed children, and their focus, when the list reorders', () => {
    const list = (keys: string[]) =>
      h(
        'ul',
        null,
        keys.map((k) => h('li', { key: k }, k)),
      );
    const root = mount(list(['a', 'b', 'c']));
    const [a, b, c] = [...root.querySelectorAll('li')];
    mount(list(['c', 'a', 'd', 'b']));
    const after = [...root.querySelectorAll('li')];
    expect(after.map((li) => li.textContent)).toEqual(['c', 'a', 'd', 'b']);
    expect([after[0], after[1], after[3]]).toEqual([c, a, b]);
    mount(list(['b']));
    expect(root.querySelector('li')).toBe(b);
  });

  it('holds the place of false children, so what follows is not rebuilt', () => {
    const view = (show: boolean) =>
      h('form', null, show && h('p', null, 'error'), h('input', { name: 'phone' }));
    const root = mount(view(false));
    const input = root.querySelector('input');
    mount(view(true));
    expect(root.querySelector('input')).toBe(input);
    expect(root.querySelector('form')!.firstChild).toBe(root.querySelector('p'));
  });

  it('creates SVG in its namespace', () => {
    const root = mount(h('svg', { viewBox: '0 0 24 24' }, h('path', { d: 'M0 0' })));
    expect(root.querySelector('path')!.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(root.querySelector('svg')!.getAttribute('viewBox')).toBe('0 0 24 24');
  });

  it('runs hooks: state updates render on the next microtask, effects run after the DOM, cleanups on change and unmount', async () => {
    const log: string[] = [];
    let set!: (n: number | ((n: number) => number)) => void;
    function Counter() {
      const [n, setN] = useState(() => 1);
      set = setN;
      const ref = useRef<HTMLSpanElement | null>(null);
      const id = useId();
      useLayoutEffect(() => {
        log.push(`layout ${n} ${ref.current?.textContent}`);
      });
      useEffect(() => {
        log.push(`effect ${n}`);
        return () => log.push(`cleanup ${n}`);
      }, [n]);
      return h('span', { ref, id }, String(n));
    }
    const root = mount(h(Counter, null));
    expect(log).toEqual(['layout 1 1', 'effect 1']);
    const span = root.querySelector('span')!;
    expect(span.id).toMatch(/^rb/);
    set((n) => n + 1);
    set((n) => n + 1);
    expect(span.textContent).toBe('1');
    await tick();
    expect(span.textContent).toBe('3');
    expect(log.slice(2)).toEqual(['layout 3 3', 'cleanup 1', 'effect 3']);
    set(3);
    await tick();
    expect(log).toHaveLength(5);
    render(null, container);
    expect(log.at(-1)).toBe('cleanup 3');
    expect(root.innerHTML).toBe('');
  });

  it('follows an external store, including a change between render and subscribe', async () => {
    let value = 1;
    const listeners = new Set<() => void>();
    const subscribe = (fn: () => void) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    };
    function View() {
      const v = useSyncExternalStore(subscribe, () => value);
      if (v === 1) value = 2; // changes before the layout effect subscribes
      return h('output', null, String(v));
    }
    const root = mount(h(View, null));
    await tick();
    expect(root.textContent).toBe('2');
    value = 5;
    for (const fn of listeners) fn();
    await tick();
    expect(root.textContent).toBe('5');
    render(null, container);
    expect(listeners.size).toBe(0);
  });

  it('makes onChange of a text field fire per keystroke, and shows the value prop again when a change is refused', async () => {
    const changes: string[] = [];
    function Digits() {
      const [value, setValue] = useState('12');
      return h('input', {
        value,
        onChange: (event: Event) => {
          const next = (event.target as HTMLInputElement).value;
          changes.push(next);
          setValue(next.replace(/\D/g, ''));
        },
      });
    }
    const input = mount(h(Digits, null)).querySelector('input')!;
    expect(input.value).toBe('12');
    input.value = '123';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    await tick();
    expect(input.value).toBe('123');
    input.value = '123a';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await tick();
    await tick();
    expect(changes).toEqual(['123', '123a']);
    expect(input.value).toBe('123');
  });

  it('sets a select value after its options exist, and swaps event handlers', () => {
    const first = vi.fn();
    const second = vi.fn();
    const view = (onChange: () => void) =>
      h(
        'select',
        { value: 'AE', onChange },
        ['IN', 'AE'].map((c) => h('option', { key: c, value: c }, c)),
      );
    const select = mount(view(first)).querySelector('select')!;
    expect(select.value).toBe('AE');
    mount(view(second));
    select.dispatchEvent(new Event('change'));
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
  });

  it('sets custom properties and styles from a style object', () => {
    const root = mount(h('div', { style: { '--ringback-accent': 'red', marginTop: '2px' } }));
    const div = root.firstChild as HTMLElement;
    expect(div.style.getPropertyValue('--ringback-accent')).toBe('red');
    expect(div.style.marginTop).toBe('2px');
    mount(h('div', { style: { '--ringback-accent': 'blue' } }));
    expect(div.style.marginTop).toBe('');
  });
});
