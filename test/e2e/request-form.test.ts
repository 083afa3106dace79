// A citizen sends the request in a real browser (Debian's Chromium via playwright-core) against the
// whole product: step by step, a reload half-way, the review page, the receipt. Screenshots of the
// form in Bokmål and Nynorsk go to test-output/screenshots/. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';

// A synthetic (test-data) national identity number: never a real person's.
const personId = '14858710058';

const app = useProductInBrowser();

const main = (page: Page) => page.getByRole('main');

async function stepHeading(page: Page, text: string): Promise<void> {
  await main(page).getByRole('heading', { level: 2, name: new RegExp(text) }).waitFor({ timeout: 10000 });
}

async function next(page: Page): Promise<void> {
  await main(page).getByRole('button', { name: 'Neste', exact: true }).click();
}

/** Signs on the signature step and goes on to the review. */
async function sign(page: Page, name: string): Promise<void> {
  await stepHeading(page, 'Signatur');
  await main(page).getByLabel('Skriv ditt fulle navn for å signere').fill(name);
  await main(page).getByText(/Jeg bekrefter at opplysningene er riktige/).click();
  await next(page);
  await stepHeading(page, 'Se over og send');
}

describe('the request form', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
  });

  afterAll(async () => {
    await context?.close();
  });

  test('the receipt page, opened without a receipt, does not claim anything was sent', async () => {
    await page.goto(`${app.baseUrl}/anmodning/kvittering`);
    await main(page).getByRole('heading', { level: 1, name: 'Fant ingen kvittering' }).waitFor();
    await expect(main(page).getByText('Anmodningen er sendt').count()).resolves.toBe(0);
    await expect(page.title()).resolves.toMatch(/^Fant ingen kvittering/);
    await main(page).getByRole('link', { name: 'Gå til Mine saker' }).waitFor();
    await page.screenshot({ path: `${screenshotDir}/request-receipt-missing-nb.png`, fullPage: true });
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk').click();
    await main(page).getByRole('heading', { level: 1, name: 'Fann inga kvittering' }).waitFor();
    await page.screenshot({ path: `${screenshotDir}/request-receipt-missing-nn.png`, fullPage: true });
    await page.getByRole('group', { name: 'Vel språk' }).getByText('Bokmål').click();
  });

  test('starts from the page about the plan, and shows linked errors for an empty step', async () => {
    await page.goto(`${app.baseUrl}/om-individuell-plan`);
    await main(page).getByRole('heading', { level: 1, name: 'Om individuell plan og koordinator' }).waitFor();
    await main(page).getByRole('link', { name: 'Be om individuell plan og koordinator' }).first().click();
    await main(page).getByRole('heading', { level: 1, name: 'Be om individuell plan og koordinator' }).waitFor();
    await stepHeading(page, 'Personen planen gjelder');
    await page.evaluate(() => document.fonts.ready.then(() => true));
    await page.screenshot({ path: `${screenshotDir}/request-form-nb.png`, fullPage: true });

    await next(page);
    const summary = main(page).locator('.form-error-summary');
    await summary.waitFor();
    // Focus moves to the summary; each error links to its field.
    await page.waitForFunction(() => document.activeElement?.classList.contains('form-error-summary'));
    const links = summary.getByRole('link');
    expect(await links.count()).toBeGreaterThanOrEqual(4);
    await summary.getByRole('link', { name: /Fullt navn/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-person-name');
    // The field is marked invalid and described by its message.
    await expect(main(page).getByLabel('Fullt navn', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.screenshot({ path: `${screenshotDir}/request-form-nb-errors.png`, fullPage: true });
  });

  test('in Nynorsk, the same errors are in Nynorsk', async () => {
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk').click();
    await main(page).getByRole('heading', { level: 2, name: /Personen planen gjeld/ }).waitFor();
    await main(page).getByText('Fyll ut feltet.').first().waitFor();
    await main(page).getByText('For å gå vidare må du rette opp dette:').waitFor();
    await page.screenshot({ path: `${screenshotDir}/request-form-nn.png`, fullPage: true });
    await page.getByRole('group', { name: 'Vel språk' }).getByText('Bokmål').click();
    await stepHeading(page, 'Personen planen gjelder');
  });

  test('a citizen fills in the form, reloads half-way without losing anything, and sends it', async () => {
    const m = main(page);
    await m.getByLabel('Fullt navn', { exact: true }).fill('Sigrid Fjellheim');
    await m.getByLabel('Fødselsnummer eller D-nummer', { exact: true }).fill(personId);
    await m.getByLabel(/^Telefon/).fill('912 34 567');
    await m.getByRole('group', { name: /Hvilken målform/ }).getByText('Nynorsk').click();
    await m.getByRole('group', { name: 'Trengs det tolk?' }).getByText('Nei').click();
    await next(page);

    await stepHeading(page, 'Hvem sender');
    // Focus moves to the new step's heading.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H2');
    await m.getByRole('group', { name: /Hvem sender anmodningen/ }).getByText('Jeg søker for meg selv').click();
    await next(page);

    await stepHeading(page, 'Behov og tjenester');
    await m.getByRole('group', { name: /Hva ber du om/ }).getByText('Individuell plan og koordinator').click();
    await m.getByLabel('Beskriv situasjonen', { exact: true }).fill('Jeg har MS og bor alene. Etter et attakk trenger jeg mer hjelp hjemme.');
    await m.getByLabel('Hva trenger å bli koordinert?', { exact: true }).fill('Hjemmetjenesten, fysioterapeut og NAV planlegger hver for seg.');
    await m.getByRole('button', { name: 'Legg til en tjeneste' }).click();
    // Keyboard users land in the new row.
    await page.waitForFunction(() => document.activeElement?.id === 'field-currentServices-0-service');
    await page.keyboard.type('Hjemmesykepleie');
    // The row is named by what it is, and so is its remove button.
    await m.getByRole('group', { name: 'Tjeneste 1' }).waitFor();
    await m.getByRole('button', { name: 'Fjern tjeneste 1' }).waitFor();
    await m.getByLabel('Hvem gir tjenesten?').selectOption('home-care');
    // Optional fields say so once (the renderer adds the marker; no label carries its own).
    await expect(m.getByText(/\((valgfritt)\)\s*\((valgfritt)\)/).count()).resolves.toBe(0);
    await expect(m.getByText(/\(valgfritt\)$/).count()).resolves.toBeGreaterThan(0);

    // Half-way: reload. Everything typed so far is still there, on the same step.
    await page.waitForTimeout(600); // the draft is saved 250 ms after the last change
    await page.reload();
    await stepHeading(page, 'Behov og tjenester');
    await expect(m.getByLabel('Beskriv situasjonen', { exact: true }).inputValue()).resolves.toBe('Jeg har MS og bor alene. Etter et attakk trenger jeg mer hjelp hjemme.');
    await expect(page.locator('#field-currentServices-0-service').inputValue()).resolves.toBe('Hjemmesykepleie');
    await expect(m.getByLabel('Hvem gir tjenesten?').inputValue()).resolves.toBe('home-care');
    await next(page);

    await stepHeading(page, 'Samtykke');
    await m.getByRole('group', { name: /Samtykker du til/ }).getByText('Ja').click();
    await m.getByRole('button', { name: 'Legg til en tjeneste' }).click();
    await m.getByRole('button', { name: 'Fjern tjeneste 1' }).waitFor();
    await m.getByLabel('Tjeneste', { exact: true }).selectOption('home-care');
    await m.getByRole('group', { name: 'Opplysninger tjenesten kan dele' }).getByText('Helseopplysninger').click();
    await m.getByRole('group', { name: /Hvor lenge gjelder samtykket/ }).getByText('Til jeg trekker det tilbake').click();
    await next(page);

    await sign(page, 'Sigrid Fjellheim');
    await m.getByText('Hjemmesykepleie').waitFor();
    await expect(m.getByText(personId).count()).resolves.toBe(1);
    await page.screenshot({ path: `${screenshotDir}/request-form-nb-review.png`, fullPage: true });

    await m.getByRole('button', { name: 'Send anmodningen' }).click();
    await m.getByRole('heading', { level: 1, name: 'Anmodningen er sendt' }).waitFor({ timeout: 20000 });
    const caseNumber = await m.getByTestId('case-number').textContent();
    expect(caseNumber).toMatch(/^IP-\d{4}-\d{6}$/);
    await m.getByText('Koordinerende enhet vurderer behovet og tar kontakt.').waitFor();
    await page.screenshot({ path: `${screenshotDir}/request-receipt-nb.png`, fullPage: true });

    // The draft is gone once sent: a shared computer keeps nothing.
    expect(await page.evaluate(() => window.sessionStorage.getItem('individuell-plan.request-draft'))).toBeNull();
  });

  test('a nurse reports a need: the receipt says the person is contacted, and offers no case to follow', async () => {
    await page.goto(`${app.baseUrl}/anmodning`);
    await stepHeading(page, 'Personen planen gjelder');
    const m = main(page);
    await m.getByLabel('Fullt navn', { exact: true }).fill('Sigrid Fjellheim');
    await m.getByLabel('Fødselsnummer eller D-nummer', { exact: true }).fill(personId);
    await m.getByRole('group', { name: /Hvilken målform/ }).getByText('Nynorsk').click();
    await m.getByRole('group', { name: 'Trengs det tolk?' }).getByText('Nei').click();
    await next(page);

    await stepHeading(page, 'Hvem sender');
    await m.getByRole('group', { name: /Hvem sender anmodningen/ }).getByText('Jeg er helsepersonell og melder et behov').click();
    await m.getByLabel('Ditt fulle navn', { exact: true }).fill('Hanne Vik');
    await m.getByLabel('Arbeidssted og stilling', { exact: true }).fill('Sykehuset Innlandet Gjøvik, sykepleier');
    await m.getByLabel(/^Din telefon/).fill('61 00 00 00');
    await next(page);

    await stepHeading(page, 'Behov og tjenester');
    await m.getByRole('group', { name: /Hva ber du om/ }).getByText('Individuell plan og koordinator').click();
    await m.getByLabel('Beskriv situasjonen', { exact: true }).fill('Innlagt etter et MS-attakk. Skal hjem til egen bolig og vil trenge flere tjenester.');
    await m.getByLabel('Hva trenger å bli koordinert?', { exact: true }).fill('Hjemmesykepleie, fysioterapi og hjelpemidler før utskriving.');
    await next(page);

    await sign(page, 'Hanne Vik');
    await m.getByRole('button', { name: 'Send anmodningen' }).click();
    await m.getByRole('heading', { level: 1, name: 'Anmodningen er sendt' }).waitFor({ timeout: 20000 });
    await m.getByText('Koordinerende enhet kontakter personen og tilbyr individuell plan og koordinator.').waitFor();
    await m.getByText(/^Du får ikke innsyn i saken\./).waitFor();
    await expect(m.getByRole('link', { name: 'Gå til Mine saker' }).count()).resolves.toBe(0);
    await expect(m.getByText('Du får svar innen en måned', { exact: false }).count()).resolves.toBe(0);
    await page.screenshot({ path: `${screenshotDir}/request-receipt-notification-nb.png`, fullPage: true });
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk').click();
    await m.getByText(/^Du får ikkje innsyn i saka\./).waitFor();
    await page.screenshot({ path: `${screenshotDir}/request-receipt-notification-nn.png`, fullPage: true });
    await page.getByRole('group', { name: 'Vel språk' }).getByText('Bokmål').click();
  });

  test('logs no errors in the page, and no id is there twice', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    expect(app.duplicateIds).toEqual([]);
  });
});
