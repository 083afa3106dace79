// Staff's notification page in a real browser (Debian's Chromium via playwright-core) against the
// whole product with the development sign-in: the unit's lead Liv Berg reaches "Varsler" from her
// navigation, chooses Nynorsk for her e-mails (announced, kept after a reload) and sees the section of
// notifications that could not be delivered; a case worker who is not the lead does not. Screenshots
// in nb and nn; axe checks WCAG 2.1 AA. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { chooseLanguage, fontsReady, main, signInAs } from './support/pages.js';

const app = useProductInBrowser();

describe('the staff notification page', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  test('the lead reaches it from the navigation and sees the undelivered notifications', async () => {
    await signInAs(page, app.baseUrl, 'Liv Berg');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Varsler' }).click();
    await page.waitForURL(`${app.baseUrl}/varsler`, { timeout: 10000 });
    await main(page).getByRole('heading', { level: 1, name: 'Varsler på e-post' }).waitFor({ timeout: 10000 });
    await main(page).getByRole('heading', { level: 2, name: 'Varsler som ikke kom fram' }).waitFor({ timeout: 10000 });
    await main(page).getByTestId('failed-none').waitFor({ timeout: 10000 });
    await main(page).getByRole('heading', { level: 2, name: 'Dine siste varsler' }).waitFor();
    await main(page).getByTestId('own-none').waitFor({ timeout: 10000 });
    await expect(main(page).getByRole('radio', { name: 'Bokmål' }).isChecked()).resolves.toBe(true);
  });

  test('chooses Nynorsk for her e-mails: saved, announced, kept after a reload', async () => {
    await main(page).getByRole('radio', { name: 'Nynorsk' }).check();
    await main(page).getByRole('status').getByText('Språket er lagret.').waitFor({ timeout: 10000 });
    await page.reload();
    await main(page).getByRole('radio', { name: 'Nynorsk' }).waitFor({ timeout: 10000 });
    await expect(main(page).getByRole('radio', { name: 'Nynorsk' }).isChecked()).resolves.toBe(true);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/staff-notifications-nb.png`, fullPage: true });
  });

  test('has no WCAG 2.1 AA violations', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  test('in Nynorsk', async () => {
    await chooseLanguage(page, 'Velg språk', 'Nynorsk');
    await main(page).getByRole('heading', { level: 1, name: 'Varsel på e-post' }).waitFor({ timeout: 10000 });
    await main(page).getByRole('heading', { level: 2, name: 'Varsel som ikkje kom fram' }).waitFor({ timeout: 10000 });
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/staff-notifications-nn.png`, fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await chooseLanguage(page, 'Vel språk', 'Bokmål');
  });

  test('a case worker who is not the lead sets her language but sees no undelivered notifications', async () => {
    const { context: other, page: perPage } = await app.newPage();
    await signInAs(perPage, app.baseUrl, 'Per Hansen', '/varsler');
    await main(perPage).getByRole('heading', { level: 1, name: 'Varsler på e-post' }).waitFor({ timeout: 10000 });
    await main(perPage).getByRole('radio', { name: 'Bokmål' }).waitFor({ timeout: 10000 });
    await expect(main(perPage).getByRole('heading', { level: 2, name: 'Varsler som ikke kom fram' }).count()).resolves.toBe(0);
    await other.close();
  });

  test('nothing loaded from outside and no page errors', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
