import { current, type Fiber, nextHook, schedule } from './render.js';

type Deps = readonly unknown[] | undefined;
const changed = (before: Deps, after: Deps) =>
  !before ||
  !after ||
  after.length !== before.length ||
  after.some((d, i) => !Object.is(d, before[i]));

type SetState<S> = (next: S | ((previous: S) => S)) => void;

export function useState<S>(initial: S | (() => S)): [S, SetState<S>] {
  const hook = nextHook();
  const fiber = current!;
  if (!hook.state) {
    const state: [S, SetState<S>] = [
      typeof initial === 'function' ? (initial as () => S)() : initial,
      (next) => {
        const value =
          typeof next === 'function' ? (next as (previous: S) => S)(state[0]) : (next as S);
        if (Object.is(value, state[0])) return;
        state[0] = value;
        schedule(fiber);
      },
    ];
    hook.state = state;
  }
  return hook.state;
}

export function useReducer<S, A>(reducer: (state: S, action: A) => S, initial: S) {
  const [state, setState] = useState(initial);
  return [state, (action: A) => setState((s) => reducer(s, action))] as const;
}

export function useRef<T>(initial: T): { current: T } {
  const hook = nextHook();
  hook.ref ??= { current: initial };
  return hook.ref;
}

export function useMemo<T>(compute: () => T, deps: Deps): T {
  const hook = nextHook();
  if (changed(hook.deps, deps)) {
    hook.value = compute();
    hook.deps = deps;
  }
  return hook.value;
}

export const useCallback = <T>(fn: T, deps: Deps): T => useMemo(() => fn, deps);

/** As React's: may return a cleanup. */
// biome-ignore lint/suspicious/noConfusingVoidType: an effect returns nothing or a cleanup.
type EffectCallback = () => void | (() => void);

const effect =
  (layout: 0 | 1) =>
  (run: EffectCallback, deps?: Deps): void => {
    const hook = nextHook();
    if (!changed(hook.deps, deps)) return;
    hook.deps = deps;
    (current as Required<Fiber>).e[layout].push(() => {
      hook.cleanup?.();
      hook.cleanup = run();
    });
  };

/** After the DOM is updated, before the browser paints. */
export const useLayoutEffect = effect(0);
/** After the DOM is updated (here in the same task, after the layout effects). */
export const useEffect = effect(1);
export const useInsertionEffect = useLayoutEffect;

let ids = 0;
export function useId(): string {
  const hook = nextHook();
  hook.id ??= `rb${(++ids).toString(36)}-`;
  return hook.id;
}

export function useSyncExternalStore<T>(
  subscribe: (onChange: () => void) => () => void,
  getSnapshot: () => T,
): T {
  const hook = nextHook();
  const fiber = current!;
  hook.get = getSnapshot;
  hook.value = getSnapshot();
  useLayoutEffect(() => {
    const check = () => {
      if (!Object.is(hook.value, hook.get())) schedule(fiber);
    };
    check();
    return subscribe(check);
  }, [subscribe]);
  return hook.value;
}
