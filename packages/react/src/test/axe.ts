import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe on the widget and expects no violations. `region` is off because the
 * widget is embedded in a host page, which provides the landmarks; colour contrast
 * cannot be computed without layout (jsdom), and is checked in Storybook instead.
 */
export async function expectNoAxeViolations(container: Element) {
  const results = await axe.run(container, {
    rules: { region: { enabled: false }, 'color-contrast': { enabled: false } },
  });
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`,
  );
  expect(summary).toEqual([]);
}
