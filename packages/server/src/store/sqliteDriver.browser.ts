// `#sqlite-driver` in browser builds: SQLite needs Node.js.
export default function unavailable(): never {
  throw new Error('The sqlite store needs Node.js; in a browser use { type: "memory" }.');
}
