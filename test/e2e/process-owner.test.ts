// The process owners' pages in a real browser (Debian's Chromium via playwright-core) against the
// whole product with the development sign-in: a citizen's request starts a case; the process owner
// Siri Moe signs in, lands on /prosesser, sees the diagram of the process with the waiting case
// counted on its element, uploads a changed file (one step added), sees it deployed and the
// difference between the two versions, and sees a broken file refused with its problem. Bokmål and
// Nynorsk; axe checks WCAG 2.1 AA; screenshots in test-output/screenshots/. The web app must be built first.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { requestForm } from '../../forms/request.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { fontsReady, main, signInAs } from './support/pages.js';
import { withWelcomeCall } from '../definitions/owner-fixtures.js';
import { realSource, variant } from '../definitions/fixtures.js';

// Kari Nordmann of the development sign-in (server/users/fictional.ts): a synthetic number, nobody's.
const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };

const app = useProductInBrowser();
/** Headings in order: one h1, then no level skipped. */
async function headingsInOrder(page: Page): Promise<void> {
  const levels = await main(page).locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) => headings.map((h) => Number(h.tagName[1])));
  expect(levels.filter((level) => level === 1)).toHaveLength(1);
  levels.forEach((level, index) => index > 0 && expect(level).toBeLessThanOrEqual(levels[index - 1]! + 1));
}

