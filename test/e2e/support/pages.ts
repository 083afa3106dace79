import type { BrowserContext, Page } from 'playwright-core';

/** What the browser tests do on many pages: wait for the fonts, sign in, switch language, get the CSRF token. */

export const languageNames = { Bokmål: 'nb', Nynorsk: 'nn', English: 'en' } as const;
export type LanguageName = keyof typeof languageNames;

export const main = (page: Page) => page.getByRole('main');

/** Waits until the page's fonts are loaded, so that a screenshot shows the page as a person sees it. */
export async function fontsReady(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

/** Signs in through the development sign-in page as one of the fictional people. */
export async function signInAs(page: Page, baseUrl: string, name: string, returnTo?: string): Promise<void> {
  await page.goto(`${baseUrl}/logg-inn${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
  await main(page).getByRole('button', { name: new RegExp(`^${name}\\b`) }).click({ timeout: 10000 });
}

/** The session's CSRF token, for calls the tests make beside the pages. */
export async function csrfToken(context: BrowserContext, baseUrl: string): Promise<string> {
  const response = await context.request.get(`${baseUrl}/api/auth/session`, { headers: { Accept: 'application/json' } });
  if (response.status() !== 200) throw new Error(`GET /api/auth/session answered ${response.status()}`);
  return ((await response.json()) as { csrfToken: string }).csrfToken;
}

/** Picks a language in the language switcher (a group named `groupName`) and waits for `<html lang>`. */
export async function chooseLanguage(page: Page, groupName: string, language: LanguageName): Promise<void> {
  await page.getByRole('group', { name: groupName }).getByText(language, { exact: true }).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, languageNames[language]);
}
