// The living plan in a real browser (Debian's Chromium via playwright-core) against the whole
// product with the development sign-in: the coordinator Anne Lie sets up the responsibility group
// with two members and a meeting with minutes, drafts a plan with two goals and three measures and
// sends it; Kari Nordmann (in Nynorsk) reads it and asks for a change; Anne changes one measure and
// sends again; Kari sees the difference and approves; the review marks one goal achieved.
// Screenshots in test-output/screenshots/ (nb and nn); axe checks WCAG 2.1 AA on every page shown.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { formsByKey } from '../../forms/index.js';
import { requestForm } from '../../forms/request.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { chooseLanguage, csrfToken, fontsReady, main, signInAs } from './support/pages.js';

const kari = { name: 'Kari Nordmann', nationalId: '01817010055' };
const anneId = 'de0000000000000000000005';
const app = useProductInBrowser();

interface Task {
  id: string;
  caseId: string;
  formKey: string | null;
  status: string;
}

async function call(context: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown) {
  const request: APIRequestContext = context.request;
  const headers = { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(context, app.baseUrl) };
  const response = method === 'GET' ? await request.get(`${app.baseUrl}${path}`, { headers }) : await request.post(`${app.baseUrl}${path}`, { headers, data: data ?? {} });
  return { status: response.status(), body: (await response.json().catch(() => null)) as unknown };
}

