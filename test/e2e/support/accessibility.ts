import type { Page } from 'playwright-core';
import { axeViolations } from '../../support/axe.js';

type Language = 'nb' | 'nn' | 'en';
const languageName: Record<Language, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };
/** The language switcher's name in each language. */
const switcher = /^(Velg språk|Vel språk|Choose language)$/;

/** The language the page says it is in (`<html lang>`). */
export function pageLanguage(page: Page): Promise<Language> {
  return page.evaluate(() => document.documentElement.lang as Language);
}

/**
 * Picks a language in the header's switcher, whichever language the page shows now, and waits
 * until `<html lang>` follows: a page whose language attribute does not follow fails here.
 */
export async function switchLanguage(page: Page, language: Language): Promise<void> {
  await page.getByRole('banner').getByRole('group', { name: switcher }).getByText(languageName[language], { exact: true }).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language, { timeout: 5000 });
}

/**
 * Every page state checked with axe (WCAG 2.0 and 2.1, A and AA) in Bokmål, Nynorsk and English:
 * the state as the person sees it, then the same state switched to the two other languages (the
 * page's own switcher, nothing reloaded), then back.
 */
export class AccessibilityChecks {
  /** Page states checked. */
  states = 0;
  /** Page states × languages checked. */
  checked = 0;
  /** `state (language): rule: where`, for every violation found. */
  readonly violations: string[] = [];
  /** Time spent in axe and the language switches, ms. */
  spentMs = 0;

  async check(page: Page, state: string): Promise<void> {
    const started = Date.now();
    this.states++;
    const first = await pageLanguage(page);
    const order = [first, ...(['nb', 'nn', 'en'] as const).filter((language) => language !== first)];
    for (const language of order) {
      if (language !== first) await switchLanguage(page, language);
      this.violations.push(...(await axeViolations(page)).map((violation) => `${state} (${language}): ${violation}`));
      this.checked++;
    }
    await switchLanguage(page, first);
    this.spentMs += Date.now() - started;
  }

  summary(): string {
    return `${this.checked} page states × languages checked, ${this.violations.length} violations`;
  }
}
