// The hooks import React through this module: bundled, each module importing 'react'
// gets an import statement of its own, names and all.
export {
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
