import type { StoreOpener } from '../domain/Store.js';
import { createMemoryStore } from './memoryStore.js';
import type { NamedStore } from './storePlugins.js';

/**
 * `#store-plugins` in browser builds (the proxy running in a page, as Storybook does):
 * only the memory store exists there, and bundlers never see the SQLite or Redis
 * drivers.
 */
export function storeOpener(config: NamedStore): StoreOpener {
  if (config.type === 'memory') return async () => createMemoryStore();
  return async () => {
    throw new Error(`The ${config.type} store needs Node.js; in a browser use { type: 'memory' }.`);
  };
}
