// The staff's work queue and task pages in a real browser (Debian's Chromium via playwright-core)
// against the whole product with the development sign-in. The fictional citizen Kari Nordmann sends
// a request; the KE case worker Per Hansen signs in, lands on the queue, claims the need assessment,
// grants a plan and a coordinator, goes straight on to the coordinator appointment and appoints the
// coordinator Anne Lie from the list of the unit's coordinators; Anne Lie signs in and finds the plan
// in her queue. Screenshots (nb and nn) go to test-output/screenshots/; axe checks WCAG 2.1 AA. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { requestForm } from '../../forms/request.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { chooseLanguage, csrfToken, fontsReady, main, signInAs } from './support/pages.js';

const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };
const wish = 'Helsesykepleier Ingrid Bakke, som kjenner meg fra før.';

const app = useProductInBrowser();

const heading = (page: Page, name: string | RegExp) => main(page).getByRole('heading', { level: 1, name });
const queueRows = (page: Page) => main(page).getByRole('table').locator('tbody tr');

describe('a KE case worker moves a new case on, and the coordinator finds the next task', () => {
  let kariContext: BrowserContext;
  let perContext: BrowserContext;
  let per: Page;
  let anneContext: BrowserContext;
  let anne: Page;
  let caseNumber = '';
  let needTaskPath = '';
  let needTaskUrl = '';

  beforeAll(async () => {
    ({ context: kariContext } = await app.newPage());
    ({ context: perContext, page: per } = await app.newPage());
    ({ context: anneContext, page: anne } = await app.newPage());
  });

  afterAll(async () => {
    await kariContext?.close();
    await perContext?.close();
    await anneContext?.close();
  });

  test('Kari Nordmann sends a request with a wish for a coordinator', async () => {
    const page = await kariContext.newPage();
    await signInAs(page, app.baseUrl, kari.name);
    await heading(page, 'Mine saker').waitFor({ timeout: 10000 });
    const body = {
      ...structuredClone(requestForm.example),
      person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId, email: 'kari.nordmann@example.no' },
      applicantRole: 'person',
      wishedCoordinator: wish,
      signature: { fullName: kari.name, confirmed: true },
    };
    const response = await kariContext.request.post(`${app.baseUrl}/api/requests`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(kariContext, app.baseUrl), 'Idempotency-Key': `work-queue-${Date.now()}` },
      data: body,
    });
    expect(response.status()).toBe(201);
    caseNumber = ((await response.json()) as { caseNumber: string }).caseNumber;
    await page.close();
  });

  test('Per Hansen lands on his work queue, with the navigation of his role and no citizen wording', async () => {
    await signInAs(per, app.baseUrl, 'Per Hansen');
    await heading(per, 'Arbeidskø').waitFor({ timeout: 10000 });
    expect(new URL(per.url()).pathname).toBe('/arbeidsko');
    const nav = per.getByRole('banner').getByRole('navigation', { name: 'Hovedmeny' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Arbeidskø', 'Saker', 'Varsler', 'Oversikt', 'Feil i saker', 'Hjelp']);
    await expect(nav.getByRole('link', { name: 'Arbeidskø' }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(per.getByText('Mine saker').count()).resolves.toBe(0);

    // Nothing of his own yet: the empty view says what to do and leads to the unassigned tasks.
    await main(per).getByTestId('queue-empty').getByText('Du har ingen oppgaver nå.', { exact: false }).waitFor({ timeout: 10000 });
    await expect(main(per).getByRole('radio', { name: /^Mine \(0\)$/ }).isChecked()).resolves.toBe(true);
    await main(per).getByRole('button', { name: /^Vis ledige oppgaver \(\d+\)$/ }).click();
    // The view changes with the address, after the click: wait for it rather than read it at once.
    await main(per).getByRole('radio', { name: /^Ledige \(\d+\)$/, checked: true }).waitFor({ timeout: 10000 });
    expect(new URL(per.url()).searchParams.get('view')).toBe('available');

    // The home link of a member of staff leads to the queue, not to the citizen's start page.
    await per.goto(`${app.baseUrl}/`);
    await heading(per, 'Arbeidskø').waitFor({ timeout: 10000 });
  });

  test('claims the need assessment from its row; focus moves to the task in that row', async () => {
    await per.goto(`${app.baseUrl}/arbeidsko?view=available&q=${encodeURIComponent(caseNumber)}`);
    const row = queueRows(per).filter({ hasText: caseNumber });
    await row.waitFor({ timeout: 10000 });
    await expect(queueRows(per).count()).resolves.toBe(1);
    await expect(row.locator('td').allTextContents()).resolves.toEqual([
      'Vurder behov',
      kari.name,
      caseNumber,
      expect.stringMatching(/^\d{1,2}\. [a-zæøå]+ \d{4}$/),
      expect.stringMatching(/^\d{1,2}\. [a-zæøå]+ \d{4}$/),
      expect.stringMatching(/^\d{1,2}\. [a-zæøå]+ \d{4}$/),
      'Ingen',
      'Ta oppgaven',
    ]);
    await main(per).getByRole('columnheader', { name: 'Frist' }).waitFor();
    await expect(main(per).getByRole('columnheader', { name: 'Frist' }).getAttribute('aria-sort')).resolves.toBe('ascending');

    const claim = row.getByRole('button', { name: `Ta oppgaven «Vurder behov» for ${kari.name}` });
    await claim.focus();
    await per.keyboard.press('Enter');
    await row.getByText('Per Hansen (deg)').waitFor({ timeout: 10000 });
    await per.waitForFunction(() => document.activeElement?.textContent === 'Vurder behov' && document.activeElement.tagName === 'A');
    await expect(main(per).getByTestId('queue-announcement').textContent()).resolves.toBe(`Oppgaven «Vurder behov» for ${kari.name} er din nå.`);
    await expect(row.getByRole('button', { name: /^Ta oppgaven/ }).count()).resolves.toBe(0);
    // The view counts move with the claim: one more of mine, one fewer available.
    await main(per).getByText('Mine (1)', { exact: true }).waitFor({ timeout: 10000 });
    await main(per).getByText('Ledige (0)', { exact: true }).waitFor({ timeout: 10000 });
    needTaskPath = (await row.getByRole('link', { name: 'Vurder behov' }).getAttribute('href')) ?? '';
    expect(needTaskPath).toMatch(/^\/oppgaver\/[^/]+$/);

    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/work-queue-nb.png`, fullPage: true });
  });

  test('the queue has no WCAG 2.1 AA violations', async () => {
    await expect(axeViolations(per)).resolves.toEqual([]);
  });

  test('the task page shows the form beside the case, and the draft survives a reload', async () => {
    await per.goto(`${app.baseUrl}${needTaskPath}`);
    await heading(per, 'Vurder behov').waitFor({ timeout: 10000 });
    needTaskUrl = per.url();
    // A task belongs under the queue in the navigation.
    await expect(per.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Arbeidskø' }).getAttribute('aria-current')).resolves.toBe('page');
    await main(per).getByTestId('task-status').getByText('Oppgaven er din.').waitFor();
    const context = main(per).getByTestId('case-context');
    await context.getByRole('heading', { level: 2, name: 'Saken' }).waitFor();
    await context.getByText(caseNumber, { exact: true }).waitFor();
    // What the assessment is about: the person's own words from the request.
    await main(per).getByTestId('task-focus').getByText(requestForm.example.situation).waitFor({ timeout: 10000 });

    await main(per).getByLabel(/^Personens behov/).fill('Kari trenger at hjemmetjenesten, fysioterapeuten og NAV planlegger sammen.');
    await main(per).getByRole('radio', { name: 'Individuell plan og koordinator' }).check();
    await main(per).getByLabel(/^Vedtaksdato/).fill('2026-12-01');
    await main(per).getByTestId('draft-status').getByText(/^Utkastet er lagret kl\. \d{2}:\d{2}$/).waitFor({ timeout: 10000 });

    await per.reload();
    await heading(per, 'Vurder behov').waitFor({ timeout: 10000 });
    await expect(main(per).getByLabel(/^Personens behov/).inputValue()).resolves.toBe('Kari trenger at hjemmetjenesten, fysioterapeuten og NAV planlegger sammen.');
    await expect(main(per).getByRole('radio', { name: 'Individuell plan og koordinator' }).isChecked()).resolves.toBe(true);
    await expect(main(per).getByLabel(/^Vedtaksdato/).inputValue()).resolves.toBe('2026-12-01');

    // A rejection shows what goes into the decision letter.
    await main(per).getByRole('radio', { name: 'Avslag' }).check();
    await main(per).getByLabel(/^Begrunnelse for avslaget/).fill('Behovet er dekket av én tjeneste.');
    await main(per).getByTestId('letter-preview').getByText('Behovet er dekket av én tjeneste.').waitFor();
    await main(per).getByRole('radio', { name: 'Individuell plan og koordinator' }).check();
    await expect(main(per).getByTestId('letter-preview').count()).resolves.toBe(0);

    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/task-page-nb.png`, fullPage: true });
  });

  test('the task page has no WCAG 2.1 AA violations', async () => {
    await expect(axeViolations(per)).resolves.toEqual([]);
  });

  test('the task page in Nynorsk', async () => {
    await chooseLanguage(per, 'Velg språk', 'Nynorsk');
    await heading(per, 'Vurder behov').waitFor();
    await main(per).getByRole('heading', { level: 2, name: 'Saka' }).waitFor();
    await main(per).getByRole('button', { name: 'Fullfør oppgåva' }).waitFor();
    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/task-page-nn.png`, fullPage: true });
    await chooseLanguage(per, 'Vel språk', 'Bokmål');
  });

  test('an invalid answer is refused field by field, and nothing moves', async () => {
    await main(per).getByLabel(/^Vedtaksdato/).fill('');
    await main(per).getByRole('button', { name: 'Fullfør oppgaven' }).click();
    const summary = main(per).getByRole('link', { name: /^Vedtaksdato:? Fyll ut feltet\.$/ });
    await summary.waitFor({ timeout: 10000 });
    expect(per.url()).toBe(needTaskUrl);
    await summary.click();
    await expect(main(per).getByLabel(/^Vedtaksdato/).evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await main(per).getByLabel(/^Vedtaksdato/).fill('2026-12-01');
  });

  test('completing the assessment goes straight on to the coordinator appointment', async () => {
    await main(per).getByRole('button', { name: 'Fullfør oppgaven' }).click();
    await heading(per, 'Oppnevn koordinator').waitFor({ timeout: 15000 });
    expect(per.url()).not.toBe(needTaskUrl);
    await expect(main(per).getByTestId('task-notice').textContent()).resolves.toBe(`Oppgaven «Vurder behov» for ${kari.name} er fullført. Her er neste oppgave.`);
    await expect(main(per).getByTestId('task-notice').evaluate((alert) => alert === document.activeElement)).resolves.toBe(true);
  });

  test('the appointment lists the unit\'s coordinators, with the person\'s wish beside them', async () => {
    // The appointment waits for anyone in the unit: he claims it here, and the form opens.
    await main(per).getByTestId('task-status').getByText('Ledig: ingen har tatt oppgaven ennå.').waitFor({ timeout: 10000 });
    await expect(main(per).getByTestId('task-form-locked').textContent()).resolves.toContain('Ta oppgaven for å fylle ut skjemaet.');
    await main(per).getByRole('button', { name: 'Ta oppgaven' }).click();
    await main(per).getByTestId('task-status').getByText('Oppgaven er din.').waitFor({ timeout: 10000 });
    const picker = main(per).getByRole('group', { name: /^Koordinator/ });
    const anneLie = picker.getByRole('radio', { name: 'Anne Lie' });
    await anneLie.waitFor({ timeout: 10000 });
    await expect(picker.getByText(/^\d+ åpne? saker?/).count()).resolves.toBeGreaterThan(0);
    await expect(main(per).getByTestId('staff-user-beside').textContent()).resolves.toContain(wish);
    // What the appointment is about: the decision just made.
    await main(per).getByTestId('task-focus').getByText('Individuell plan og koordinator').waitFor({ timeout: 10000 });
    // No free-text user id, name or e-mail any more.
    await expect(main(per).getByLabel(/brukerident/).count()).resolves.toBe(0);
    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/task-page-appointment-nb.png`, fullPage: true });
  });

  test('the appointment with its picker has no WCAG 2.1 AA violations', async () => {
    await expect(axeViolations(per)).resolves.toEqual([]);
  });

  test('appoints Anne Lie from the list', async () => {
    const anneLie = main(per).getByRole('group', { name: /^Koordinator/ }).getByRole('radio', { name: 'Anne Lie' });
    await anneLie.check();
    await main(per).getByRole('group', { name: /^Er ønsket fulgt/ }).getByRole('radio', { name: 'Nei' }).check();
    await main(per).getByLabel(/^Hvorfor er ønsket ikke fulgt/).fill('Ingrid Bakke har permisjon i år.');
    await main(per).getByLabel(/^Tjeneste eller enhet/).fill('Koordinerende enhet');
    await main(per).getByRole('group', { name: /^Skal det opprettes ansvarsgruppe/ }).getByRole('radio', { name: 'Nei' }).check();
    await main(per).getByRole('button', { name: 'Fullfør oppgaven' }).click();

    // No next task for him: back to the queue, which says what was done.
    await heading(per, 'Arbeidskø').waitFor({ timeout: 15000 });
    await expect(main(per).getByTestId('queue-notice').textContent()).resolves.toBe(`Oppgaven «Oppnevn koordinator» for ${kari.name} er fullført.`);
  });

  test('Anne Lie signs in and finds the plan for Kari Nordmann in her queue', async () => {
    await signInAs(anne, app.baseUrl, 'Anne Lie');
    await heading(anne, 'Arbeidskø').waitFor({ timeout: 10000 });
    const row = queueRows(anne).filter({ hasText: caseNumber });
    await row.waitFor({ timeout: 10000 });
    await expect(row.locator('td').first().textContent()).resolves.toBe('Utarbeid plan');
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe(kari.name);
    await expect(row.locator('td').nth(6).textContent()).resolves.toBe('Anne Lie (deg)');
    // Coordinators have no view of the whole unit.
    await expect(main(anne).getByRole('radio', { name: /^Hele enheten/ }).count()).resolves.toBe(0);

    await chooseLanguage(anne, 'Velg språk', 'Nynorsk');
    await heading(anne, 'Arbeidskø').waitFor();
    await row.locator('td').first().getByText('Utarbeid plan').waitFor();
    await expect(main(anne).getByRole('columnheader', { name: 'Oppgåve' }).count()).resolves.toBe(1);
    await fontsReady(anne);
    await anne.screenshot({ path: `${screenshotDir}/work-queue-nn.png`, fullPage: true });
    await chooseLanguage(anne, 'Vel språk', 'Bokmål');
  });
});

