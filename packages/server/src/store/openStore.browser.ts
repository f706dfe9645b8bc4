import type { Logger } from '../domain/logger.js';
import type { Store } from '../domain/Store.js';
import { createMemoryStore } from './memoryStore.js';
import type { NamedStore } from './openStore.js';

/**
 * `#open-store` in browser builds (the proxy running in a page, as Storybook does):
 * only the memory store exists there, and bundlers never see the SQLite or Redis
 * drivers.
 */
export async function openStore(config: NamedStore, _logger: Logger): Promise<Store> {
  if (config.type === 'memory') return createMemoryStore();
  throw new Error(`The ${config.type} store needs Node.js; in a browser use { type: 'memory' }.`);
}
