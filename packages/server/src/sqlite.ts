// `@ringback/server/sqlite`: the embedded store that survives restarts. A subpath of its
// own, like `@ringback/server/redis`, so that only deployments that use SQLite load
// better-sqlite3 (an optional peer dependency).

export { createSqliteStore, type SqliteStoreOptions } from './store/sqliteStore.js';