describe('the process owners’ pages', () => {
  let kariContext: BrowserContext;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    let kariPage: Page;
    ({ context: kariContext, page: kariPage } = await app.newPage());
    ({ context, page } = await app.newPage());
    await signInAs(kariPage, app.baseUrl, kari.name, '/mine-saker');
    await main(kariPage).getByRole('heading', { level: 1, name: 'Mine saker' }).waitFor({ timeout: 10000 });
    const session = await kariContext.request.get(`${app.baseUrl}/api/auth/session`, { headers: { Accept: 'application/json' } });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    // The same Idempotency-Key makes a retry safe when a busy machine answers 503 before the deadline.
    const idempotencyKey = `process-owner-${Date.now()}`;
    const send = () =>
      kariContext.request.post(`${app.baseUrl}/api/requests`, {
        headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken, 'Idempotency-Key': idempotencyKey },
        data: {
          ...structuredClone(requestForm.example),
          person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId, email: 'kari.nordmann@example.no' },
          applicantRole: 'person',
          signature: { fullName: kari.name, confirmed: true },
        },
      });
    let response = await send();
    for (let attempt = 0; attempt < 5 && response.status() === 503; attempt++) response = await send();
    expect([200, 201]).toContain(response.status());
  });

  afterAll(async () => {
    await kariContext?.close();
    await context?.close();
  });

  test('Siri Moe lands on /prosesser and sees the diagram with the waiting case counted on its element', async () => {
    await signInAs(page, app.baseUrl, 'Siri Moe');
    await main(page).getByRole('heading', { level: 1, name: 'Prosesser' }).waitFor({ timeout: 15000 });
    expect(new URL(page.url()).pathname).toBe('/prosesser');
    const row = main(page).getByTestId('definitions').locator('tbody tr');
    // The heading shows before the definitions have loaded.
    await row.waitFor({ timeout: 15000 });
    await expect(row.locator('td').allTextContents()).resolves.toEqual(['individual-plan', '1', expect.any(String), '1']);

    await main(page).getByRole('link', { name: 'individual-plan' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'Prosessen individual-plan' }).waitFor({ timeout: 10000 });
    await main(page).getByRole('link', { name: 'Versjon 1' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'individual-plan, versjon 1' }).waitFor({ timeout: 10000 });

    // The diagram, drawn by bpmn-js, with the count on the need assessment; the same in the table.
    const diagram = main(page).getByTestId('diagram');
    await diagram.locator('[data-element-id="Task_AssessNeed"]').first().waitFor({ timeout: 15000 });
    await expect(diagram.locator('.djs-overlay-container [data-container-id="Task_AssessNeed"] .process-diagram__count').textContent()).resolves.toBe('1');
    const counts = main(page).getByTestId('counts').locator('tbody tr').filter({ hasText: 'Task_AssessNeed' });
    await expect(counts.locator('td').allTextContents()).resolves.toEqual(['Vurder behov Task_AssessNeed', '1', '0']);
    await main(page).getByTestId('figures').waitFor();
    await headingsInOrder(page);
    expect(await axeViolations(page)).toEqual([]);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-owner-diagram-nb.png`, fullPage: true });
  });

  test('a broken file is refused with its problem per element; the changed file deploys and the difference shows in words', async () => {
    await main(page).getByRole('link', { name: 'Tilbake til individual-plan' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'Prosessen individual-plan' }).waitFor({ timeout: 10000 });
    const fileInput = main(page).getByLabel('BPMN-fil');

    // Without a file: the field says what is missing.
    await main(page).getByRole('button', { name: 'Kontroller og ta i bruk' }).click();
    await main(page).getByText('Velg en BPMN-fil.').waitFor();

    await fileInput.setInputFiles({ name: 'individual-plan.bpmn', mimeType: 'application/xml', buffer: Buffer.from(variant('camunda:formKey="review"', 'camunda:formKey="no-such-form"')) });
    await main(page).getByRole('button', { name: 'Kontroller og ta i bruk' }).click();
    const refusal = main(page).getByRole('alert').filter({ hasText: 'Filen ble avvist av kontrollen.' });
    await refusal.waitFor({ timeout: 30000 });
    await expect(refusal.locator('tbody tr td').first().textContent()).resolves.toBe('Task_ReviewPlan');

    await fileInput.setInputFiles({ name: 'individual-plan.bpmn', mimeType: 'application/xml', buffer: Buffer.from(withWelcomeCall) });
    await main(page).getByRole('button', { name: 'Kontroller og ta i bruk' }).click();
    await main(page).getByText('Versjon 2 er tatt i bruk. Nye saker starter på den.').waitFor({ timeout: 30000 });
    const versions = main(page).getByTestId('versions').locator('tbody tr');
    await versions.nth(1).waitFor({ timeout: 10000 });
    await expect(versions.first().locator('td').nth(2).textContent()).resolves.toBe('Lastet opp av Siri Moe');
    await expect(versions.nth(1).locator('td').nth(2).textContent()).resolves.toBe('Fra filen i processes/');
    await main(page).getByRole('heading', { level: 2, name: 'Avviste forsøk' }).waitFor();

    await main(page).getByRole('button', { name: 'Vis forskjellen' }).click();
    const diff = main(page).getByTestId('diff');
    await diff.waitFor({ timeout: 10000 });
    const rows = await diff.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent?.trim())));
    expect(rows).toEqual([
      ['Lagt til', 'Welcome call Task_WelcomeCall', 'UserTask'],
      ['Lagt til', 'Flow_WelcomeCallDone', 'SequenceFlow'],
      ['Endret', 'Plan and/or coordinator Flow_DecisionGranted', 'SequenceFlow'],
    ]);
    await expect(diff.locator('tbody tr').nth(2).locator('li').textContent()).resolves.toBe('targetRef: Task_AppointCoordinator → Task_WelcomeCall');

    // The preview of moving the running case to version 2.
    await main(page).getByRole('button', { name: 'Se hva som kan flyttes' }).click();
    await main(page).getByRole('table', { name: 'Kan flyttes' }).waitFor({ timeout: 10000 });
    await headingsInOrder(page);
    expect(await axeViolations(page)).toEqual([]);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-owner-versions-nb.png`, fullPage: true });
  });

  test('in Nynorsk', async () => {
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'nn');
    await main(page).getByRole('heading', { level: 2, name: 'Samanlikn versjonar' }).waitFor();
    await main(page).getByRole('button', { name: 'Vis skilnaden' }).click();
    await main(page).getByTestId('diff').getByText('Lagt til').first().waitFor();
    await main(page).getByRole('link', { name: 'Versjon 2' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'individual-plan, versjon 2' }).waitFor({ timeout: 10000 });
    await main(page).getByTestId('diagram').locator('[data-element-id="Task_WelcomeCall"]').first().waitFor({ timeout: 15000 });
    await main(page).getByRole('heading', { level: 2, name: 'Kvar sakene ventar' }).waitFor();
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-owner-diagram-nn.png`, fullPage: true });
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
    // The upload changed no file: processes/ stays the source for file-based deploys.
    expect(readFileSync('processes/individual-plan.bpmn', 'utf8')).toBe(realSource);
  });
});
