import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe on the whole document and expects no violations. Colour contrast needs
 * layout, which jsdom has not: Storybook's a11y tests check it in Chromium.
 */
export async function expectNoAxeViolations(container: Element = document.body) {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`,
  );
  expect(summary).toEqual([]);
}