describe('the queue keeps its view, sort and search in the address', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await app.newPage());
    await signInAs(page, app.baseUrl, 'Liv Berg');
    await heading(page, 'Arbeidskø').waitFor({ timeout: 10000 });
  });

  afterAll(async () => {
    await context?.close();
  });

  test('view, sort and search survive a reload and a shared link', async () => {
    await main(page).getByRole('radio', { name: /^Hele enheten/ }).check();
    await main(page).getByLabel('Søk etter navn eller saksnummer').fill('kari');
    await main(page).getByRole('button', { name: 'Søk', exact: true }).click();
    await page.waitForURL(/q=kari/);
    const person = main(page).getByRole('columnheader', { name: 'Person' });
    await person.waitFor({ timeout: 10000 });
    await person.getByRole('button').click();
    await page.waitForURL(/sort=personName/);
    await expect(person.getByRole('button').evaluate((button) => button === document.activeElement)).resolves.toBe(true);
    await person.getByRole('button').press('Enter');
    await page.waitForURL(/order=desc/);

    const search = new URL(page.url()).searchParams;
    expect(Object.fromEntries(search)).toEqual({ view: 'unit', q: 'kari', sort: 'personName', order: 'desc' });

    for (const open of [() => page.reload(), () => page.goto(`${app.baseUrl}/arbeidsko?${search.toString()}`)]) {
      await open();
      await heading(page, 'Arbeidskø').waitFor({ timeout: 10000 });
      await expect(main(page).getByRole('radio', { name: /^Hele enheten/ }).isChecked()).resolves.toBe(true);
      await expect(main(page).getByLabel('Søk etter navn eller saksnummer').inputValue()).resolves.toBe('kari');
      await main(page).getByRole('columnheader', { name: 'Person' }).waitFor({ timeout: 10000 });
      await expect(main(page).getByRole('columnheader', { name: 'Person' }).getAttribute('aria-sort')).resolves.toBe('descending');
      await expect(main(page).getByRole('columnheader', { name: 'Frist' }).getAttribute('aria-sort')).resolves.toBe('none');
      await expect(main(page).getByRole('button', { name: 'Fjern filteret Søk: kari' }).count()).resolves.toBe(1);
    }

    // The search chip removes the search, and only that.
    await main(page).getByRole('button', { name: 'Fjern filteret Søk: kari' }).click();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    expect(new URL(page.url()).searchParams.get('view')).toBe('unit');
  });
});

