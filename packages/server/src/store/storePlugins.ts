import type { StoreConfig } from '../domain/RingbackConfig.js';
import type { Store, StoreOpenContext, StoreOpener } from '../domain/Store.js';
import { createMemoryStore } from './memoryStore.js';

/** A store the configuration names (`{ type: 'sqlite', path }`, …) rather than passes as an object. */
export type NamedStore = Exclude<StoreConfig, Store>;

type StorePlugin<T extends NamedStore['type']> = (
  config: Extract<NamedStore, { type: T }>,
  context: StoreOpenContext,
) => Promise<Store>;

/**
 * How each store the configuration may name is opened: the one place that knows stores
 * by name. SQLite and Redis are the modules behind `@ringback/server/sqlite` and
 * `@ringback/server/redis`, imported on first use, so deployments that never name them
 * never load their drivers. Browser builds resolve `#store-plugins` to
 * storePlugins.browser.ts, which has neither.
 */
const STORE_PLUGINS: { [T in NamedStore['type']]: StorePlugin<T> } = {
  memory: async () => createMemoryStore(),
  sqlite: async ({ path }) => (await import('./sqliteStore.js')).createSqliteStore({ path }),
  redis: async ({ url, prefix }, { logger }) =>
    (await import('./redis/createRedisStore.js')).createRedisStore({ url, prefix, logger }),
};

/** The opener of a store named in the configuration; nothing is loaded until it runs. */
export function storeOpener(config: NamedStore): StoreOpener {
  const plugin = STORE_PLUGINS[config.type] as StorePlugin<NamedStore['type']>;
  return (context) => plugin(config as never, context);
}
