// The coordinating unit's oversight in a real browser (Debian's Chromium via playwright-core) against
// the whole product with the development sign-in. A case whose review is overdue is written into the
// product's own database (the embedded server it started); the KE lead Liv Berg opens the overview,
// follows "review overdue" to the filtered case list and opens the case. The admin Arne Strand creates
// a coordinator on /brukere and signs out; the new coordinator signs in and lands on her work queue.
// The overview, users, audit, incidents and help pages are axe-checked (WCAG 2.1 AA) and kept as
// screenshots in test-output/screenshots/ (nb and nn, en of the overview). The web app must be built first.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import mongoose from 'mongoose';
import type { BrowserContext, Page } from 'playwright-core';
import { auditEntryModel } from '../../server/audit/model.js';
import { engineModels } from '../../server/engine/models/index.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { axeViolations } from '../support/axe.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { daysAgo, seedCase, type SeededCase } from '../oversight/seed.js';
import { chooseLanguage, fontsReady, main, signInAs } from './support/pages.js';

const anneId = 'de0000000000000000000005';
const perId = 'de0000000000000000000003';
const app = useProductInBrowser();

const heading = (page: Page, name: string | RegExp) => main(page).getByRole('heading', { level: 1, name });

/** The URI of the embedded MongoDB-compatible server the product started, from its log. */
function productDatabaseUri(output: string): string {
  const uri = /"uri":"(mongodb:\/\/[^"]+)"/.exec(output)?.[1];
  if (!uri) throw new Error(`the product did not log its embedded database:\n${output.slice(-2000)}`);
  return uri;
}

async function screenshot(page: Page, name: string) {
  await fontsReady(page);
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, fullPage: true });
}

