import type { Child, SpawnOptions } from './child.js';
import { childScript, spawnChild } from './child.js';

export type StoreKind = 'memory' | 'sqlite' | 'redis';

export type ServerSpec =
  | { kind: 'floor' }
  | { kind: 'sim' }
  | { kind: 'express'; simUrl: string }
  /** Static pages from `root`, and the proxy at /ringback. */
  | { kind: 'page'; root: string }
  /**
   * The `ringback-server` bin as deployed (SQLite at `location`, request log on); with
   * `console`, the operator console configured too (its statistics move on every call change).
   */
  | { kind: 'bin'; simUrl: string; location: string; execArgv?: string[]; console?: boolean }
  | {
      kind: 'ringback';
      simUrl: string;
      store: StoreKind;
      /** SQLite file, or Redis URL. */
      location?: string;
    };

/** Starts a server under test in its own process. */
export function startServer(spec: ServerSpec, options: SpawnOptions = {}): Promise<Child> {
  return spawnChild(childScript('server'), spec, options);
}
