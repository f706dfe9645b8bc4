/**
 * What `react` resolves to in the embed's build: the parts of React's API that
 * `@ringback/react` uses, on the embed's own runtime. A React API it starts using that
 * is missing here fails the build (a missing export), not the visitor.
 */
export {
  useCallback,
  useEffect,
  useId,
  useInsertionEffect,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
} from './hooks.js';
export { createElement, Fragment } from './jsx-runtime.js';