describe('oversight in the browser', () => {
  let overdue: SeededCase;
  let livContext: BrowserContext;
  let liv: Page;
  let arneContext: BrowserContext;
  let arne: Page;

  beforeAll(async () => {
    // Eva Eik's plan was approved 200 days ago; her review, claimed by Anne Lie, was due two days ago.
    const db = await mongoose.createConnection(productDatabaseUri(app.product.output())).asPromise();
    try {
      const now = new Date();
      const ago = (days: number) => daysAgo(now, days);
      const done = (formKey: 'need-assessment' | 'coordinator-appointment' | 'plan-approval', days: number, output?: Record<string, unknown>) =>
        ({ formKey, status: 'completed' as const, closedAt: ago(days), completedBy: perId, ...(output ? { output } : {}) });
      overdue = await seedCase(db, {
        name: 'Eva Eik',
        unitId: fictionalUnitId,
        createdAt: ago(260),
        coordinatorId: anneId,
        waitsAt: ['Task_ReviewPlan'],
        tasks: [
          done('need-assessment', 230, { decision: 'plan-and-coordinator', decidedOn: '2026-04-16' }),
          done('coordinator-appointment', 220),
          done('plan-approval', 200, { approved: true }),
          { formKey: 'review', status: 'claimed', assignee: anneId, dueDate: ago(2) },
        ],
      });
      // Sixty readings of her case by Per Hansen a year ago: more than a page of the audit log.
      const yearAgo = ago(365).getTime();
      await auditEntryModel(db).insertMany(
        Array.from({ length: 60 }, (_, i) => ({
          _id: `e2e${String(i).padStart(21, '0')}`,
          time: new Date(yearAgo + i * 60_000),
          actorId: perId,
          actorName: 'Per Hansen',
          actorRole: 'ke-caseworker',
          action: 'case.read-as-staff',
          outcome: 'allowed',
          caseId: overdue.id,
          unitId: fictionalUnitId,
          route: 'GET /api/staff/cases/:id',
        })),
      );
      // A letter to her that failed every automatic attempt: an open incident of the unit.
      await engineModels(db).Incident.create({
        _id: `${overdue.instanceId}-incident-1`,
        kind: 'service',
        instanceId: overdue.instanceId,
        caseId: overdue.id,
        processKey: 'individual-plan',
        elementId: 'Task_ReviewPlan',
        handler: 'send-letter',
        attempts: 5,
        lastError: 'SMTP 421: tjenesten er midlertidig utilgjengelig',
        status: 'open',
        createdAt: ago(1),
        updatedAt: ago(1),
      });
    } finally {
      await db.close();
    }
    ({ context: livContext, page: liv } = await app.newPage());
    ({ context: arneContext, page: arne } = await app.newPage());
  });

  afterAll(async () => {
    await livContext?.close();
    await arneContext?.close();
  });

  test('the KE lead opens the overview, follows "review overdue" to the list and opens the case', async () => {
    await signInAs(liv, app.baseUrl, 'Liv Berg');
    await liv.getByRole('banner').getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Oversikt' }).click();
    await heading(liv, 'Oversikt over enheten').waitFor({ timeout: 10000 });
    expect(new URL(liv.url()).pathname).toBe('/oversikt');

    const overdueLink = main(liv).getByTestId('overview-review-overdue');
    await overdueLink.waitFor({ timeout: 10000 });
    await expect(overdueLink.textContent()).resolves.toBe('1 Vis sakene');
    // The period's days in words, as everywhere else in the product.
    await main(liv).getByText(/^Tall for perioden 1\. januar \d{4} – \d{1,2}\. [a-zæøå]+ \d{4}$/).waitFor();
    await screenshot(liv, 'oversight-overview-nb');
    await expect(axeViolations(liv)).resolves.toEqual([]);

    await overdueLink.click();
    await liv.waitForURL(/\/saker\?/, { timeout: 10000 });
    await main(liv).getByText('Viser sakene bak tallet: evaluering på overtid').waitFor({ timeout: 10000 });
    const rows = main(liv).getByRole('table').locator('tbody tr');
    await rows.first().waitFor({ timeout: 10000 });
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().locator('td').nth(1).textContent()).resolves.toBe('Eva Eik');
    await screenshot(liv, 'oversight-review-overdue-list-nb');
    await expect(axeViolations(liv)).resolves.toEqual([]);

    await rows.first().getByRole('link', { name: overdue.caseNumber }).click();
    await liv.waitForURL(`${app.baseUrl}/saker/${overdue.id}`, { timeout: 10000 });
    await heading(liv, `Eva Eik – sak ${overdue.caseNumber}`).waitFor({ timeout: 10000 });
  });

  test('the overview in Nynorsk and English', async () => {
    await liv.goto(`${app.baseUrl}/oversikt`);
    await heading(liv, 'Oversikt over enheten').waitFor({ timeout: 10000 });
    await chooseLanguage(liv, 'Velg språk', 'Nynorsk');
    await heading(liv, 'Oversyn over eininga').waitFor();
    await main(liv).getByTestId('overview-review-overdue').waitFor({ timeout: 10000 });
    await screenshot(liv, 'oversight-overview-nn');
    await expect(axeViolations(liv)).resolves.toEqual([]);
    await chooseLanguage(liv, 'Vel språk', 'English');
    await heading(liv, 'The unit’s overview').waitFor();
    await screenshot(liv, 'oversight-overview-en');
    await chooseLanguage(liv, 'Choose language', 'Bokmål');
  });

  test.each([
    ['audit', '/logg', 'Logg over innsyn og endringer', 'Logg over innsyn og endringar'],
    ['incidents', '/feil', 'Feil i saker', 'Feil i saker'],
    ['help', '/hjelp', 'Hjelp for ansatte', 'Hjelp for tilsette'],
  ])('the %s page of the KE lead: axe clean, in Bokmål and Nynorsk', async (name, path, nb, nn) => {
    await liv.goto(`${app.baseUrl}${path}`);
    await heading(liv, nb).waitFor({ timeout: 10000 });
    // The audit log shows what she did above; the incidents list shows Eva Eik's stopped step.
    if (name !== 'help') await main(liv).getByRole('table').getByText(name === 'audit' ? 'Liv Berg' : 'Eva Eik').first().waitFor({ timeout: 10000 });
    await screenshot(liv, `oversight-${name}-nb`);
    await expect(axeViolations(liv)).resolves.toEqual([]);
    await chooseLanguage(liv, 'Velg språk', 'Nynorsk');
    await heading(liv, nn).waitFor();
    await screenshot(liv, `oversight-${name}-nn`);
    await expect(axeViolations(liv)).resolves.toEqual([]);
    await chooseLanguage(liv, 'Vel språk', 'Bokmål');
  });

  test('the lead pages through the audit log by cursor, every action in words, each case by its number and her role as lead', async () => {
    await liv.goto(`${app.baseUrl}/logg?caseId=${overdue.caseNumber}`);
    await heading(liv, 'Logg over innsyn og endringer').waitFor({ timeout: 10000 });
    const rows = main(liv).getByRole('table').locator('tbody tr');
    await rows.first().waitFor({ timeout: 10000 });
    const status = main(liv).getByRole('status');
    const total = Number(/av (\d+)$/.exec((await status.textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(61);
    await expect(status.textContent()).resolves.toBe(`Viser 1–50 av ${total}`);
    // Her own opening of the case in the first test: in words, as the lead, with the case's number.
    const own = rows.filter({ hasText: 'Liv Berg' }).filter({ hasText: 'Åpnet saken som ansatt' }).first();
    await expect(own.locator('td').nth(2).textContent()).resolves.toBe('Leder, koordinerende enhet');
    await expect(own.locator('td').nth(5).textContent()).resolves.toBe(overdue.caseNumber);

    const paging = main(liv).getByRole('navigation', { name: 'Sider' });
    await paging.getByRole('link', { name: 'Neste' }).click();
    await liv.waitForURL(/[?&]after=/, { timeout: 10000 });
    await status.getByText(`Viser 51–${total} av ${total}`).waitFor({ timeout: 10000 });
    expect(new URL(liv.url()).searchParams.get('caseId')).toBe(overdue.caseNumber);
    await expect(rows.count()).resolves.toBe(total - 50);
    await expect(rows.last().locator('td').nth(1).textContent()).resolves.toBe('Per Hansen');
    await expect(paging.getByRole('link', { name: 'Neste' }).count()).resolves.toBe(0);
    await expect(axeViolations(liv)).resolves.toEqual([]);

    // A reload keeps the page and its place; "Forrige" goes back a page (her searches since are newer
    // still, so there is a page before it now), "Nyeste" to the newest.
    await liv.reload();
    await status.getByText(`Viser 51–${total} av ${total}`).waitFor({ timeout: 10000 });
    await paging.getByRole('link', { name: 'Forrige' }).click();
    await liv.waitForURL(/[?&]before=/, { timeout: 10000 });
    await status.getByText(`Viser 1–50 av ${total}`).waitFor({ timeout: 10000 });
    await expect(rows.count()).resolves.toBe(50);
    await paging.getByRole('link', { name: 'Nyeste' }).click();
    await liv.waitForURL((url) => !url.searchParams.has('before') && url.searchParams.get('caseId') === overdue.caseNumber, { timeout: 10000 });
  });

  test('the admin creates a coordinator, who signs in and sees her work queue', async () => {
    await signInAs(arne, app.baseUrl, 'Arne Strand');
    await heading(arne, 'Brukere').waitFor({ timeout: 10000 });
    expect(new URL(arne.url()).pathname).toBe('/brukere');
    await main(arne).getByRole('table').waitFor({ timeout: 10000 });
    await screenshot(arne, 'oversight-users-nb');
    await expect(axeViolations(arne)).resolves.toEqual([]);

    await main(arne).getByRole('button', { name: 'Ny bruker' }).click();
    const form = main(arne).getByRole('region', { name: 'Opprett bruker' });
    await form.waitFor();
    await form.getByLabel(/^Navn/).fill('Mari Fjell');
    await form.getByLabel(/^Pålogging/).fill('mari.fjell@eksempel.kommune.no');
    await form.getByLabel(/^Rolle/).selectOption({ label: 'Koordinator' });
    await form.getByLabel(/^Enhet/).fill(fictionalUnitId);
    await expect(axeViolations(arne)).resolves.toEqual([]);
    await form.getByRole('button', { name: 'Lagre' }).click();
    await main(arne).getByText('Mari Fjell er opprettet.').waitFor({ timeout: 10000 });
    const row = main(arne).getByRole('table').locator('tbody tr').filter({ hasText: 'mari.fjell@eksempel.kommune.no' });
    await expect(row.locator('td').first().textContent()).resolves.toBe('Mari Fjell');

    await chooseLanguage(arne, 'Velg språk', 'Nynorsk');
    await heading(arne, 'Brukarar').waitFor();
    // The notice of the last action follows the language too.
    await expect(main(arne).getByTestId('users-status').textContent()).resolves.toBe('Mari Fjell er oppretta.');
    await screenshot(arne, 'oversight-users-nn');
    await expect(axeViolations(arne)).resolves.toEqual([]);
    await chooseLanguage(arne, 'Vel språk', 'Bokmål');

    await arne.getByRole('banner').getByRole('button', { name: 'Logg ut' }).click();
    await arne.waitForURL((url) => url.pathname !== '/brukere', { timeout: 10000 });
    await signInAs(arne, app.baseUrl, 'Mari Fjell');
    await heading(arne, 'Arbeidskø').waitFor({ timeout: 10000 });
    expect(new URL(arne.url()).pathname).toBe('/arbeidsko');
    await main(arne).getByTestId('queue-empty').getByText('Du har ingen oppgaver nå.', { exact: false }).waitFor({ timeout: 10000 });
    await expect(arne.getByRole('banner').getByText('Mari Fjell').count()).resolves.toBeGreaterThan(0);
  });

  test('nothing loaded from outside and no page errors', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