/** Polls the user's work queue view for the case's open task of a form. */
async function taskOf(context: BrowserContext, view: string, caseId: string, formKey: string): Promise<Task> {
  const deadline = Date.now() + 20000;
  for (;;) {
    const answer = await call(context, 'GET', `/api/tasks?view=${view}&pageSize=100`);
    const task = ((answer.body as { tasks?: Task[] } | null)?.tasks ?? []).find((x) => x.caseId === caseId && x.formKey === formKey);
    if (task) return task;
    if (Date.now() > deadline) throw new Error(`no ${formKey} task for the case in ${view}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectAxeClean(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

describe('the living plan, from the group to the review', () => {
  let kariContext: BrowserContext;
  let perContext: BrowserContext;
  let anneContext: BrowserContext;
  let kariPage: Page;
  let anne: Page;
  let caseId = '';

  beforeAll(async () => {
    ({ context: kariContext, page: kariPage } = await app.newPage());
    ({ context: perContext } = await app.newPage());
    ({ context: anneContext, page: anne } = await app.newPage());
  });

  afterAll(async () => {
    await kariContext?.close();
    await perContext?.close();
    await anneContext?.close();
  });

  test('Kari asks for a plan; the unit decides and appoints Anne Lie', async () => {
    await signInAs(kariPage, app.baseUrl, kari.name, '/mine-saker');
    await kariPage.waitForURL(`${app.baseUrl}/mine-saker`, { timeout: 10000 });
    await main(kariPage).getByRole('heading', { level: 1, name: 'Mine saker' }).waitFor({ timeout: 10000 });
    const body = {
      ...structuredClone(requestForm.example),
      person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId, writtenForm: 'nn' },
      applicantRole: 'person',
      signature: { fullName: kari.name, confirmed: true },
    };
    const sent = await kariContext.request.post(`${app.baseUrl}/api/requests`, {
      headers: { Accept: 'application/json', 'X-CSRF-Token': await csrfToken(kariContext, app.baseUrl), 'Idempotency-Key': `plan-e2e-${Date.now()}` },
      data: body,
    });
    expect(sent.status()).toBe(201);
    caseId = ((await sent.json()) as { caseId: string }).caseId;

    const per = await perContext.newPage();
    await signInAs(per, app.baseUrl, 'Per Hansen', '/arbeidsko');
    await per.waitForURL(`${app.baseUrl}/arbeidsko`, { timeout: 10000 });
    const assess = await taskOf(perContext, 'unit', caseId, 'need-assessment');
    expect((await call(perContext, 'POST', `/api/tasks/${assess.id}/claim`)).status).toBe(200);
    const decided = await call(perContext, 'POST', `/api/tasks/${assess.id}/complete`, { data: { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator', decidedOn: new Date().toISOString().slice(0, 10) } });
    expect(decided.status).toBe(200);
    const appoint = await taskOf(perContext, 'unit', caseId, 'coordinator-appointment');
    expect((await call(perContext, 'POST', `/api/tasks/${appoint.id}/claim`)).status).toBe(200);
    const appointed = await call(perContext, 'POST', `/api/tasks/${appoint.id}/complete`, {
      data: { wishOutcome: 'no-wish', coordinatorUserId: anneId, coordinatorUnit: 'Rehabiliteringstjenesten, Eksempel kommune', coordinatorPhone: '+47 61 10 20 30', coordinatorEmail: 'anne.lie@eksempel.kommune.no', establishResponsibilityGroup: false },
    });
    expect(appointed).toMatchObject({ status: 200 });
  });

  test('Anne opens the plan task: the workspace; she sets up the group with two members and a meeting with minutes', async () => {
    await signInAs(anne, app.baseUrl, 'Anne Lie', '/arbeidsko');
    await anne.waitForURL(`${app.baseUrl}/arbeidsko`, { timeout: 10000 });
    const task = await taskOf(anneContext, 'mine', caseId, 'plan');
    await anne.goto(`${app.baseUrl}/oppgaver/${task.id}`);
    await anne.waitForURL(`${app.baseUrl}/saker/${caseId}/plan`, { timeout: 10000 });
    await main(anne).getByRole('heading', { level: 1, name: 'Plan for Kari Nordmann' }).waitFor({ timeout: 10000 });

    const group = main(anne).locator('.plan-group');
    for (const [name, organisation, role] of [
      ['Jonas Dahl', 'Eksempel kommune', 'Fysioterapeut'],
      ['Aisha Rahimi', 'NAV Eksempel', 'Veileder'],
    ]) {
      await group.getByLabel('Navn', { exact: true }).fill(name!);
      await group.getByLabel('Virksomhet eller tjeneste').fill(organisation!);
      await group.getByLabel('Rolle', { exact: true }).fill(role!);
      await group.getByRole('button', { name: 'Legg til i gruppen' }).click();
      await group.getByRole('cell', { name: new RegExp(`^${name}`) }).waitFor({ timeout: 10000 });
    }
    await group.getByRole('button', { name: 'Nytt møte' }).click();
    await group.getByLabel('Dato og klokkeslett').fill('2026-12-10T10:00');
    await group.getByLabel('Sted').fill('Rådhuset, møterom 3');
    await group.getByLabel('Saksliste').fill('Mål og tiltak i planen');
    await group.getByRole('checkbox', { name: 'Jonas Dahl' }).check();
    await group.getByRole('checkbox', { name: 'Aisha Rahimi' }).check();
    await group.getByLabel('Referat').fill('Kari fortalte om målene sine. Vi ble enige om gåtrening og hjelp til jobbsøking.');
    await group.getByLabel('Hva skal følges opp?').fill('Søke om arbeidsrettet tiltak');
    await group.getByRole('button', { name: 'Legg til oppfølgingspunkt' }).click();
    await group.getByRole('button', { name: 'Lagre møtet' }).click();
    await group.getByText('Kari fortalte om målene sine.').waitFor({ timeout: 10000 });
  });

  test('she drafts two goals and three measures, saved as she types, and sends the plan', async () => {
    const editor = main(anne).locator('.plan-editor');
    await editor.getByRole('button', { name: 'Legg til mål' }).click();
    await editor.getByLabel('Mål 1').fill('Jeg vil gå til jobben selv.');
    await editor.getByRole('button', { name: 'Legg til mål' }).click();
    await editor.getByLabel('Mål 2').fill('Jeg vil komme i arbeid igjen.');
    const measures: [string, string, string][] = [
      ['Gåtrening to ganger i uka', '1', 'Jonas Dahl, fysioterapeut'],
      ['Samtale om arbeidsrettede tiltak', '2', 'Aisha Rahimi, NAV'],
      ['Gå til bussen hver morgen', '1', 'Kari selv'],
    ];
    for (const [index, [what, goal, responsible]] of measures.entries()) {
      await editor.getByRole('button', { name: 'Legg til tiltak' }).click();
      const card = editor.locator('.plan-editor__measure').nth(index);
      await card.getByLabel('Hva skal gjøres?').fill(what);
      await card.getByLabel('Hvilket mål hører tiltaket til?').selectOption({ index: Number(goal) });
      await card.getByLabel('Hvem har ansvar?').fill(responsible);
      await card.getByLabel('Til hvilken tid?').fill('2027-06-30');
    }
    await editor.getByLabel('Planperiode fra').fill('2026-12-01');
    await editor.getByLabel('Planperiode til').fill('2027-11-30');
    // A date whose year is still being typed (a date field passes through 0002 and 0020) is not
    // sent: the page marks it, and saves once it is whole (the run ends with no refused request logged).
    await editor.getByLabel('Neste evaluering').fill('0002-06-01');
    await main(anne).getByRole('status').filter({ hasText: 'Ikke lagret: rett feilene som er merket.' }).waitFor({ timeout: 10000 });
    await expect(editor.getByLabel('Neste evaluering').getAttribute('aria-invalid')).resolves.toBe('true');
    await editor.getByLabel('Neste evaluering').fill('2027-06-01');
    await main(anne).getByRole('status').filter({ hasText: /^Lagret / }).waitFor({ timeout: 10000 });
    // Saved on the server, not just on the page: a reload shows it.
    await anne.reload();
    await expect(main(anne).locator('.plan-editor').getByLabel('Mål 2').inputValue({ timeout: 10000 })).resolves.toBe('Jeg vil komme i arbeid igjen.');
    await fontsReady(anne);
    await anne.screenshot({ path: `${screenshotDir}/plan-workspace-nb.png`, fullPage: true });
    await expectAxeClean(anne);

    await main(anne).getByRole('button', { name: 'Send planen til godkjenning' }).click();
    await main(anne).getByText('Versjon 1 er sendt til personen for godkjenning.').waitFor({ timeout: 10000 });
  });

  test('Kari, in Nynorsk, reads the plan and asks for a change', async () => {
    await kariPage.goto(`${app.baseUrl}/mine-saker/${caseId}`);
    await chooseLanguage(kariPage, 'Velg språk', 'Nynorsk');
    await main(kariPage).getByText('Dette er versjon 1 av planen, send til deg for godkjenning.').waitFor({ timeout: 10000 });
    await main(kariPage).getByText('Jeg vil gå til jobben selv.').first().waitFor();
    await fontsReady(kariPage);
    await kariPage.screenshot({ path: `${screenshotDir}/plan-person-v1-nn.png`, fullPage: true });
    await expectAxeClean(kariPage);
    await main(kariPage).getByRole('radio', { name: 'Nei' }).check();
    await main(kariPage).getByLabel('Kva vil du endre?').fill('Eg vil ha samtalen med NAV tidlegare, før jul.');
    await main(kariPage).getByRole('button', { name: 'Send svaret' }).click();
    await main(kariPage).getByText('Du bad om endringar i versjon 1.', { exact: false }).waitFor({ timeout: 10000 });
  });

  test('Anne sees the request, changes one measure and sends again', async () => {
    await anne.reload();
    await main(anne).getByText('Eg vil ha samtalen med NAV tidlegare, før jul.').first().waitFor({ timeout: 10000 });
    const second = main(anne).locator('.plan-editor__measure').nth(1);
    await second.getByLabel('Til hvilken tid?').fill('2026-12-20');
    await main(anne).getByRole('status').filter({ hasText: /^Lagret / }).waitFor({ timeout: 10000 });
    await main(anne).getByRole('button', { name: 'Send planen til godkjenning' }).click();
    await main(anne).getByText('Versjon 2 er sendt til personen for godkjenning.').waitFor({ timeout: 10000 });
  });

  test('Kari sees what changed and approves', async () => {
    await kariPage.reload();
    await main(kariPage).getByText('Dette er versjon 2 av planen, send til deg for godkjenning.').waitFor({ timeout: 10000 });
    // Nothing approved yet: the difference is against version 1, the one she was sent before, and says so.
    await main(kariPage).getByText('Du har ikkje godkjent nokon versjon enno. Her ser du kva som er endra sidan versjon 1, som du fekk tilsendt sist.').waitFor({ timeout: 10000 });
    const diff = main(kariPage).locator('.plan-person .plan-diff');
    await diff.getByRole('heading', { name: 'Endringar frå versjon 1 til versjon 2' }).waitFor({ timeout: 10000 });
    await expect(diff.locator('tbody tr').count()).resolves.toBe(1);
    await expect(diff.locator('tbody tr').first().textContent()).resolves.toContain('Samtale om arbeidsrettede tiltak');
    await fontsReady(kariPage);
    await kariPage.screenshot({ path: `${screenshotDir}/plan-person-v2-changes-nn.png`, fullPage: true });
    await expectAxeClean(kariPage);
    await main(kariPage).getByRole('radio', { name: 'Ja' }).check();
    await main(kariPage).getByRole('button', { name: 'Send svaret' }).click();
    await main(kariPage).getByText('Dette er versjon 2 av planen, som du har godkjent.').waitFor({ timeout: 10000 });
    await fontsReady(kariPage);
    await kariPage.screenshot({ path: `${screenshotDir}/plan-person-approved-nn.png`, fullPage: true });
    await expectAxeClean(kariPage);
  });

  test('Anne compares the versions: exactly the changed measure', async () => {
    await anne.reload();
    const versions = main(anne).locator('section[aria-labelledby="plan-versions"]');
    await versions.getByRole('cell', { name: 'Godkjent' }).waitFor({ timeout: 10000 });
    await versions.getByRole('button', { name: 'Sammenlign' }).click();
    const diff = versions.locator('.plan-diff');
    await diff.getByRole('heading', { name: 'Endringer fra versjon 1 til versjon 2' }).waitFor({ timeout: 10000 });
    await expect(diff.locator('tbody tr').count()).resolves.toBe(1);
    await expect(diff.locator('tbody tr').first().textContent()).resolves.toContain('Samtale om arbeidsrettede tiltak');
    await fontsReady(anne);
    await anne.screenshot({ path: `${screenshotDir}/plan-versions-nb.png`, fullPage: true });
    await expectAxeClean(anne);
  });

  test('Anne sends the approved version to Kari as a letter; Kari finds it among her letters', async () => {
    const versions = main(anne).locator('section[aria-labelledby="plan-versions"]');
    // The version Kari asked to change cannot be sent; the approved one can.
    await expect(versions.getByRole('button', { name: 'Send versjon 1 som brev' }).count()).resolves.toBe(0);
    await versions.getByRole('button', { name: 'Send versjon 2 som brev' }).click();
    await versions.getByRole('status').getByText('Versjon 2 sendes som brev.', { exact: false }).waitFor({ timeout: 10000 });
    await expectAxeClean(anne);

    await kariPage.goto(`${app.baseUrl}/mine-saker/${caseId}`);
    const letters = main(kariPage).locator('section[aria-labelledby="case-letters"]');
    await letters.getByRole('link', { name: /^Individuell plan for .*, versjon 2,/ }).waitFor({ timeout: 20000 });
    await fontsReady(kariPage);
    await kariPage.screenshot({ path: `${screenshotDir}/plan-letter-person-nn.png`, fullPage: true });
  });

  test('the review marks one goal achieved', async () => {
    await main(anne).getByRole('button', { name: 'Start evaluering nå' }).click();
    const review = main(anne).locator('.plan-review');
    await review.getByRole('heading', { name: 'Evaluering av versjon 2' }).waitFor({ timeout: 10000 });
    await review.getByRole('group', { name: /^Mål 1:/ }).getByRole('radio', { name: 'Nådd' }).check();
    await review.getByRole('group', { name: /^Mål 2:/ }).getByRole('radio', { name: 'Delvis' }).check();
    await review.getByLabel('Hvordan går det med målene og tiltakene?').fill('Kari går til jobben selv. Samtalen med NAV er holdt.');
    await review.getByRole('radio', { name: 'Planen fortsetter uendret' }).check();
    await fontsReady(anne);
    await anne.screenshot({ path: `${screenshotDir}/plan-review-nb.png`, fullPage: true });
    await expectAxeClean(anne);
    await review.getByRole('button', { name: 'Fullfør evalueringen' }).click();
    await main(anne).getByRole('heading', { name: 'Evalueringer' }).waitFor({ timeout: 10000 });
    const detail = await call(anneContext, 'GET', `/api/cases/${caseId}/plan/workspace`);
    expect((detail.body as { reviews: { goals: { goalId: string; assessment: string }[] }[] }).reviews[0]?.goals.map((g) => g.assessment)).toEqual(['achieved', 'partly']);
    // The workspace in Nynorsk too.
    await chooseLanguage(anne, 'Velg språk', 'Nynorsk');
    await main(anne).getByRole('heading', { level: 1, name: 'Plan for Kari Nordmann' }).waitFor();
    await fontsReady(anne);
    await anne.screenshot({ path: `${screenshotDir}/plan-workspace-nn.png`, fullPage: true });
    await expectAxeClean(anne);
  });
});

describe('the whole run', () => {
  // Last: covers every page opened above.
  test('nothing loaded from outside and no errors logged', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
