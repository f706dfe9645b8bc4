/**
 * Sets `key` in `memory` as its newest entry, first forgetting the oldest when `memory`
 * already holds `kept` entries: a bounded memory whose entries are hints (dropping one
 * costs a lookup, never a wrong answer). A Map iterates in insertion order, so its first
 * key is the oldest.
 */
export function rememberBounded<K, V>(memory: Map<K, V>, key: K, value: V, kept: number): void {
  memory.delete(key);
  if (memory.size >= kept) memory.delete(memory.keys().next().value!);
  memory.set(key, value);
}
