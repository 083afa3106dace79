// The person's case page in a real browser (Debian's Chromium via playwright-core) against the whole
// product with the development sign-in: the fictional citizen Kari Nordmann sends a request through
// the API with her session, opens her case, and sees under "Hvem har sett saken din" who else has
// read it (the KE case worker Per Hansen, signed in in another browser context), in Bokmål, Nynorsk
// and English, with the empty, failure and "show more" states. Then, on the demo data (npm run
// seed:demo, run before the product starts), Kari's case with a plan waiting for her: changing
// consent from what is given, the request she signed, messages in the page's language, the two
// forms of the page with their own ids, the access log with one line per list view and the unit's
// lead, and approving the plan. Screenshots go to test-output/screenshots/. The web app must be
// built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { requestForm } from '../../forms/request.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { chooseLanguage, csrfToken, fontsReady, main, signInAs } from './support/pages.js';

// Kari Nordmann of the development sign-in (server/users/fictional.ts): a synthetic number, nobody's.
const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };

const app = useProductInBrowser({ seedDemo: true });

const accessLog = (page: Page) => main(page).getByTestId('case-access-log');
const rows = (page: Page) => accessLog(page).getByRole('table').locator('tbody tr');

/** Signs in through the development sign-in page as one of the fictional people. */
async function signIn(page: Page, name: string, returnTo: string, landingHeading: string): Promise<void> {
  await signInAs(page, app.baseUrl, name, returnTo);
  await main(page).getByRole('heading', { level: 1, name: landingHeading }).waitFor({ timeout: 10000 });
}

/** The hour and minute of an instant in Norwegian time, as the page writes them. */
function osloClock(iso: string): string {
  return new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Oslo' }).format(new Date(iso));
}

async function cellTexts(row: Locator): Promise<string[]> {
  return row.locator('td').allTextContents();
}

