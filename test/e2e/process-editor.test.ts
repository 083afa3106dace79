// The process editor in a real browser (Debian's Chromium via playwright-core) against the whole
// product with the development sign-in. A citizen's request starts a case on version 1; the process
// owner Siri Moe opens the editor, drops a new step on the arrow before the need assessment, makes it
// a user task with a form, a candidate group and a due date from the form beside the diagram, and
// saves: version 2. The next new case waits at the new step while the running case stays where it was
// on version 1. A script task and a file with an unknown form are blocked with their messages, which
// select their element. Bokmål and Nynorsk; axe checks WCAG 2.1 AA; screenshots in
// test-output/screenshots/. The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { requestForm } from '../../forms/request.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { variant } from '../definitions/fixtures.js';
import { fontsReady, main, signInAs } from './support/pages.js';

// Kari Nordmann of the development sign-in (server/users/fictional.ts): a synthetic number, nobody's.
const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };

const app = useProductInBrowser();

interface Count {
  elementId: string;
  running: number;
}

describe('the process editor', () => {
  let kariContext: BrowserContext;
  let context: BrowserContext;
  let page: Page;
  let newStepId = '';
  let requests = 0;

  /** Kari sends a request (a new case); the same Idempotency-Key makes a retry after a 503 safe. */
  async function sendRequest(): Promise<void> {
    const session = await kariContext.request.get(`${app.baseUrl}/api/auth/session`, { headers: { Accept: 'application/json' } });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const idempotencyKey = `process-editor-${Date.now()}-${++requests}`;
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
  }

  /** Running cases per element of a version, as the process owner's API counts them. */
  async function counts(version: number): Promise<Map<string, number>> {
    const response = await context.request.get(`${app.baseUrl}/api/definitions/individual-plan/versions/${version}`, { headers: { Accept: 'application/json' } });
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { counts: Count[] };
    return new Map(body.counts.map((count) => [count.elementId, count.running]));
  }

  async function versionCount(): Promise<number> {
    const response = await context.request.get(`${app.baseUrl}/api/definitions/individual-plan/versions`, { headers: { Accept: 'application/json' } });
    return ((await response.json()) as { versions: unknown[] }).versions.length;
  }

  const modeler = () => main(page).getByTestId('modeler');
  const checkStatus = () => main(page).getByTestId('check-status');

  /** Scrolls the diagram with the mouse wheel until the element is inside the canvas; its box on the page. */
  async function scrolledTo(selector: string) {
    const canvas = (await modeler().boundingBox())!;
    for (let attempt = 0; attempt < 20; attempt++) {
      const box = await modeler().locator(selector).first().boundingBox();
      if (!box) throw new Error(`${selector} is not drawn`);
      const dx = box.x + box.width / 2 - (canvas.x + canvas.width / 2);
      const dy = box.y + box.height / 2 - (canvas.y + canvas.height / 2);
      if (Math.abs(dx) < canvas.width / 4 && Math.abs(dy) < canvas.height / 4) return box;
      await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
      await page.mouse.wheel(Math.max(-300, Math.min(300, dx)), Math.max(-300, Math.min(300, dy)));
    }
    throw new Error(`${selector} could not be scrolled into view`);
  }

  /** Opens the change-type menu of the selected element and picks an entry. */
  async function changeTypeOf(elementId: string, entry: string): Promise<void> {
    if ((await modeler().locator(`.djs-shape.selected[data-element-id="${elementId}"]`).count()) === 0) {
      await scrolledTo(`.djs-element[data-element-id="${elementId}"]`);
      await modeler().locator(`.djs-element[data-element-id="${elementId}"]`).first().click();
    }
    await modeler().locator('.djs-context-pad .entry[data-action="replace"]').click();
    // The menu opens with its search field focused: type the entry's name and take it.
    await page.locator('.djs-popup').waitFor();
    await page.keyboard.type(entry);
    await page.locator('.djs-popup .entry.selected').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.djs-popup').waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    ({ context: kariContext } = await app.newPage());
    ({ context, page } = await app.newPage());
    const kariPage = await kariContext.newPage();
    await signInAs(kariPage, app.baseUrl, kari.name, '/mine-saker');
    await main(kariPage).getByRole('heading', { level: 1, name: 'Mine saker' }).waitFor({ timeout: 10000 });
    await sendRequest();
  });

  afterAll(async () => {
    await kariContext?.close();
    await context?.close();
  });

  test('Siri Moe adds a step in the modeler, gives it a form, a group and a due date, and saves it as version 2', async () => {
    await signInAs(page, app.baseUrl, 'Siri Moe');
    await main(page).getByRole('heading', { level: 1, name: 'Prosesser' }).waitFor({ timeout: 15000 });
    await main(page).getByRole('link', { name: 'individual-plan' }).click();
    await main(page).getByRole('link', { name: 'Endre prosessen i nettleseren' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'Endre individual-plan' }).waitFor({ timeout: 10000 });
    await modeler().locator('[data-element-id="Task_AssessNeed"]').first().waitFor({ timeout: 20000 });
    await checkStatus().getByText('Kontrollen fant ingen feil.').waitFor({ timeout: 30000 });
    const before = await counts(1);
    expect(before.get('Task_AssessNeed')).toBe(1);

    // A task from the palette, dropped on the arrow into the need assessment: bpmn-js puts it into the flow.
    await modeler().locator('.djs-palette .entry[data-action="create.task"]').click();
    const arrow = await scrolledTo('.djs-connection[data-element-id="Flow_ToAssessNeed"]');
    await page.mouse.move(arrow.x + arrow.width / 2 - 40, arrow.y + arrow.height / 2 + 30, { steps: 4 });
    await page.mouse.move(arrow.x + arrow.width / 2, arrow.y + arrow.height / 2, { steps: 6 });
    await page.mouse.down();
    await page.mouse.up();
    const created = modeler().locator('.djs-shape.selected[data-element-id^="Activity_"]');
    await created.waitFor({ timeout: 10000 });
    const taskId = await created.getAttribute('data-element-id');
    expect(taskId).toMatch(/^Activity_/);
    // bpmn-js opens the new step's name for typing.
    await modeler().locator('.djs-direct-editing-content').waitFor();
    await page.keyboard.type('Velkomstsamtale');
    await page.keyboard.press('Enter');
    // A plain task is not something a case can wait at: make it a user task.
    await changeTypeOf(taskId!, 'Brukeroppgave');
    newStepId = (await modeler().locator('.djs-shape.selected').first().getAttribute('data-element-id'))!;
    const properties = main(page).getByRole('region', { name: /^Egenskaper for/ });
    await properties.getByLabel('Skjema').waitFor({ timeout: 10000 });
    // Until it has a form and a group, the check says so, pointing at the new step.
    await main(page).getByTestId('problems').getByText('User task has no camunda:formKey').waitFor({ timeout: 30000 });

    await expect(properties.getByLabel('Navn').inputValue()).resolves.toBe('Velkomstsamtale');
    await properties.getByLabel('Skjema').selectOption('offer-contact');
    await properties.getByLabel('Saksbehandler, koordinerende enhet').check();
    await properties.getByLabel('Frist').fill('P7D');
    await main(page).getByRole('heading', { level: 2, name: 'Egenskaper for Velkomstsamtale' }).waitFor();
    await checkStatus().getByText('Kontrollen fant ingen feil.').waitFor({ timeout: 30000 });
    expect(await axeViolations(page)).toEqual([]);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-editor-nb.png`, fullPage: true });

    await main(page).getByRole('button', { name: 'Kontroller og lagre' }).click();
    await main(page).getByText('Versjon 2 er tatt i bruk. Nye saker starter på den.').waitFor({ timeout: 30000 });
    expect(await versionCount()).toBe(2);
    const saved = await context.request.get(`${app.baseUrl}/api/definitions/individual-plan/versions/2`, { headers: { Accept: 'application/json' } });
    const version = (await saved.json()) as { version: { origin: string; deployedBy: { name: string } | null }; xml: string };
    expect(version.version).toMatchObject({ origin: 'browser', deployedBy: { name: 'Siri Moe' } });
    expect(version.xml).toContain(`<bpmn:userTask id="${newStepId}" name="Velkomstsamtale" camunda:formKey="offer-contact" camunda:candidateGroups="ke-caseworker" camunda:dueDate="P7D">`);
  });

  test('the next new case waits at the new step; the running case stays at its step on version 1', async () => {
    await sendRequest();
    let onTwo = new Map<string, number>();
    for (let attempt = 0; attempt < 100 && !onTwo.get(newStepId); attempt++) {
      onTwo = await counts(2);
      if (!onTwo.get(newStepId)) await page.waitForTimeout(100);
    }
    expect([onTwo.get(newStepId), onTwo.get('Task_AssessNeed')]).toEqual([1, undefined]);
    const onOne = await counts(1);
    expect([onOne.get('Task_AssessNeed'), onOne.get(newStepId)]).toEqual([1, undefined]);

    // The same on version 2's diagram.
    await main(page).getByRole('link', { name: 'Versjon 2' }).click();
    await main(page).getByRole('heading', { level: 1, name: 'individual-plan, versjon 2' }).waitFor({ timeout: 10000 });
    const diagram = main(page).getByTestId('diagram');
    await diagram.locator(`.djs-overlay-container [data-container-id="${newStepId}"] .process-diagram__count`).waitFor({ timeout: 15000 });
    await expect(diagram.locator(`.djs-overlay-container [data-container-id="${newStepId}"] .process-diagram__count`).textContent()).resolves.toBe('1');
  });

  test('a script task and an unknown form are blocked with their messages, which select their element', async () => {
    await page.goto(`${app.baseUrl}/prosesser/individual-plan/rediger`);
    await main(page).getByRole('heading', { level: 1, name: 'Endre individual-plan' }).waitFor({ timeout: 10000 });
    await modeler().locator(`[data-element-id="${newStepId}"]`).first().waitFor({ timeout: 20000 });
    await checkStatus().getByText('Kontrollen fant ingen feil.').waitFor({ timeout: 30000 });

    await changeTypeOf('Task_ObtainConsent', 'Skriptsteg');
    const problems = main(page).getByTestId('problems');
    const scriptProblem = problems.locator('li').filter({ hasText: 'Script tasks are not allowed' });
    await scriptProblem.waitFor({ timeout: 30000 });
    await main(page).getByRole('button', { name: 'Kontroller og lagre' }).click();
    await main(page).getByRole('alert').filter({ hasText: /Diagrammet kan ikke lagres før \d+ feil er rettet/ }).waitFor({ timeout: 30000 });
    expect(await versionCount()).toBe(2);
    // The message's button selects the element and shows it.
    const scriptTaskId = (await scriptProblem.getByRole('button').textContent())!;
    await scrolledTo('.djs-element[data-element-id="Task_ObtainSignedRequest"]');
    await modeler().locator('.djs-element[data-element-id="Task_ObtainSignedRequest"]').first().click();
    await main(page).getByRole('heading', { level: 2, name: 'Egenskaper for Obtain a signed request' }).waitFor();
    await scriptProblem.getByRole('button').click();
    await expect(modeler().locator('.djs-shape.selected').first().getAttribute('data-element-id')).resolves.toBe(scriptTaskId);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('element-properties-heading');

    // A file with a form that does not exist, opened into the editor: blocked the same way.
    const unknownForm = variant('camunda:formKey="review"', 'camunda:formKey="no-such-form"');
    await main(page).getByLabel('Åpne en fil i stedet').setInputFiles({ name: 'individual-plan.bpmn', mimeType: 'application/xml', buffer: Buffer.from(unknownForm) });
    const formProblem = problems.locator('li').filter({ hasText: 'camunda:formKey "no-such-form" is not a form in forms/' });
    await formProblem.waitFor({ timeout: 30000 });
    await expect(formProblem.getByRole('button').textContent()).resolves.toBe('Task_ReviewPlan');
    await main(page).getByRole('button', { name: 'Kontroller og lagre' }).click();
    await main(page).getByRole('alert').filter({ hasText: 'Diagrammet kan ikke lagres før 1 feil er rettet' }).waitFor({ timeout: 30000 });
    await formProblem.getByRole('button').click();
    await main(page).getByRole('heading', { level: 2, name: 'Egenskaper for Review plan' }).waitFor();
    await expect(main(page).getByLabel('Skjema').inputValue()).resolves.toBe('no-such-form');
    expect(await versionCount()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-editor-blocked-nb.png`, fullPage: true });
  });

  test('in Nynorsk', async () => {
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk', { exact: true }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'nn');
    await main(page).getByRole('heading', { level: 1, name: 'Endre individual-plan' }).waitFor({ timeout: 10000 });
    // The diagram being edited survives the change of language (the opened file, still unsaved).
    await modeler().locator('.djs-palette .entry[aria-label="Lag starthending"]').waitFor({ timeout: 20000 });
    await checkStatus().getByText('Kontrollen fann 1 feil.', { exact: false }).waitFor({ timeout: 30000 });
    await main(page).getByTestId('problems').getByRole('button', { name: 'Task_ReviewPlan' }).click();
    await main(page).getByRole('heading', { level: 2, name: 'Eigenskapar for Review plan' }).waitFor();
    await expect(main(page).getByLabel('Skjema').inputValue()).resolves.toBe('no-such-form');
    await main(page).getByRole('option', { name: 'no-such-form (finst ikkje)' }).waitFor({ state: 'attached' });
    expect(await axeViolations(page)).toEqual([]);
    await fontsReady(page);
    await page.screenshot({ path: `${screenshotDir}/process-editor-nn.png`, fullPage: true });
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
