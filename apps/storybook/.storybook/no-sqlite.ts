// Stands in for better-sqlite3 in the browser: the stories use the memory store.
export default function Database(): never {
  throw new Error('better-sqlite3 is not available in the browser');
}
