// `@ringback/server/redis`: the store for several instances. A subpath of its own so
// that only deployments that use Redis load ioredis (an optional peer dependency).

export { StoreUnavailableError } from './domain/StoreUnavailableError.js';
export { createRedisStore, type RedisStoreOptions } from './store/redis/createRedisStore.js';
