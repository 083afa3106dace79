// The staff case list and case page in a real browser (Debian's Chromium via playwright-core)
// against the whole product with the development sign-in: Kari Nordmann sends a request with her
// session; the KE case worker Per Hansen opens /saker, searches for her, opens the case and sees its
// process drawn with the active step marked, in Bokmål and Nynorsk. Screenshots go to
// test-output/screenshots/; axe checks WCAG 2.1 AA. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { formsByKey } from '../../forms/index.js';
import { requestForm } from '../../forms/request.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { chooseLanguage, csrfToken, fontsReady, main, signInAs } from './support/pages.js';

// Kari Nordmann of the development sign-in (server/users/fictional.ts): a synthetic number, nobody's.
const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };

const app = useProductInBrowser();


describe('the staff case list and case page', () => {
  let kariContext: BrowserContext;
  let perContext: BrowserContext;
  let per: Page;
  let caseNumber = '';
  let caseId = '';
  const assessNeed = formsByKey['need-assessment'].title;

  beforeAll(async () => {
    ({ context: kariContext } = await app.newPage());
    ({ context: perContext, page: per } = await app.newPage());
  });

  afterAll(async () => {
    await kariContext?.close();
    await perContext?.close();
  });

  test('Kari Nordmann sends a request for herself', async () => {
    const page = await kariContext.newPage();
    await signInAs(page, app.baseUrl, kari.name, '/mine-saker');
    await main(page).getByRole('heading', { level: 1, name: 'Mine saker' }).waitFor({ timeout: 10000 });
    const body = {
      ...structuredClone(requestForm.example),
      person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId },
      applicantRole: 'person',
      signature: { fullName: kari.name, confirmed: true },
    };
    const response = await kariContext.request.post(`${app.baseUrl}/api/requests`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(kariContext, app.baseUrl), 'Idempotency-Key': `staff-case-page-${Date.now()}` },
      data: body,
    });
    expect(response.status()).toBe(201);
    ({ caseId, caseNumber } = (await response.json()) as { caseId: string; caseNumber: string });
  });

  test('a KE case worker who opens "Mine saker" is sent to the staff case list', async () => {
    await signInAs(per, app.baseUrl, 'Per Hansen', '/mine-saker');
    await per.waitForURL(`${app.baseUrl}/saker`, { timeout: 10000 });
    await main(per).getByRole('heading', { level: 1, name: 'Saker' }).waitFor({ timeout: 10000 });
  });

  test('searches without accents or case and finds her case; the search lives in the URL', async () => {
    await main(per).getByRole('table').waitFor({ timeout: 10000 });
    const search = main(per).getByLabel('Søk på navn, saksnummer eller fødselsnummer');
    await search.fill('KARI nordmann');
    await search.press('Enter');
    await per.waitForURL(/\/saker\?q=KARI\+nordmann$/, { timeout: 10000 });
    const rows = main(per).getByRole('table').locator('tbody tr');
    await expect(rows.first().getByRole('link').textContent()).resolves.toBe(caseNumber);
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().locator('td').nth(1).textContent()).resolves.toBe(kari.name);
    await expect(rows.first().locator('td').nth(3).textContent()).resolves.toBe('Vurdere behovet');

    // A reload keeps the search; an identity number finds the same case.
    await per.reload();
    await expect(main(per).getByLabel('Søk på navn, saksnummer eller fødselsnummer').inputValue()).resolves.toBe('KARI nordmann');
    await main(per).getByRole('table').locator('tbody tr').first().waitFor({ timeout: 10000 });
    await per.goto(`${app.baseUrl}/saker?q=${kari.nationalId}`);
    await expect(main(per).getByRole('table').locator('tbody tr').first().getByRole('link').textContent({ timeout: 10000 })).resolves.toBe(caseNumber);
  });

  test('the case list has no WCAG 2.1 AA violations', async () => {
    await fontsReady(per);
    expect(await axeViolations(per)).toEqual([]);
  });

  test('opens the case: summary, request, tasks, and the diagram with the active step marked', async () => {
    await main(per).getByRole('link', { name: caseNumber }).click();
    await per.waitForURL(`${app.baseUrl}/saker/${caseId}`);
    await main(per).getByRole('heading', { level: 1, name: `${kari.name} – sak ${caseNumber}` }).waitFor({ timeout: 10000 });
    await main(per).getByRole('heading', { level: 2, name: 'Anmodningen slik den ble sendt og signert' }).waitFor();
    const openTask = main(per).getByRole('link', { name: assessNeed.nb });
    await expect(openTask.getAttribute('href')).resolves.toMatch(/^\/oppgaver\/.+/);

    // bpmn-js draws the process; the need assessment is marked active, the start completed.
    const diagram = main(per).getByTestId('case-diagram');
    await diagram.locator('.djs-element.staff-diagram__active[data-element-id="Task_AssessNeed"]').waitFor({ timeout: 20000 });
    await expect(diagram.locator('.djs-element.staff-diagram__completed[data-element-id="StartEvent_RequestReceived"]').count()).resolves.toBe(1);
    await expect(main(per).getByTestId('diagram-active').getByRole('listitem').allTextContents()).resolves.toContain(assessNeed.nb);
    await expect(main(per).getByTestId('diagram-incidents').textContent()).resolves.toContain('Ingen');
    // The steps without a form are named as shipped, in the reader's language, in the lists and the drawing.
    await expect(main(per).getByTestId('diagram-completed').getByRole('listitem').allTextContents()).resolves.toContain('Anmodning mottatt');
    await expect(diagram.locator('svg').first().textContent()).resolves.toContain('mottatt');
    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/staff-case-page-nb.png`, fullPage: true });
  });

  test('the case page has no WCAG 2.1 AA violations', async () => {
    expect(await axeViolations(per)).toEqual([]);
  });

  test('in Nynorsk', async () => {
    // The drawing follows the language without reading the case again (each read is audited).
    const diagramReads: string[] = [];
    const countDiagramReads = (request: { url(): string }) => {
      if (request.url().includes('/diagram')) diagramReads.push(request.url());
    };
    per.on('request', countDiagramReads);
    await chooseLanguage(per, 'Velg språk', 'Nynorsk');
    await main(per).getByRole('heading', { level: 2, name: 'Oppmodinga slik ho vart send og signert' }).waitFor({ timeout: 10000 });
    await expect(main(per).getByTestId('diagram-active').getByRole('listitem').allTextContents()).resolves.toContain(assessNeed.nn);
    await main(per).getByTestId('diagram-completed').getByText('Oppmoding motteken').waitFor({ timeout: 20000 });
    const drawing = (await main(per).getByTestId('case-diagram').locator('svg').first().textContent()) ?? '';
    expect(drawing).toContain('motteken');
    expect(drawing).not.toContain('received');
    per.off('request', countDiagramReads);
    expect(diagramReads).toEqual([]);
    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/staff-case-page-nn.png`, fullPage: true });
    await per.goto(`${app.baseUrl}/saker`);
    await main(per).getByRole('table').waitFor({ timeout: 10000 });
    await fontsReady(per);
    await per.screenshot({ path: `${screenshotDir}/staff-cases-nn.png`, fullPage: true });
    await chooseLanguage(per, 'Vel språk', 'Bokmål');
  });

  test('nothing loaded from outside and no page errors', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
