import type { Logger } from '../domain/logger.js';
import type { Store } from '../domain/Store.js';
import { createMemoryStore } from './memoryStore.js';

/** A store named in the configuration rather than passed as an object. */
export type NamedStore =
  | { type: 'memory' }
  | { type: 'sqlite'; path: string }
  | { type: 'redis'; url: string; prefix?: string };

/**
 * Opens a named store. SQLite and Redis are imported only here, on first use, so
 * deployments that do not use them never load their drivers. Browser builds resolve
 * `#open-store` to openStore.browser.ts instead, which has neither.
 */
export async function openStore(config: NamedStore, logger: Logger): Promise<Store> {
  if (config.type === 'memory') return createMemoryStore();
  if (config.type === 'redis') {
    const { createRedisStore } = await import('./redisStore.js');
    return createRedisStore({ url: config.url, prefix: config.prefix, logger });
  }
  const { createSqliteStore } = await import('./sqliteStore.js');
  return createSqliteStore({ path: config.path });
}
