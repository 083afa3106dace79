// Sign-in and sign-out in a real browser (Debian's Chromium via playwright-core) against the whole
// product with the development sign-in (AUTH_MODE=dev, the default outside production): the
// development banner, the sign-in page in Bokmål, Nynorsk and English (screenshots in
// test-output/screenshots/), signing in as the fictional citizen Kari Nordmann, "Mine saker",
// signing out, and the messages for a sign-in that did not complete. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';

const app = useProductInBrowser();

const main = (page: Page) => page.getByRole('main');
const header = (page: Page) => page.getByRole('banner');
const devBanner = (page: Page) => page.getByRole('note', { name: /Utviklingsversjon|Development version/ });

async function expectHeading(page: Page, text: string): Promise<void> {
  await main(page).getByRole('heading', { level: 1, name: text, exact: true }).waitFor({ timeout: 10000 });
}

/** After navigating inside the app, focus is on the new page's h1. */
async function expectFocusOnHeading(page: Page, text: string): Promise<void> {
  await page
    .waitForFunction((expected) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === expected, text, { timeout: 5000 })
    .catch(() => undefined);
  await expect(page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).resolves.toBe(`H1 ${text}`);
}

async function ready(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

/** The fictional people as buttons on the sign-in page. */
function personButton(page: Page, name: string): Locator {
  return main(page).getByRole('button', { name: new RegExp(`^${name}\\b`) });
}

async function chooseLanguage(page: Page, groupName: string, language: string): Promise<void> {
  await page.getByRole('group', { name: groupName }).getByText(language, { exact: true }).click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, language === 'Nynorsk' ? 'nn' : 'en');
}