describe('"Hvem har sett saken din" on the case page', () => {
  let kariContext: BrowserContext;
  let kariPage: Page;
  let perContext: BrowserContext;
  let caseId = '';
  let casePath = '';
  const caseHeading = `Individuell plan og koordinator for ${kari.name}`;

  beforeAll(async () => {
    ({ context: kariContext, page: kariPage } = await app.newPage());
    ({ context: perContext } = await app.newPage());
  });

  afterAll(async () => {
    await kariContext?.close();
    await perContext?.close();
  });

  test('Kari Nordmann signs in and sends a request for herself with her session', async () => {
    await signIn(kariPage, kari.name, '/mine-saker', 'Mine saker');
    const body = {
      ...structuredClone(requestForm.example),
      person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId, email: 'kari.nordmann@example.no' },
      applicantRole: 'person',
      signature: { fullName: kari.name, confirmed: true },
    };
    const response = await kariContext.request.post(`${app.baseUrl}/api/requests`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(kariContext, app.baseUrl), 'Idempotency-Key': `case-page-${Date.now()}` },
      data: body,
    });
    expect(response.status()).toBe(201);
    caseId = ((await response.json()) as { caseId: string }).caseId;
    casePath = `/mine-saker/${caseId}`;
  });

  test('before anyone else has looked, the section says so, and her own reading is not listed', async () => {
    await kariPage.goto(`${app.baseUrl}${casePath}`);
    await main(kariPage).getByRole('heading', { level: 1, name: caseHeading }).waitFor({ timeout: 10000 });
    await accessLog(kariPage).getByRole('heading', { level: 2, name: 'Hvem har sett saken din' }).waitFor({ timeout: 10000 });
    await accessLog(kariPage).getByText('Ingen andre har sett saken din ennå.').waitFor({ timeout: 10000 });
    await expect(accessLog(kariPage).getByRole('table').count()).resolves.toBe(0);
    await accessLog(kariPage).getByText('Det du selv har gjort i saken, vises ikke her.', { exact: false }).waitFor();

    // Her reading is in the audit log all the same: the API leaves the asker's own entries out.
    const log = await kariContext.request.get(`${app.baseUrl}/api/cases/${caseId}/access-log`, { headers: { Accept: 'application/json' } });
    expect(log.status()).toBe(200);
    await expect(log.json()).resolves.toEqual({ entries: [] });
  });

  test("lists the KE case worker Per Hansen's reading: name, role, what he did and when, in Norwegian time", async () => {
    await signIn(await perContext.newPage(), 'Per Hansen', '/om-individuell-plan', 'Om individuell plan og koordinator');
    const read = await perContext.request.get(`${app.baseUrl}/api/cases/${caseId}`, { headers: { Accept: 'application/json' } });
    expect(read.status()).toBe(200);

    await kariPage.reload();
    await main(kariPage).getByRole('heading', { level: 1, name: caseHeading }).waitFor({ timeout: 10000 });
    const table = accessLog(kariPage).getByRole('table', { name: 'Hvem har sett saken din' });
    await table.waitFor({ timeout: 10000 });
    await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual(['Når', 'Hvem', 'Hva de gjorde']);
    await expect(rows(kariPage).count()).resolves.toBe(1);
    const [when, who, what] = await cellTexts(rows(kariPage).first());
    expect(who).toBe('Per Hansen, Saksbehandler, koordinerende enhet');
    expect(what).toBe('Leste saken');

    const { entries } = (await (await kariContext.request.get(`${app.baseUrl}/api/cases/${caseId}/access-log`)).json()) as { entries: { time: string; name: string; action: string }[] };
    expect(entries.map((entry) => [entry.name, entry.action])).toEqual([['Per Hansen', 'case.read']]);
    const time = entries[0]!.time;
    await expect(rows(kariPage).first().locator('time').getAttribute('datetime')).resolves.toBe(time);
    expect(when).toMatch(/^\d{1,2}\. [a-zæøå]+ \d{4} kl\. \d{2}:\d{2}$/);
    expect(when!.endsWith(` ${osloClock(time)}`)).toBe(true);
    // Nobody is listed as Kari herself: her own reading is left out.
    await expect(rows(kariPage).filter({ hasText: kari.name }).count()).resolves.toBe(0);

    // Headings in order: one h1, then h2s, no level skipped.
    const levels = await main(kariPage).locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) => headings.map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.forEach((level, index) => index > 0 && expect(level).toBeLessThanOrEqual(levels[index - 1]! + 1));

    await fontsReady(kariPage);
    await accessLog(kariPage).scrollIntoViewIfNeeded();
    await kariPage.screenshot({ path: `${screenshotDir}/case-access-log-nb.png`, fullPage: true });
  });

  test('in Nynorsk and English', async () => {
    await chooseLanguage(kariPage, 'Velg språk', 'Nynorsk');
    await accessLog(kariPage).getByRole('heading', { level: 2, name: 'Kven har sett saka di' }).waitFor();
    await expect(accessLog(kariPage).getByRole('columnheader').allTextContents()).resolves.toEqual(['Når', 'Kven', 'Kva dei gjorde']);
    const [when, who, what] = await cellTexts(rows(kariPage).first());
    expect(who).toBe('Per Hansen, Sakshandsamar, koordinerande eining');
    expect(what).toBe('Las saka');
    expect(when).toMatch(/^\d{1,2}\. [a-zæøå]+ \d{4}( kl\.)? \d{2}[:.]\d{2}$/);
    await fontsReady(kariPage);
    await kariPage.screenshot({ path: `${screenshotDir}/case-access-log-nn.png`, fullPage: true });

    await chooseLanguage(kariPage, 'Vel språk', 'English');
    await accessLog(kariPage).getByRole('heading', { level: 2, name: 'Who has seen your case' }).waitFor();
    const [whenEn, whoEn, whatEn] = await cellTexts(rows(kariPage).first());
    expect(whoEn).toBe('Per Hansen, Case worker, coordinating unit');
    expect(whatEn).toBe('Read the case');
    expect(whenEn).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2}$/);
    await chooseLanguage(kariPage, 'Choose language', 'Bokmål');
  });

  test('shows the newest 20 first, and 20 more at a time, with focus on the first new line', async () => {
    for (let i = 0; i < 24; i++) {
      const read = await perContext.request.get(`${app.baseUrl}/api/cases/${caseId}`, { headers: { Accept: 'application/json' } });
      expect(read.status()).toBe(200);
    }
    await kariPage.reload();
    await accessLog(kariPage).getByRole('table').waitFor({ timeout: 10000 });
    await expect(rows(kariPage).count()).resolves.toBe(20);
    await accessLog(kariPage).getByText('Viser de 20 nyeste av 25.').waitFor();
    const times = await rows(kariPage).locator('time').evaluateAll((elements) => elements.map((element) => element.getAttribute('datetime') ?? ''));
    expect([...times].sort().reverse()).toEqual(times);

    await accessLog(kariPage).getByRole('button', { name: 'Vis 5 til' }).click();
    await expect(rows(kariPage).count()).resolves.toBe(25);
    await accessLog(kariPage).getByText('Viser alle 25.').waitFor();
    await expect(accessLog(kariPage).getByRole('button').count()).resolves.toBe(0);
    await expect(rows(kariPage).nth(20).evaluate((row) => row === document.activeElement)).resolves.toBe(true);
  });

  test('the phone width needs no sideways scrolling', async () => {
    await kariPage.setViewportSize({ width: 390, height: 844 });
    await accessLog(kariPage).getByRole('table').waitFor();
    await expect(kariPage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).resolves.toBeLessThanOrEqual(0);
    await fontsReady(kariPage);
    await accessLog(kariPage).getByRole('heading', { level: 2 }).evaluate((heading) => heading.scrollIntoView());
    await kariPage.screenshot({ path: `${screenshotDir}/case-access-log-nb-phone.png` });
    await kariPage.setViewportSize({ width: 1280, height: 900 });
  });

  test('says so when the list cannot be fetched, and tries again', async () => {
    // Its own context: the failed request is logged in the console on purpose.
    const context = await app.newContext({ expectErrors: true });
    try {
      await context.addCookies(await kariContext.cookies());
      const page = await context.newPage();
      let fail = true;
      await page.route('**/api/cases/*/access-log', (route) => (fail ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"errors":[]}' }) : route.continue()));
      await page.goto(`${app.baseUrl}${casePath}`);
      const alert = accessLog(page).getByText('Vi fikk ikke hentet oversikten over hvem som har sett saken din. Prøv igjen litt senere.');
      await alert.waitFor({ timeout: 10000 });
      fail = false;
      await accessLog(page).getByRole('button', { name: 'Prøv igjen' }).click();
      await accessLog(page).getByRole('table').waitFor({ timeout: 10000 });
      await expect(rows(page).count()).resolves.toBe(20);
    } finally {
      await context.close();
    }
  });

});

