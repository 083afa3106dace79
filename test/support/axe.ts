import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0 and 2.1, A and AA, on the whole page as it is now: the rules that fail, with where. */
export async function axeViolations(page: Page): Promise<string[]> {
  // AxeBuilder types its page as @playwright/test's Page; playwright-core's is the same object.
  const result = await new AxeBuilder({ page: page as never }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
