import type { Store } from '../domain/Store.js';

/**
 * `store` with some of its methods replaced (the wrappers the use cases write through:
 * statistics, the webhook outbox). A Proxy rather than a spread, so a store written as a
 * class keeps its other methods' `this`.
 */
export function storeWith(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, property) {
      const own = (overrides as Record<PropertyKey, unknown>)[property];
      if (own !== undefined) return own;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