describe('the development sign-in', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  test('marks every page as a development version, in words', async () => {
    await page.goto(`${app.baseUrl}/`);
    await expectHeading(page, 'Individuell plan og koordinator');
    await devBanner(page).waitFor({ timeout: 10000 });
    await expect(devBanner(page).textContent()).resolves.toMatch(/Utviklingsversjon:.*fiktive personer.*Ikke bruk ekte opplysninger/);
    // The banner is outside the landmarks and before the header; the page still has one banner landmark.
    await expect(page.getByRole('banner').count()).resolves.toBe(1);

    await page.goto(`${app.baseUrl}/om-individuell-plan`);
    await expectHeading(page, 'Om individuell plan og koordinator');
    // It appears once the session has answered.
    await devBanner(page).waitFor({ timeout: 10000 });
    await expect(devBanner(page).count()).resolves.toBe(1);
  });

  test('leads from the header to the sign-in page, with the development warning and the fictional people', async () => {
    await page.goto(`${app.baseUrl}/`);
    await expectHeading(page, 'Individuell plan og koordinator');
    const signInLink = header(page).getByRole('link', { name: 'Logg inn', exact: true });
    await signInLink.waitFor({ timeout: 10000 });
    await expect(signInLink.getAttribute('href')).resolves.toBe('/logg-inn');

    await signInLink.click();
    await expectHeading(page, 'Logg inn');
    await expectFocusOnHeading(page, 'Logg inn');
    expect(new URL(page.url()).pathname).toBe('/logg-inn');
    await expect(page.title()).resolves.toMatch(/^Logg inn – Individuell plan og koordinator/);

    const warning = main(page).getByTestId('development-sign-in-warning');
    await expect(warning.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Innlogging for utvikling – bare fiktive personer');
    await expect(warning.textContent()).resolves.toContain('Den må ikke brukes med ekte opplysninger om noen.');
    await main(page).getByRole('heading', { level: 2, name: 'Velg en fiktiv person å logge inn som' }).waitFor();
    await personButton(page, 'Kari Nordmann').waitFor({ timeout: 10000 });
    await expect(personButton(page, 'Kari Nordmann').textContent()).resolves.toBe('Kari NordmannInnbygger');
    await expect(personButton(page, 'Ola Nordmann').textContent()).resolves.toBe('Ola NordmannInnbygger – Forelder som søker for et barn');
    await expect(personButton(page, 'Anne Lie').textContent()).resolves.toBe('Anne LieKoordinator');
    await expect(main(page).getByRole('button').count()).resolves.toBe(8);

    await ready(page);
    await page.screenshot({ path: `${screenshotDir}/sign-in-nb.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/sign-in-nb-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('signs in as Kari Nordmann with the keyboard and lands on "Mine saker"', async () => {
    await personButton(page, 'Kari Nordmann').focus();
    await page.keyboard.press('Enter');

    await expectHeading(page, 'Mine saker');
    expect(new URL(page.url()).pathname).toBe('/mine-saker');
    await expectFocusOnHeading(page, 'Mine saker');
    const user = header(page).getByTestId('signed-in-user');
    await user.waitFor();
    await expect(user.textContent()).resolves.toBe('Logget inn som Kari NordmannInnbygger');
    await expect(header(page).getByRole('link', { name: 'Logg inn' }).count()).resolves.toBe(0);
    await main(page).getByText('Du har ingen saker ennå.').waitFor();
    await expect(devBanner(page).count()).resolves.toBe(1);
    await ready(page);
    await page.screenshot({ path: `${screenshotDir}/sign-in-done-nb.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/sign-in-done-nb-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // The session is the server's: a reload keeps her signed in.
    await page.reload();
    await expectHeading(page, 'Mine saker');
    await header(page).getByTestId('signed-in-user').filter({ hasText: 'Kari Nordmann' }).waitFor();
  });

  test('shows the role in Nynorsk and English too', async () => {
    await chooseLanguage(page, 'Velg språk', 'Nynorsk');
    await expect(header(page).getByTestId('signed-in-user').textContent()).resolves.toBe('Logga inn som Kari NordmannInnbyggjar');
    await expect(header(page).getByRole('button', { name: 'Logg ut' }).count()).resolves.toBe(1);
    await chooseLanguage(page, 'Vel språk', 'English');
    await expect(header(page).getByTestId('signed-in-user').textContent()).resolves.toBe('Signed in as Kari NordmannCitizen');
    await expect(header(page).getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1);
    await page.getByRole('group', { name: 'Choose language' }).getByText('Bokmål', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'nb');
  });

  test('opens "Mine saker" from the header and signs out to the start page', async () => {
    await page.goto(`${app.baseUrl}/om-individuell-plan`);
    await expectHeading(page, 'Om individuell plan og koordinator');
    await header(page).getByRole('link', { name: 'Mine saker' }).click();
    await expectHeading(page, 'Mine saker');
    await expectFocusOnHeading(page, 'Mine saker');

    await header(page).getByRole('button', { name: 'Logg ut' }).click();
    await expectHeading(page, 'Individuell plan og koordinator');
    expect(new URL(page.url()).pathname).toBe('/');
    await expectFocusOnHeading(page, 'Individuell plan og koordinator');
    await main(page).getByRole('status').filter({ hasText: 'Du er logget ut.' }).waitFor();
    await header(page).getByRole('link', { name: 'Logg inn', exact: true }).waitFor();
    await expect(header(page).getByTestId('signed-in-user').count()).resolves.toBe(0);

    // The server has ended the session too.
    const cases = await context.request.get(`${app.baseUrl}/api/cases`, { headers: { Accept: 'application/json' } });
    expect(cases.status()).toBe(401);
  });

  test('"Mine saker" signed out links to the sign-in page and comes back afterwards', async () => {
    await page.goto(`${app.baseUrl}/mine-saker`);
    await expectHeading(page, 'Mine saker');
    const link = main(page).getByRole('link', { name: 'Gå til innlogging' });
    await link.waitFor({ timeout: 10000 });
    await expect(link.getAttribute('href')).resolves.toBe('/logg-inn?returnTo=%2Fmine-saker');

    await link.click();
    await expectHeading(page, 'Logg inn');
    await personButton(page, 'Kari Nordmann').click();
    await expectHeading(page, 'Mine saker');
    expect(new URL(page.url()).pathname).toBe('/mine-saker');
    await main(page).getByText('Du har ingen saker ennå.').waitFor();

    await header(page).getByRole('button', { name: 'Logg ut' }).click();
    await expectHeading(page, 'Individuell plan og koordinator');
  });

  test('returns to a path on this site only', async () => {
    await page.goto(`${app.baseUrl}/logg-inn?returnTo=${encodeURIComponent('/om-individuell-plan')}`);
    await personButton(page, 'Per Hansen').click();
    await expectHeading(page, 'Om individuell plan og koordinator');
    await expect(header(page).getByTestId('signed-in-user').textContent()).resolves.toBe('Logget inn som Per HansenSaksbehandler, koordinerende enhet');
    await header(page).getByRole('button', { name: 'Logg ut' }).click();
    await expectHeading(page, 'Individuell plan og koordinator');

    // Another host is no place to return to: a citizen goes to "Mine saker" instead.
    await page.goto(`${app.baseUrl}/logg-inn?returnTo=${encodeURIComponent('//example.org/x')}`);
    await personButton(page, 'Kari Nordmann').click();
    await expectHeading(page, 'Mine saker');
    expect(new URL(page.url()).origin).toBe(app.baseUrl);
    await header(page).getByRole('button', { name: 'Logg ut' }).click();
    await expectHeading(page, 'Individuell plan og koordinator');
  });
});

describe('the sign-in page in Nynorsk and English', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
    await page.goto(`${app.baseUrl}/logg-inn`);
    await expectHeading(page, 'Logg inn');
    await personButton(page, 'Kari Nordmann').waitFor({ timeout: 10000 });
  });

  afterAll(async () => {
    await context?.close();
  });

  test('Nynorsk', async () => {
    await chooseLanguage(page, 'Velg språk', 'Nynorsk');
    await expectHeading(page, 'Logg inn');
    await expect(page.title()).resolves.toMatch(/^Logg inn – Individuell plan og koordinator/);
    await expect(devBanner(page).textContent()).resolves.toMatch(/Utviklingsversjon:.*Innlogging med fiktive personar\. Ikkje bruk ekte opplysningar\./);
    const warning = main(page).getByTestId('development-sign-in-warning');
    await expect(warning.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Innlogging for utvikling – berre fiktive personar');
    await expect(warning.textContent()).resolves.toContain(
      'Dette er ei innlogging for utvikling og testing. Alle personane nedanfor er oppdikta, og kven som helst kan logge inn som dei. Ho må ikkje brukast med ekte opplysningar om nokon.',
    );
    await main(page).getByRole('heading', { level: 2, name: 'Vel ein fiktiv person å logge inn som' }).waitFor();
    await expect(personButton(page, 'Kari Nordmann').textContent()).resolves.toBe('Kari NordmannInnbyggjar');
    await expect(personButton(page, 'Liv Berg').textContent()).resolves.toBe('Liv BergSakshandsamar, koordinerande eining – Leiar for koordinerande eining');
    await expect(personButton(page, 'Ola Nordmann').textContent()).resolves.toBe('Ola NordmannInnbyggjar – Forelder som søkjer for eit barn');
    await expect(header(page).getByRole('link', { name: 'Logg inn', exact: true }).count()).resolves.toBe(1);

    await ready(page);
    await page.screenshot({ path: `${screenshotDir}/sign-in-nn.png`, fullPage: true });
  });

  test('English', async () => {
    await chooseLanguage(page, 'Vel språk', 'English');
    await expectHeading(page, 'Sign in');
    await expect(page.title()).resolves.toMatch(/^Sign in – Individual plan and coordinator/);
    await expect(devBanner(page).textContent()).resolves.toMatch(/Development version:.*Sign-in with fictional people\. Do not use real information\./);
    const warning = main(page).getByTestId('development-sign-in-warning');
    await expect(warning.getByRole('heading', { level: 2 }).textContent()).resolves.toBe('Development sign-in – fictional people only');
    await expect(warning.textContent()).resolves.toContain('It must not be used with real information about anyone.');
    await main(page).getByRole('heading', { level: 2, name: 'Choose a fictional person to sign in as' }).waitFor();
    await expect(personButton(page, 'Kari Nordmann').textContent()).resolves.toBe('Kari NordmannCitizen');
    await expect(personButton(page, 'Ola Nordmann').textContent()).resolves.toBe('Ola NordmannCitizen – Parent acting for a child');
    await expect(personButton(page, 'Arne Strand').textContent()).resolves.toBe('Arne StrandAdministrator');
    await expect(header(page).getByRole('link', { name: 'Sign in', exact: true }).count()).resolves.toBe(1);

    await ready(page);
    await page.screenshot({ path: `${screenshotDir}/sign-in-en.png`, fullPage: true });

    await page.getByRole('group', { name: 'Choose language' }).getByText('Bokmål', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'nb');
  });

  test('gives every control a name and shows focus', async () => {
    const snapshot = await page.locator('body').ariaSnapshot();
    const controls = snapshot.split('\n').filter((line) => /^\s*- (link|button|radio)\b/.test(line));
    expect(controls.length).toBeGreaterThan(8);
    expect(controls.filter((line) => !/^\s*- \w+ "[^"]+"/.test(line))).toEqual([]);

    await personButton(page, 'Kari Nordmann').focus();
    await page.keyboard.press('Tab');
    const shows = await page.evaluate(() => {
      const style = document.activeElement ? getComputedStyle(document.activeElement) : null;
      return !!style && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
    });
    expect(shows).toBe(true);
  });
});

describe('a sign-in that did not complete', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  test.each([
    ['failed', 'Noe gikk galt under innloggingen. Prøv igjen.'],
    ['refused', 'Vi fant ingen aktiv bruker for deg.'],
    ['unavailable', 'Innloggingstjenesten svarer ikke akkurat nå.'],
  ])('?signIn=%s on the start page, where the server sends it', async (reason, text) => {
    await page.goto(`${app.baseUrl}/?signIn=${reason}`);
    await expectHeading(page, 'Individuell plan og koordinator');
    const alert = main(page).getByRole('alert');
    await alert.waitFor({ timeout: 10000 });
    await expect(alert.textContent()).resolves.toContain('Du ble ikke logget inn.');
    await expect(alert.textContent()).resolves.toContain(text);
    // The message takes focus so that it is read first, and offers a new try.
    await expect(alert.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await expect(alert.getByRole('link', { name: 'Prøv å logge inn igjen' }).getAttribute('href')).resolves.toBe('/logg-inn');
  });

  test('on the sign-in page too, in Nynorsk', async () => {
    await page.goto(`${app.baseUrl}/logg-inn?signIn=refused`);
    await chooseLanguage(page, 'Velg språk', 'Nynorsk');
    const alert = main(page).getByRole('alert');
    await alert.waitFor({ timeout: 10000 });
    await expect(alert.textContent()).resolves.toContain('Du vart ikkje logga inn. Vi fann ingen aktiv brukar for deg.');
    await page.getByRole('group', { name: 'Vel språk' }).getByText('Bokmål', { exact: true }).click();
  });

  test('the start page without a problem has no message', async () => {
    await page.goto(`${app.baseUrl}/`);
    await expectHeading(page, 'Individuell plan og koordinator');
    await expect(main(page).getByRole('alert').count()).resolves.toBe(0);
  });

  // Last: covers every page opened above.
  test('nothing loaded from outside and no errors logged', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