describe('several people at once: the queue refreshes itself, a late claim is refused clearly, the lead hands over', () => {
  let olaContext: BrowserContext;
  let livContext: BrowserContext;
  let liv: Page;
  // The refused claim answers 409, which the browser logs as an error on purpose.
  let perContext: BrowserContext;
  let per: Page;
  let caseNumber = '';

  beforeAll(async () => {
    ({ context: olaContext } = await app.newPage());
    ({ context: livContext, page: liv } = await app.newPage());
    perContext = await app.newContext({ expectErrors: true });
    per = await perContext.newPage();
  });

  afterAll(async () => {
    await olaContext?.close();
    await livContext?.close();
    await perContext?.close();
  });

  test('a new request shows up in the open queue by itself, and the change is announced', async () => {
    await signInAs(liv, app.baseUrl, 'Liv Berg');
    await heading(liv, 'Arbeidskø').waitFor({ timeout: 10000 });
    await liv.goto(`${app.baseUrl}/arbeidsko?view=unit`);
    await heading(liv, 'Arbeidskø').waitFor({ timeout: 10000 });
    await main(liv).getByRole('radio', { name: /^Hele enheten/ }).waitFor({ timeout: 10000 });
    await expect(main(liv).getByTestId('queue-announcement').textContent()).resolves.toBe('');

    const page = await olaContext.newPage();
    await signInAs(page, app.baseUrl, 'Ola Nordmann');
    await heading(page, 'Mine saker').waitFor({ timeout: 10000 });
    const response = await olaContext.request.post(`${app.baseUrl}/api/requests`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(olaContext, app.baseUrl), 'Idempotency-Key': `work-queue-ola-${Date.now()}` },
      data: {
        ...structuredClone(requestForm.example),
        person: { ...requestForm.example.person, name: 'Ola Nordmann', nationalId: '02827010084', email: 'ola.nordmann@example.no' },
        applicantRole: 'person',
        signature: { fullName: 'Ola Nordmann', confirmed: true },
      },
    });
    expect(response.status()).toBe(201);
    caseNumber = ((await response.json()) as { caseNumber: string }).caseNumber;

    // No reload: the page asks again by itself (every 15 seconds while the tab is visible).
    await queueRows(liv).filter({ hasText: caseNumber }).waitFor({ timeout: 40000 });
    await expect(main(liv).getByTestId('queue-announcement').textContent()).resolves.toMatch(/^Arbeidskøen er oppdatert: \d+ oppgaver? i visningen\.$/);
  });

  test('a claim on a task someone else took meanwhile is refused, naming who has it', async () => {
    const taskLink = queueRows(liv).filter({ hasText: caseNumber }).getByRole('link', { name: 'Vurder behov' });
    const path = (await taskLink.getAttribute('href')) ?? '';
    await signInAs(per, app.baseUrl, 'Per Hansen');
    await heading(per, 'Arbeidskø').waitFor({ timeout: 10000 });
    await per.goto(`${app.baseUrl}${path}`);
    await heading(per, 'Vurder behov').waitFor({ timeout: 10000 });
    await main(per).getByRole('button', { name: 'Ta oppgaven' }).waitFor();

    await taskLink.click();
    await heading(liv, 'Vurder behov').waitFor({ timeout: 10000 });
    await main(liv).getByRole('button', { name: 'Ta oppgaven' }).click();
    await main(liv).getByTestId('task-status').getByText('Oppgaven er din.').waitFor({ timeout: 10000 });

    // Per's page still offers the claim: the server refuses it, the page says who has the task.
    await main(per).getByRole('button', { name: 'Ta oppgaven' }).click();
    const notice = main(per).getByTestId('task-notice');
    await notice.waitFor({ timeout: 10000 });
    await expect(notice.textContent()).resolves.toContain('Liv Berg');
    await expect(notice.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await main(per).getByTestId('task-status').getByText('Oppgaven er tatt av Liv Berg.').waitFor();
    await expect(main(per).getByRole('button', { name: 'Ta oppgaven' }).count()).resolves.toBe(0);
  });

  test('the lead hands the task to Per Hansen, who finds it among his own', async () => {
    await main(liv).getByText('Gi oppgaven til en kollega').click();
    await main(liv).getByLabel('Kollega').selectOption({ label: 'Per Hansen' });
    await main(liv).getByRole('button', { name: 'Gi oppgaven videre' }).click();
    await main(liv).getByTestId('task-notice').getByText('Oppgaven er gitt til Per Hansen.').waitFor({ timeout: 10000 });
    await main(liv).getByTestId('task-status').getByText('Oppgaven er tatt av Per Hansen.').waitFor();
    await expect(main(liv).getByTestId('task-form-locked').textContent()).resolves.toBe('Bare den som har oppgaven, kan fylle ut skjemaet.');

    await per.goto(`${app.baseUrl}/arbeidsko?view=mine`);
    const row = queueRows(per).filter({ hasText: caseNumber });
    await row.waitFor({ timeout: 10000 });
    await expect(row.locator('td').nth(6).textContent()).resolves.toBe('Per Hansen (deg)');
  });

  test('what he typed is saved before he puts the task back, and is there when he takes it again', async () => {
    const refused: string[] = [];
    per.on('response', (response) => {
      if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
    });
    await queueRows(per).filter({ hasText: caseNumber }).getByRole('link', { name: 'Vurder behov' }).click();
    await heading(per, 'Vurder behov').waitFor({ timeout: 10000 });
    const needs = main(per).getByLabel(/^Personens behov/);
    await needs.fill('Ola trenger at fastlegen og NAV snakker sammen.');
    // At once, before the typing pause that saves the draft.
    await main(per).getByRole('button', { name: 'Legg oppgaven tilbake i køen' }).click();
    await main(per).getByTestId('task-notice').getByText('Oppgaven er lagt tilbake i køen.').waitFor({ timeout: 10000 });
    await main(per).getByTestId('task-status').getByText('Ledig: ingen har tatt oppgaven ennå.').waitFor();
    await expect(needs.count()).resolves.toBe(0);

    await main(per).getByRole('button', { name: 'Ta oppgaven' }).click();
    await expect(main(per).getByLabel(/^Personens behov/).inputValue({ timeout: 10000 })).resolves.toBe('Ola trenger at fastlegen og NAV snakker sammen.');
    expect(refused).toEqual([]);
  });
});

