import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0 and 2.1, A and AA: the rules the law asks of a public service. */
const wcag21aa = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** WCAG 2.0 and 2.1, A and AA, on the whole page as it is now: the rules that fail, with where. */
export async function axeViolations(page: Page): Promise<string[]> {
  // AxeBuilder types its page as @playwright/test's Page; playwright-core's is the same object.
  // Legacy mode runs axe.run in the page itself rather than finishing in a new blank page (the
  // product's pages have no frames from elsewhere), and only violations are gathered: about half
  // the time per check.
  const result = await new AxeBuilder({ page: page as never })
    .setLegacyMode()
    .options({ runOnly: { type: 'tag', values: wcag21aa }, resultTypes: ['violations'] })
    .analyze();
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