describe("Kari's case with a plan waiting for her (demo data)", () => {
  let context: BrowserContext;
  let page: Page;
  let caseId = '';
  let caseNumber = '';
  const m = () => main(page);
  const consentList = () => m().locator('section[aria-labelledby="case-consent"] > ul');

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
    await signIn(page, kari.name, '/mine-saker', 'Mine saker');
    const { cases } = (await (await context.request.get(`${app.baseUrl}/api/cases`)).json()) as { cases: { id: string; caseNumber: string; stage: string }[] };
    // The demo gives her an earlier closed case too.
    expect(cases.map((c) => c.stage)).toEqual(expect.arrayContaining(['awaiting-approval', 'offer-declined']));
    const waiting = cases.find((c) => c.stage === 'awaiting-approval')!;
    ({ id: caseId, caseNumber } = waiting);
    await page.goto(`${app.baseUrl}/mine-saker/${caseId}`);
    await m().getByRole('heading', { level: 1, name: `Individuell plan og koordinator for ${kari.name}` }).waitFor({ timeout: 10000 });
  });

  afterAll(async () => {
    await context?.close();
  });

  test('shows the plan, the coordinator whose name and e-mail match, and dates after the case was received', async () => {
    await m().getByText('Planen venter på svar fra deg').first().waitFor();
    await m().getByText('Anne Lie · +47 61 10 20 30 · anne.lie@eksempel.kommune.no').waitFor();
    await m().getByText('Jeg vil tilbake i jobb som regnskapsfører, først 50 prosent.').waitFor();
    const detail = (await (await context.request.get(`${app.baseUrl}/api/cases/${caseId}`)).json()) as { createdAt: string; plan: { measures: { byWhen: string }[]; nextReviewOn: string } };
    for (const date of [...detail.plan.measures.map((measure) => measure.byWhen), detail.plan.nextReviewOn]) expect(date > detail.createdAt.slice(0, 10)).toBe(true);
  });

  test('the two forms on the page each have their own fields: the reason for another coordinator is labelled and its label focuses it', async () => {
    const reason = m().getByLabel('Hvorfor ønsker du en annen koordinator?', { exact: true });
    await expect(reason.evaluate((element) => element.tagName)).resolves.toBe('TEXTAREA');
    await m().getByText('Hvorfor ønsker du en annen koordinator?', { exact: true }).click();
    await expect(reason.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    // One optional marker, from the renderer.
    await m().getByText('Ønsker du en bestemt person? (valgfritt)', { exact: true }).waitFor();
    await expect(m().getByText(/\(valgfritt\) \(valgfritt\)/).count()).resolves.toBe(0);
    expect(app.duplicateIds).toEqual([]);
  });

  test('changing consent starts from the three services given, shows what changes, and the history records it', async () => {
    await expect(consentList().locator('li').count()).resolves.toBe(3);
    await m().getByText('Endre samtykket', { exact: true }).click();
    const form = m().locator('form').filter({ has: page.getByRole('button', { name: 'Lagre samtykket' }) });
    await form.getByRole('group', { name: 'Tjeneste 3' }).waitFor();
    await expect(form.locator('select').evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value))).resolves.toEqual(['home-care', 'gp', 'nav']);
    const preview = form.getByTestId('consent-change-preview');
    await preview.getByText('Du har ikke endret noe ennå.').waitFor();

    await form.getByRole('button', { name: 'Fjern tjeneste 2' }).click();
    await preview.getByText('Kan ikke lenger dele opplysninger: Fastlege').waitFor();
    await fontsReady(page);
    await form.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${screenshotDir}/case-consent-change-nb.png`, fullPage: true });

    await form.getByRole('button', { name: 'Lagre samtykket' }).click();
    await m().getByText('Samtykket er lagret.').waitFor({ timeout: 10000 });
    await expect(consentList().locator('li').allTextContents()).resolves.toEqual([
      'Hjemmetjenesten: Helseopplysninger, Funksjon og hverdagsliv, Innholdet i den individuelle planen',
      'NAV: Økonomi, bolig og ytelser fra NAV, Skole, barnehage eller arbeid, Innholdet i den individuelle planen',
    ]);
    const step = m().locator('.case-steps > li').filter({ hasText: 'Samtykket ble endret' });
    await expect(step.locator('.case-steps__detail li').allTextContents()).resolves.toEqual(['Kan ikke lenger dele opplysninger: Fastlege', `Endret av ${kari.name}`]);
  });

  test('shows the request she sent and signed: every answer, the signature', async () => {
    const request = m().getByTestId('case-request');
    await request.getByRole('heading', { level: 2, name: 'Anmodningen du sendte' }).waitFor();
    await request.getByText(/^Signert av Kari Nordmann \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d{2}:\d{2}\.$/).waitFor();
    await request.getByText('Vis alt som sto i anmodningen').click();
    await request.getByText(/Jeg fikk hjerneslag i fjor/).waitFor();
    await request.getByText('Hjemmesykepleie morgen og kveld').waitFor();
    await expect(request.getByRole('heading', { level: 3 }).allTextContents()).resolves.toEqual(['Personen planen gjelder', 'Hvem sender', 'Behov og tjenester', 'Samtykke', 'Signatur']);
  });

  test('in Nynorsk and English, the messages follow the page', async () => {
    await chooseLanguage(page, 'Velg språk', 'Nynorsk');
    await m().getByText(`Vi har motteke oppmodinga – saksnummer ${caseNumber}`, { exact: false }).waitFor({ timeout: 10000 });
    await m().getByRole('heading', { level: 2, name: 'Oppmodinga du sende' }).waitFor();
    await m().getByText('Samtykket vart endra').waitFor();
    // The notice of the saved consent follows the language too.
    await m().locator('#case-notice').getByText('Samtykket er lagra.').waitFor();
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/case-awaiting-approval-nn.png`, fullPage: true });
    await chooseLanguage(page, 'Vel språk', 'English');
    await m().getByText(`We have received the request – case number ${caseNumber}`, { exact: false }).waitFor({ timeout: 10000 });
    await expect(m().getByText('Vi har mottatt anmodningen', { exact: false }).count()).resolves.toBe(0);
    await chooseLanguage(page, 'Choose language', 'Bokmål');
  });

  test("the access log shows one line per staff list view, and names the unit's lead", async () => {
    const staff = await app.newContext();
    try {
      await signIn(await staff.newPage(), 'Per Hansen', '/om-individuell-plan', 'Om individuell plan og koordinator');
      for (let i = 0; i < 4; i++) expect((await staff.request.get(`${app.baseUrl}/api/cases`)).status()).toBe(200);
      await staff.clearCookies();
      await signIn(await staff.newPage(), 'Liv Berg', '/om-individuell-plan', 'Om individuell plan og koordinator');
      expect((await staff.request.get(`${app.baseUrl}/api/cases/${caseId}`)).status()).toBe(200);
    } finally {
      await staff.close();
    }
    await page.reload();
    await accessLog(page).getByRole('table').waitFor({ timeout: 10000 });
    const lines = await rows(page).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)));
    expect(lines).toEqual([
      ['Liv Berg, Leder, koordinerende enhet', 'Leste saken'],
      ['Per Hansen, Saksbehandler, koordinerende enhet', 'Så saken i en oversikt over saker'],
    ]);
  });

  test('the demo data: plans dated after their cases were received, adults with plans of their own, coordinators whose e-mail is theirs', async () => {
    const staff = await app.newContext();
    try {
      await signIn(await staff.newPage(), 'Per Hansen', '/om-individuell-plan', 'Om individuell plan og koordinator');
      const { cases } = (await (await staff.request.get(`${app.baseUrl}/api/cases`)).json()) as { cases: { id: string; stage: string }[] };
      const stages = new Set(cases.map((c) => c.stage));
      for (const stage of ['offer', 'signature-missing', 'consent-missing', 'assessing', 'appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'rejected', 'offer-declined', 'closed-consent-withdrawn']) expect(stages).toContain(stage);
      let plans = 0;
      for (const { id } of cases) {
        const detail = (await (await staff.request.get(`${app.baseUrl}/api/cases/${id}`)).json()) as {
          createdAt: string;
          person: { name: string; birthDate: string };
          coordinator: { name: string; email: string } | null;
          plan: { measures: { byWhen: string; responsible: string }[]; nextReviewOn: string; periodFrom: string } | null;
        };
        const received = detail.createdAt.slice(0, 10);
        if (detail.coordinator) expect(detail.coordinator.email.split('@')[0]).toBe(detail.coordinator.name.toLowerCase().replace(/\s+/g, '.'));
        if (!detail.plan) continue;
        plans++;
        for (const date of [detail.plan.periodFrom, detail.plan.nextReviewOn, ...detail.plan.measures.map((measure) => measure.byWhen)]) expect(date > received).toBe(true);
        const age = new Date().getFullYear() - Number(detail.person.birthDate.slice(0, 4));
        // An adult's plan has no parents taking charge of it.
        if (age >= 18) expect(detail.plan.measures.map((measure) => measure.responsible).join(' ')).not.toMatch(/Foreldr/);
      }
      expect(plans).toBeGreaterThanOrEqual(4);
    } finally {
      await staff.close();
    }
  });

  test('she approves the plan', async () => {
    await m().getByRole('group', { name: 'Godkjenner du planen?' }).getByText('Ja').click();
    await m().getByRole('button', { name: 'Send svaret' }).click();
    await m().getByText('Takk! Svaret ditt på planen er sendt til koordinatoren.').waitFor({ timeout: 10000 });
    await m().getByText('Planen er i bruk').first().waitFor({ timeout: 10000 });
  });

  test('the check for ids given twice sees one', async () => {
    const probe = await context.newPage();
    await probe.goto(`${app.baseUrl}/om-individuell-plan`);
    await probe.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { id: 'twice' }), Object.assign(document.createElement('div'), { id: 'twice' })));
    const found = '/om-individuell-plan: #twice ×2';
    for (let i = 0; i < 500 && !app.duplicateIds.includes(found); i++) await probe.waitForTimeout(20);
    expect(app.duplicateIds).toContain(found);
    // Closed before the finding is taken back, so that the page cannot report it again.
    await probe.close();
    app.duplicateIds.splice(app.duplicateIds.indexOf(found), 1);
  });

  // Last: covers every page opened above.
  test('nothing loaded from outside, no errors logged, no id twice in a page', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    expect(app.duplicateIds).toEqual([]);
  });
});