describe('the queue refreshes itself only while it can be seen', () => {
  test('asks every 15 seconds while visible, never while the tab is hidden, and at once when it shows again', async () => {
    const { context, page } = await app.newPage();
    try {
      await page.clock.install();
      await signInAs(page, app.baseUrl, 'Per Hansen');
      await heading(page, 'Arbeidskø').waitFor({ timeout: 10000 });
      await main(page).getByRole('radio', { name: /^Mine \(\d+\)$/ }).waitFor({ timeout: 10000 });
      const isQueue = (request: { url(): string }) => new URL(request.url()).pathname === '/api/tasks';
      const setHidden = (hidden: boolean) =>
        page.evaluate((value) => {
          Object.defineProperty(document, 'hidden', { configurable: true, get: () => value });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);

      const polled = page.waitForRequest(isQueue);
      await page.clock.runFor(15000);
      await polled;

      await setHidden(true);
      const asked: string[] = [];
      page.on('request', (request) => {
        if (isQueue(request)) asked.push(request.url());
      });
      await page.clock.runFor(60000);
      // A request of our own after the minute: any the page had started would have come before it.
      await page.evaluate(() => fetch('/api/auth/session').then((response) => response.status));
      expect(asked).toEqual([]);

      const shown = page.waitForRequest(isQueue);
      await setHidden(false);
      await shown;
    } finally {
      await context.close();
    }
  });
});

describe('the admin’s start', () => {
  test('the admin lands on user administration, with its navigation', async () => {
    const { context, page } = await app.newPage();
    try {
      await signInAs(page, app.baseUrl, 'Arne Strand');
      await heading(page, 'Brukere').waitFor({ timeout: 10000 });
      expect(new URL(page.url()).pathname).toBe('/brukere');
      await expect(main(page).getByRole('link', { name: 'Be om individuell plan og koordinator' }).count()).resolves.toBe(0);
      await expect(page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Brukere' }).count()).resolves.toBe(1);
    } finally {
      await context.close();
    }
  });
});

describe('the whole run', () => {
  // Last: covers every page opened above.
  test('nothing loaded from outside and no errors logged', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
