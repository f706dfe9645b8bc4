import type * as v from 'valibot';
import type { ConfigIssue } from './RingbackConfigError.js';

/**
 * The schema's issues as `ConfigIssue`s under `root` (e.g. `widgets[0].hours`; the whole
 * config when empty), one per field: the first problem found is the one to fix.
 */
export function toConfigIssues(issues: readonly v.BaseIssue<unknown>[], root = ''): ConfigIssue[] {
  const byPath = new Map<string, string>();
  for (const issue of issues) {
    let path = root;
    for (const { key } of issue.path ?? []) {
      if (typeof key === 'number') path += `[${key}]`;
      else path += path ? `.${String(key)}` : String(key);
    }
    if (!byPath.has(path || 'config')) byPath.set(path || 'config', issue.message);
  }
  return [...byPath].map(([path, message]) => ({ path, message }));
}
