// One case from start to finish in a real browser (Debian's Chromium via playwright-core) against the
// whole product, through the pages only; the one shortcut is the test clock, which moves the
// product's time on by months. Ola Nordmann asks (in Bokmål, with the keyboard alone) for an
// individual plan and a coordinator for his daughter Tiril, who is 12; Per Hansen of the
// coordinating unit claims the need assessment and grants it (keyboard alone), and appoints the
// coordinator Anne Lie from the list; Anne sets up the responsibility group with its first meeting,
// drafts the plan and sends it; Ola, now in Nynorsk, reads it and asks for a change, then approves
// the next version (keyboard alone). Months later the review falls due: Anne is reminded (her
// notifications), holds the review; Jonas Dahl of the group sees the approved plan and his own
// measure and nothing more; Ola withdraws consent and the case closes with a letter, and Jonas
// no longer sees the plan. Every page and state on the way, and the process owner's and the
// admin's start pages and the public pages, are checked with axe in Bokmål, Nynorsk and English;
// errors and results are announced in live regions. Screenshots of each step, with an index page,
// go to test-output/screenshots/journey/. The web app must be built first.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ageFromNationalId, todayInNorway } from '../../forms/national-id.js';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';
import { bokmalOnlyWords } from '../support/nynorsk.js';
import { AccessibilityChecks, switchLanguage } from './support/accessibility.js';
import { Album } from './support/album.js';
import { chooseOption, chooseRadio, press, tick, typeDate, typeInto } from './support/keyboard.js';
import { main, signInAs } from './support/pages.js';

// Every person is fictional (server/users/fictional.ts); the identity numbers are synthetic (month + 80).
// Tiril is in the population register's file of fictional families, as Ola's daughter.
const ola = { name: 'Ola Nordmann', nationalId: '02827010084', email: 'ola.nordmann@example.no' };
const tiril = { name: 'Tiril Nordmann Fjellheim', nationalId: '08851451251' };
const day = 86_400_000;

const app = useProductInBrowser({ testClock: true, env: { REMINDER_SCAN_INTERVAL: 'PT1S' } });
const album = new Album(`${screenshotDir}/journey`, 'One case from start to finish');
const axe = new AccessibilityChecks();

const heading = (page: Page, name: string | RegExp) => main(page).getByRole('heading', { level: 1, name });
const announced = (page: Page) => page.locator('[role="alert"], [role="status"], [aria-live]:not([aria-live="off"])');
/** The date in Norway, `offsetMs` from now by the real clock (pass the test clock's offset for the product's today). */
const today = (offsetMs: number) => todayInNorway(new Date(Date.now() + offsetMs));

/** Reloads until `found` is there: what the person does while waiting for the background work. */
async function reloadUntil(page: Page, found: Locator, what: string, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await found.first().isVisible()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not there after ${timeoutMs / 1000} s of reloading`);
    await page.waitForTimeout(500);
    await page.reload();
    await main(page).getByRole('heading', { level: 1 }).first().waitFor({ timeout: 10000 });
  }
}

let stepsStarted = 0;
let stepsDone = 0;
/** A step of the journey: it runs only when every step before it passed (see beforeEach), and may take two minutes on a busy machine. */
function step(name: string, body: () => Promise<void>): void {
  test(
    name,
    async () => {
      await body();
      stepsDone++;
    },
    120_000,
  );
}

describe('one case from start to finish', () => {
  let started = 0;
  /** How far the test clock has moved the product's time. */
  let clockOffsetMs = 0;
  const contexts: BrowserContext[] = [];
  let caseId = '';
  let caseNumber = '';
  let approvedAt = 0;

  /**
   * A browser of its own for one person, on the product's time, in Norwegian. `expectErrors`: the
   * person is refused on purpose, which the browser logs as an error.
   */
  async function browserFor(options: { expectErrors?: boolean } = {}): Promise<Page> {
    const context = await app.newContext({ locale: 'nb-NO', ...options });
    contexts.push(context);
    // After the test clock has moved, the browser's clock follows the product's.
    if (clockOffsetMs > 0) await context.clock.install({ time: new Date(Date.now() + clockOffsetMs) });
    return context.newPage();
  }

  async function moveClock(toMs: number): Promise<void> {
    const now = await app.product.advanceClock(toMs - (Date.now() + clockOffsetMs));
    clockOffsetMs = now.getTime() - Date.now();
  }

  let olaPage: Page;
  let per: Page;
  let anne: Page;

  beforeAll(async () => {
    started = Date.now();
    await album.open();
    olaPage = await browserFor();
  });

  beforeEach(() => {
    if (stepsDone < stepsStarted) throw new Error('an earlier step of the journey failed');
    stepsStarted++;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  /** The person is done and closes the browser: no page of theirs keeps asking with a session that runs out. */
  const leave = (page: Page) => page.context().close();

  step('the public pages: the start page, about the plan, the accessibility statement from the footer, the sign-in', async () => {
    await olaPage.goto(`${app.baseUrl}/`);
    await heading(olaPage, 'Individuell plan og koordinator').waitFor({ timeout: 10000 });
    await album.shoot(olaPage, 'start', 'The start page (Bokmål), signed out');
    await axe.check(olaPage, 'start page');

    await main(olaPage).getByRole('link', { name: 'Les mer om individuell plan og koordinator' }).click();
    await heading(olaPage, 'Om individuell plan og koordinator').waitFor({ timeout: 10000 });
    await axe.check(olaPage, 'about the plan');

    await olaPage.getByRole('contentinfo').getByRole('link', { name: 'Tilgjengelighetserklæring' }).click();
    await heading(olaPage, 'Tilgjengelighetserklæring').waitFor({ timeout: 10000 });
    expect(new URL(olaPage.url()).pathname).toBe('/tilgjengelighetserklaering');
    await main(olaPage).getByRole('heading', { level: 2, name: 'Slik tester vi' }).waitFor();
    await expect(main(olaPage).getByRole('link', { name: 'https://www.uutilsynet.no' }).getAttribute('href')).resolves.toBe('https://www.uutilsynet.no');
    await album.shoot(olaPage, 'accessibility-statement', 'The accessibility statement, linked from the footer of every page');
    await axe.check(olaPage, 'accessibility statement');
    // In Nynorsk and English, with the page language following.
    await switchLanguage(olaPage, 'nn');
    await heading(olaPage, 'Tilgjengelegheitserklæring').waitFor();
    expect(bokmalOnlyWords(await main(olaPage).innerText())).toEqual([]);
    await switchLanguage(olaPage, 'en');
    await heading(olaPage, 'Accessibility statement').waitFor();
    await switchLanguage(olaPage, 'nb');

    await olaPage.goto(`${app.baseUrl}/logg-inn?returnTo=${encodeURIComponent('/mine-saker')}`);
    await main(olaPage).getByRole('button', { name: /^Ola Nordmann\b/ }).waitFor({ timeout: 10000 });
    await axe.check(olaPage, 'sign-in page');
  });

  step('Ola Nordmann signs in and asks for a plan for Tiril (12) with the keyboard alone; an empty step is refused and announced', async () => {
    await main(olaPage).getByRole('button', { name: /^Ola Nordmann\b/ }).click();
    await heading(olaPage, 'Mine saker').waitFor({ timeout: 10000 });
    await axe.check(olaPage, 'my cases, none yet');
    await olaPage.getByRole('main').getByRole('link', { name: 'Send en ny anmodning' }).click();
    await heading(olaPage, 'Be om individuell plan og koordinator').waitFor({ timeout: 10000 });
    const m = main(olaPage);
    const next = m.getByRole('button', { name: 'Neste', exact: true });
    const step = (name: string) => m.getByRole('heading', { level: 2, name: new RegExp(name) }).waitFor({ timeout: 10000 });

    // Straight to "Neste" on the empty first step: the errors are announced and linked to their fields.
    await press(olaPage, next);
    const errors = m.getByRole('alert').filter({ hasText: 'For å gå videre må du rette opp dette:' });
    await errors.waitFor({ timeout: 10000 });
    await expect(errors.getByRole('link', { name: /^Fullt navn/ }).count()).resolves.toBe(1);
    await album.shoot(olaPage, 'request-errors', 'The request form refuses an empty step: the errors are announced (role=alert) and each links to its field');
    await axe.check(olaPage, 'request form, step 1 with errors');

    await typeInto(olaPage, m.getByLabel('Fullt navn', { exact: true }), tiril.name);
    await typeInto(olaPage, m.getByLabel('Fødselsnummer eller D-nummer', { exact: true }), tiril.nationalId);
    await chooseRadio(olaPage, m.getByRole('group', { name: /Hvilken målform/ }), 'Nynorsk');
    await chooseRadio(olaPage, m.getByRole('group', { name: 'Trengs det tolk?' }), 'Nei');
    await press(olaPage, next);
    await step('Hvem sender');

    await chooseRadio(olaPage, m.getByRole('group', { name: /Hvem sender anmodningen/ }), 'Jeg er forelder med foreldreansvar');
    await typeInto(olaPage, m.getByLabel('Ditt fulle navn'), ola.name);
    await typeInto(olaPage, m.getByLabel('Ditt fødselsnummer eller D-nummer'), ola.nationalId);
    await typeInto(olaPage, m.getByLabel(/^Hvilken relasjon har du til personen/), 'Far');
    await typeInto(olaPage, m.getByLabel(/^Din e-post/), ola.email);
    await album.shoot(olaPage, 'request-applicant', 'Step 2: Ola sends the request as Tiril’s father');
    await axe.check(olaPage, 'request form, step 2');
    await press(olaPage, next);
    await step('Behov og tjenester');

    await chooseRadio(olaPage, m.getByRole('group', { name: /Hva ber du om/ }), 'Individuell plan og koordinator');
    await typeInto(olaPage, m.getByLabel('Beskriv situasjonen', { exact: true }), 'Tiril er 12 år og har diabetes type 1 og ADHD. Hun vil klare seg selv på skolen og på trening.');
    await typeInto(olaPage, m.getByLabel('Hva trenger å bli koordinert?', { exact: true }), 'Skolen, helsesykepleier, fastlegen og BUP gir hver sine råd.');
    await axe.check(olaPage, 'request form, step 3');
    await press(olaPage, next);
    await step('Samtykke');

    await chooseRadio(olaPage, m.getByRole('group', { name: /Samtykker du til/ }), 'Ja');
    await press(olaPage, m.getByRole('button', { name: 'Legg til en tjeneste' }));
    await chooseOption(olaPage, m.getByRole('group', { name: 'Tjeneste 1' }).getByLabel('Tjeneste', { exact: true }), 'Skole');
    const information = m.getByRole('group', { name: 'Opplysninger tjenesten kan dele' });
    await tick(olaPage, information.getByRole('checkbox', { name: 'Helseopplysninger' }));
    await tick(olaPage, information.getByRole('checkbox', { name: 'Innholdet i den individuelle planen' }));
    await chooseRadio(olaPage, m.getByRole('group', { name: /Hvor lenge gjelder samtykket/ }), 'Til jeg trekker det tilbake');
    await album.shoot(olaPage, 'request-consent', 'Step 4: consent, given by the parent of a child under 16: the school may share health information and the plan');
    await axe.check(olaPage, 'request form, step 4');
    await press(olaPage, next);
    await step('Signatur');

    await typeInto(olaPage, m.getByLabel('Skriv ditt fulle navn for å signere'), ola.name);
    await tick(olaPage, m.getByRole('checkbox', { name: /Jeg bekrefter at opplysningene er riktige/ }));
    await axe.check(olaPage, 'request form, step 5');
    await press(olaPage, next);
    await step('Se over og send');
    await m.getByText(tiril.nationalId).waitFor();
    await album.shoot(olaPage, 'request-review', 'Step 6: Ola reads his answers over before sending');
    await axe.check(olaPage, 'request form, review');

    await press(olaPage, m.getByRole('button', { name: 'Send anmodningen' }));
    await heading(olaPage, 'Anmodningen er sendt').waitFor({ timeout: 20000 });
    caseNumber = (await m.getByTestId('case-number').textContent()) ?? '';
    expect(caseNumber).toMatch(/^IP-\d{4}-\d{6}$/);
    await album.shoot(olaPage, 'request-receipt', `The receipt: case ${caseNumber}`);
    await axe.check(olaPage, 'receipt');
  });

  step('Per Hansen of the coordinating unit claims the need assessment and grants a plan and a child coordinator with the keyboard alone, then appoints Anne Lie from the list', async () => {
    per = await browserFor();
    await signInAs(per, app.baseUrl, 'Per Hansen');
    await heading(per, 'Arbeidskø').waitFor({ timeout: 10000 });
    await main(per).getByRole('button', { name: /^Vis ledige oppgaver/ }).click();
    const row = main(per).getByRole('table').locator('tbody tr').filter({ hasText: caseNumber });
    await row.waitFor({ timeout: 10000 });
    await album.shoot(per, 'queue-available', 'Per Hansen’s work queue: the need assessment waits for anyone in the unit');
    await axe.check(per, 'work queue, available');
    await press(per, row.getByRole('button', { name: `Ta oppgaven «Vurder behov» for ${tiril.name}` }));
    await announced(per).filter({ hasText: `Oppgaven «Vurder behov» for ${tiril.name} er din nå.` }).waitFor({ timeout: 10000 });
    await press(per, row.getByRole('link', { name: 'Vurder behov' }));
    await heading(per, 'Vurder behov').waitFor({ timeout: 10000 });

    const m = main(per);
    // A child under 16: her parent asks and consents for her.
    const age = ageFromNationalId(tiril.nationalId)!;
    expect(age).toBeLessThan(16);
    await m.getByTestId('case-context').getByText(`${tiril.name} · Født 8. mai 2014 (${age} år)`).waitFor({ timeout: 10000 });
    await typeInto(per, m.getByLabel(/^Personens behov/), 'Tiril (12) har diabetes type 1 og ADHD og tjenester fra skolen, helsesykepleier, fastlegen og BUP, som må planlegge sammen.');
    await chooseRadio(per, m.getByRole('group', { name: 'Vedtak' }), 'Individuell plan og koordinator');
    await tick(per, m.getByRole('checkbox', { name: 'Barnekoordinator' }));
    await typeDate(per, m.getByLabel(/^Vedtaksdato/), today(clockOffsetMs));
    await m.getByTestId('draft-status').getByText(/^Utkastet er lagret kl\. \d{2}:\d{2}$/).waitFor({ timeout: 10000 });
    await expect(m.getByTestId('draft-status').getAttribute('role')).resolves.toBe('status');
    await album.shoot(per, 'need-assessment', 'The need assessment, filled in with the keyboard alone: a plan, a coordinator and a child coordinator');
    await axe.check(per, 'need assessment task');
    await press(per, m.getByRole('button', { name: 'Fullfør oppgaven' }));

    await heading(per, 'Oppnevn koordinator').waitFor({ timeout: 15000 });
    await announced(per).filter({ hasText: `Oppgaven «Vurder behov» for ${tiril.name} er fullført. Her er neste oppgave.` }).waitFor();
    await m.getByRole('button', { name: 'Ta oppgaven' }).click();
    const picker = m.getByRole('group', { name: /^Koordinator/ });
    await picker.getByRole('radio', { name: 'Anne Lie' }).check({ timeout: 10000 });
    await m.getByLabel(/^Tjeneste eller enhet/).fill('Koordinerende enhet');
    await m.getByRole('group', { name: /^Skal det opprettes ansvarsgruppe/ }).getByRole('radio', { name: 'Ja' }).check();
    await album.shoot(per, 'appointment', 'He appoints the coordinator Anne Lie from the unit’s coordinators, with a responsibility group');
    await axe.check(per, 'coordinator appointment with the picker');
    await m.getByRole('button', { name: 'Fullfør oppgaven' }).click();
    await heading(per, 'Arbeidskø').waitFor({ timeout: 15000 });
    await announced(per).filter({ hasText: `Oppgaven «Oppnevn koordinator» for ${tiril.name} er fullført.` }).waitFor();
    await axe.check(per, 'work queue after the appointment');    await leave(per);
  });

  step('Anne Lie sets up the responsibility group with Jonas Dahl from the list and the first meeting', async () => {
    anne = await browserFor();
    await signInAs(anne, app.baseUrl, 'Anne Lie');
    await heading(anne, 'Arbeidskø').waitFor({ timeout: 10000 });
    const row = main(anne).getByRole('table').locator('tbody tr').filter({ hasText: caseNumber });
    await row.getByRole('link', { name: 'Opprett ansvarsgruppe' }).waitFor({ timeout: 10000 });
    await axe.check(anne, 'coordinator’s work queue with the group task');
    await row.getByRole('link', { name: 'Opprett ansvarsgruppe' }).click();
    await heading(anne, 'Opprett ansvarsgruppe').waitFor({ timeout: 10000 });
    const m = main(anne);
    await m.getByRole('button', { name: 'Legg til medlem' }).click();
    const first = m.getByRole('group', { name: 'Medlem 1' });
    await first.getByLabel(/^Bruker av løsningen/).selectOption({ label: 'Jonas Dahl' });
    await expect(first.getByLabel('Navn', { exact: true }).inputValue()).resolves.toBe('Jonas Dahl');
    await first.getByLabel(/^Rolle og tjeneste/).fill('Fysioterapeut, Eksempel kommune');
    await first.getByLabel(/^Ansvar i gruppen/).fill('Trening og aktivitet, også på handballtreninga.');
    await m.getByRole('button', { name: 'Legg til medlem' }).click();
    const second = m.getByRole('group', { name: 'Medlem 2' });
    await second.getByLabel('Navn', { exact: true }).fill('Hanne Berg');
    await second.getByLabel(/^Rolle og tjeneste/).fill('Kontaktlærer, Solberg skole');
    await second.getByLabel(/^Ansvar i gruppen/).fill('Tilrettelegging og oppfølging på skolen.');
    await m.getByRole('group', { name: 'Deltar personen selv?' }).getByRole('radio', { name: 'Ja' }).check();
    await m.getByRole('checkbox', { name: 'Pårørende deltar etter personens ønske' }).check();
    await m.getByLabel(/^Første møte/).fill(today(clockOffsetMs + 7 * day));
    await m.getByLabel(/^Møtested/).fill('Solberg skole, møterom 2');
    await album.shoot(anne, 'group-task', 'Anne Lie sets up the responsibility group: Jonas Dahl, who uses the product, chosen from the list; a teacher from outside');
    await axe.check(anne, 'responsibility group task');
    await m.getByRole('button', { name: 'Fullfør oppgaven' }).click();
    // Her next task is the plan: it opens in the plan workspace.
    await heading(anne, `Plan for ${tiril.name}`).waitFor({ timeout: 15000 });
    caseId = new URL(anne.url()).pathname.split('/')[2] ?? '';
    expect(anne.url()).toBe(`${app.baseUrl}/saker/${caseId}/plan`);
    const group = main(anne).locator('.plan-group');
    await group.getByRole('cell', { name: /^Jonas Dahl/ }).waitFor({ timeout: 10000 });
    await group.getByRole('cell', { name: /^Hanne Berg/ }).waitFor();
    // The first meeting, at ten o'clock where the meeting is, whatever the browser's time zone.
    await group.getByRole('heading', { level: 4, name: /^Møte \d{1,2}\. [a-zæøå]+ \d{4} kl\. 10:00, Solberg skole, møterom 2$/ }).waitFor();
    await group.getByRole('button', { name: 'Endre møtet' }).click();
    await group.getByLabel('Saksliste').waitFor();
    await axe.check(anne, 'plan workspace with the meeting open');
    await group.getByLabel('Saksliste').fill('Mål for skuleåret, blodsukker i skuletida og handballtreninga');
    await group.getByRole('checkbox', { name: 'Jonas Dahl' }).check();
    await group.getByRole('checkbox', { name: 'Hanne Berg' }).check();
    await group.getByRole('button', { name: 'Lagre møtet' }).click();
    await group.getByText('Saker: Mål for skuleåret, blodsukker i skuletida og handballtreninga').waitFor({ timeout: 10000 });
    await announced(anne).filter({ hasText: 'Ansvarsgruppen er lagret.' }).first().waitFor({ timeout: 10000 });
  });

  step('she drafts the plan with the keyboard alone (in Nynorsk, the family’s written language) and sends it', async () => {
    const editor = main(anne).locator('.plan-editor');
    const status = main(anne).getByRole('status').filter({ hasText: /^Lagret / });
    await press(anne, editor.getByRole('button', { name: 'Legg til mål' }));
    await typeInto(anne, editor.getByLabel('Mål 1'), 'Eg vil måle blodsukkeret sjølv i friminutta.', { backwards: true });
    await press(anne, editor.getByRole('button', { name: 'Legg til mål' }));
    await typeInto(anne, editor.getByLabel('Mål 2'), 'Eg vil vere med på handballtreninga to gonger i veka.', { backwards: true });
    await typeInto(anne, editor.getByRole('textbox', { name: 'Ressurser og behov' }), 'Tiril er sosial og glad i handball. Ho treng hjelp til å kjenne att føling og til å planleggje måltida.');
    const measures: { what: string; goal: string; kind: string; responsible: string; member?: string; until: string }[] = [
      { what: 'Opplæring i blodsukkermåling på skulen', goal: '1. Eg vil måle blodsukkeret sjølv i friminutta.', kind: 'tjeneste', responsible: 'Helsesjukepleiar ved Solberg skule', until: today(clockOffsetMs + 60 * day) },
      { what: 'Treningsopplegg og plan for føling på trening', goal: '2. Eg vil vere med på handballtreninga to gonger i veka.', kind: 'tjeneste', responsible: 'Jonas Dahl, fysioterapeut', member: 'Jonas Dahl', until: today(clockOffsetMs + 120 * day) },
      { what: 'Tiril skriv blodsukkeret inn i appen kvar dag', goal: '1. Eg vil måle blodsukkeret sjølv i friminutta.', kind: 'personen selv', responsible: 'Tiril sjølv', until: today(clockOffsetMs + 90 * day) },
    ];
    for (const [index, measure] of measures.entries()) {
      await press(anne, editor.getByRole('button', { name: 'Legg til tiltak' }));
      const card = editor.locator('.plan-editor__measure').nth(index);
      await typeInto(anne, card.getByLabel('Hva skal gjøres?'), measure.what, { backwards: true });
      await chooseOption(anne, card.getByLabel('Hvilket mål hører tiltaket til?'), measure.goal);
      await chooseOption(anne, card.getByLabel(/^Hvem har ansvaret:/), measure.kind);
      await typeInto(anne, card.getByLabel(/^Hvem har ansvar\?/), measure.responsible);
      if (measure.member) await chooseOption(anne, card.getByLabel(/^Medlem av ansvarsgruppen som rapporterer/), measure.member);
      await typeDate(anne, card.getByLabel('Til hvilken tid?'), measure.until);
    }
    await typeDate(anne, editor.getByLabel('Planperiode fra'), today(clockOffsetMs));
    await typeDate(anne, editor.getByLabel('Planperiode til'), today(clockOffsetMs + 365 * day));
    await typeDate(anne, editor.getByLabel('Neste evaluering'), today(clockOffsetMs + 182 * day));
    await status.waitFor({ timeout: 10000 });
    await album.shoot(anne, 'plan-draft', 'The plan workspace: the group, its meeting and the draft, written with the keyboard alone and saved as she types');
    await axe.check(anne, 'plan workspace with the draft');

    await press(anne, main(anne).getByRole('button', { name: 'Send planen til godkjenning' }), { backwards: true });
    await announced(anne).filter({ hasText: 'Versjon 1 er sendt til personen for godkjenning.' }).waitFor({ timeout: 10000 });
    await axe.check(anne, 'plan workspace, version 1 sent');
  });

  step('Ola, in Nynorsk, reads the plan and asks for a change', async () => {
    await olaPage.goto(`${app.baseUrl}/mine-saker`);
    await main(olaPage).getByRole('link', { name: `Individuell plan og koordinator for ${tiril.name}` }).waitFor({ timeout: 10000 });
    await axe.check(olaPage, 'my cases, with the plan waiting');
    await main(olaPage).getByRole('link', { name: `Individuell plan og koordinator for ${tiril.name}` }).click();
    await switchLanguage(olaPage, 'nn');
    const m = main(olaPage);
    await m.getByText('Dette er versjon 1 av planen, send til deg for godkjenning.').waitFor({ timeout: 10000 });
    await m.getByText('Eg vil måle blodsukkeret sjølv i friminutta.').first().waitFor();
    // A page in Nynorsk says nothing in Bokmål: steps, messages, letters and the request as it was sent.
    expect(bokmalOnlyWords(await m.innerText())).toEqual([]);
    await album.shoot(olaPage, 'plan-v1-nn', 'Ola reads version 1 of the plan, in Nynorsk');
    await axe.check(olaPage, 'case page with the plan to approve');
    await m.getByRole('group', { name: 'Godkjenner du planen?' }).getByRole('radio', { name: 'Nei' }).check();
    await m.getByLabel(/^Kva vil du endre/).fill('Treningsopplegget bør vere klart før handballsesongen startar.');
    await m.getByRole('button', { name: 'Send svaret' }).click();
    await announced(olaPage).filter({ hasText: 'Takk! Svaret ditt på planen er sendt til koordinatoren.' }).waitFor({ timeout: 10000 });
    await m.getByText('Du bad om endringar i versjon 1.', { exact: false }).waitFor({ timeout: 10000 });
    await axe.check(olaPage, 'case page after asking for a change');
  });

  step('Anne sees what Ola asked for, changes the measure and sends version 2', async () => {
    await anne.reload();
    await main(anne).getByText('Treningsopplegget bør vere klart før handballsesongen startar.').first().waitFor({ timeout: 10000 });
    await album.shoot(anne, 'plan-change-asked', 'Anne sees the change Ola asked for');
    await axe.check(anne, 'plan workspace with the change asked for');
    const second = main(anne).locator('.plan-editor__measure').nth(1);
    await second.getByLabel('Til hvilken tid?').fill(today(clockOffsetMs + 30 * day));
    await main(anne).getByRole('status').filter({ hasText: /^Lagret / }).waitFor({ timeout: 10000 });
    await main(anne).getByRole('button', { name: 'Send planen til godkjenning' }).click();
    await announced(anne).filter({ hasText: 'Versjon 2 er sendt til personen for godkjenning.' }).waitFor({ timeout: 10000 });
  });

  step('Ola sees what changed and approves version 2 with the keyboard alone', async () => {
    await olaPage.reload();
    const m = main(olaPage);
    await m.getByText('Dette er versjon 2 av planen, send til deg for godkjenning.').waitFor({ timeout: 10000 });
    await m.locator('.plan-person .plan-diff').getByRole('heading', { name: 'Endringar frå versjon 1 til versjon 2' }).waitFor({ timeout: 10000 });
    expect(bokmalOnlyWords(await m.innerText())).toEqual([]);
    await album.shoot(olaPage, 'plan-v2-nn', 'Version 2, with what changed since version 1');
    await axe.check(olaPage, 'case page with version 2 and its changes');
    await chooseRadio(olaPage, m.getByRole('group', { name: 'Godkjenner du planen?' }), 'Ja');
    await press(olaPage, m.getByRole('button', { name: 'Send svaret' }));
    await announced(olaPage).filter({ hasText: 'Takk! Svaret ditt på planen er sendt til koordinatoren.' }).waitFor({ timeout: 10000 });
    await m.getByText('Dette er versjon 2 av planen, som du har godkjent.').waitFor({ timeout: 10000 });
    approvedAt = Date.now() + clockOffsetMs;
    await album.shoot(olaPage, 'plan-approved-nn', 'Ola has approved the plan: it is in use');
    await axe.check(olaPage, 'case page with the approved plan');
    // He closes the tab: a page left open for months would find its session gone.
    await olaPage.close();
  });

  step('months later, two weeks before the review falls due, Anne is reminded', async () => {
    // The review timer is six months after the approval (processes/individual-plan.bpmn); its
    // reminder fires 14 days before. 174 days on is past the reminder and before the review, for
    // any six months.
    await leave(anne);
    await moveClock(approvedAt + 174 * day);
    anne = await browserFor();
    await signInAs(anne, app.baseUrl, 'Anne Lie', '/varsler');
    await heading(anne, 'Varsler på e-post').waitFor({ timeout: 10000 });
    // The reminder worker wakes within 10 s (its longest wait for due jobs) and works through all
    // that fell due in the months at once; on a busy machine that once took longer than 30 s.
    await reloadUntil(anne, main(anne).getByRole('cell', { name: 'En plan skal evalueres snart' }), 'the review reminder', 60000);
    await album.shoot(anne, 'review-reminder', 'About six months on (test clock): Anne’s notifications show that a plan is due for review soon');
    await axe.check(anne, 'notifications with the review reminder');
  });

  step('the review falls due: the task is in her queue, and she holds the review', async () => {
    await leave(anne);
    await moveClock(approvedAt + 186 * day);
    anne = await browserFor();
    await signInAs(anne, app.baseUrl, 'Anne Lie');
    await heading(anne, 'Arbeidskø').waitFor({ timeout: 10000 });
    const row = main(anne).getByRole('table').locator('tbody tr').filter({ hasText: caseNumber });
    await reloadUntil(anne, row.getByRole('link', { name: 'Evaluer planen' }), 'the review task');
    await album.shoot(anne, 'review-task', 'The review has fallen due: it is in Anne’s work queue');
    await axe.check(anne, 'work queue with the review');
    await row.getByRole('link', { name: 'Evaluer planen' }).click();
    const review = main(anne).locator('.plan-review');
    await review.getByRole('heading', { name: 'Evaluering av versjon 2' }).waitFor({ timeout: 10000 });
    await review.getByRole('group', { name: /^Mål 1:/ }).getByRole('radio', { name: 'Nådd' }).check();
    await review.getByRole('group', { name: /^Mål 2:/ }).getByRole('radio', { name: 'Delvis' }).check();
    await review.getByLabel('Hvordan går det med målene og tiltakene?').fill('Tiril måler blodsukkeret sjølv. Ho er med på trening ein gong i veka.');
    await review.getByRole('radio', { name: 'Planen fortsetter uendret' }).check();
    await album.shoot(anne, 'review', 'She holds the review: one goal reached, one partly');
    await axe.check(anne, 'review form');
    await review.getByRole('button', { name: 'Fullfør evalueringen' }).click();
    await main(anne).getByRole('heading', { name: 'Evalueringer' }).waitFor({ timeout: 10000 });
    await axe.check(anne, 'plan workspace after the review');
  });

  step('Jonas Dahl of the group sees the approved plan and reports on his own measure, and nothing beyond what the consent covers', async () => {
    const jonas = await browserFor();
    await signInAs(jonas, app.baseUrl, 'Jonas Dahl');
    await heading(jonas, 'Planer jeg deltar i').waitFor({ timeout: 10000 });
    const item = main(jonas).getByRole('link', { name: new RegExp(tiril.name) });
    await item.waitFor({ timeout: 10000 });
    await axe.check(jonas, 'a group member’s plans');
    await item.click();
    await heading(jonas, `Plan for ${tiril.name}`).waitFor({ timeout: 10000 });
    const m = main(jonas);
    await m.getByText('Godkjent versjon 2', { exact: false }).waitFor({ timeout: 10000 });
    // His own measure has a report form; the others have none.
    await expect(m.getByRole('form').count()).resolves.toBe(1);
    const report = m.getByRole('form', { name: 'Rapport om Treningsopplegg og plan for føling på trening' });
    await report.getByLabel('Hvordan går tiltaket?').selectOption({ label: 'Pågår' });
    await report.getByLabel('Kommentar').fill('Tiril har eigen plan for føling i treningsbagen.');
    await report.getByRole('button', { name: 'Send rapport' }).click();
    await report.getByRole('status').getByText('Rapporten er sendt til koordinatoren.').waitFor({ timeout: 10000 });
    await album.shoot(jonas, 'member-plan', 'Jonas Dahl sees the approved plan and reports on his own measure');
    await axe.check(jonas, 'a group member’s plan with his report');
    await leave(jonas);
    // Not the case, the request or the draft: only the plan the consent lets him see.
    const probe = await browserFor({ expectErrors: true });
    await signInAs(probe, app.baseUrl, 'Jonas Dahl', `/saker/${caseId}`);
    await main(probe).getByText(/finnes ikke|har ikke tilgang|Fant ikke/).first().waitFor({ timeout: 10000 });
    await expect(main(probe).getByText(tiril.nationalId).count()).resolves.toBe(0);
    await axe.check(probe, 'a group member refused the case page');
    await probe.goto(`${app.baseUrl}/saker/${caseId}/plan`);
    await main(probe).getByText('Fant ikke planen, eller du har ikke tilgang til den.').waitFor({ timeout: 10000 });
    await leave(probe);
  });

  step('Ola withdraws consent in Nynorsk: the case closes with a letter, and Jonas no longer sees the plan', async () => {
    // Months have passed: his browser has long dropped the session cookie (the browser's cookie clock
    // is the real one, not the product's); on the same device (his language kept) he signs in again.
    const device = olaPage.context();
    await device.clearCookies();
    olaPage = await device.newPage();
    await signInAs(olaPage, app.baseUrl, ola.name, `/mine-saker/${caseId}`);
    const m = main(olaPage);
    await heading(olaPage, `Individuell plan og koordinator for ${tiril.name}`).waitFor({ timeout: 10000 });
    await expect(olaPage.evaluate(() => document.documentElement.lang)).resolves.toBe('nn');
    await m.locator('summary', { hasText: 'Trekk tilbake samtykket' }).click();
    await m.getByRole('checkbox', { name: /^Eg forstår at saka blir avslutta/ }).check();
    await m.getByLabel(/^Vil du fortelje oss kvifor/).fill('Vi flyttar til ein annan kommune.');
    await album.shoot(olaPage, 'withdraw-consent', 'Ola withdraws consent');
    await axe.check(olaPage, 'case page, withdrawing consent');
    await m.getByRole('button', { name: 'Trekk tilbake samtykket' }).click();
    await announced(olaPage).filter({ hasText: 'Samtykket er trekt tilbake, og saka blir avslutta.' }).waitFor({ timeout: 10000 });
    const letter = m.getByRole('link', { name: /^Stadfesting: samtykket er trekt tilbake, \d{1,2}\. [a-zæøå]+ \d{4} \(PDF\)$/ });
    await reloadUntil(olaPage, letter, 'the letter confirming the withdrawn consent');
    const pdf = await olaPage.request.get(`${app.baseUrl}${await letter.getAttribute('href')}`);
    expect([pdf.status(), pdf.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await m.getByText('Avslutta – samtykket er trekt tilbake').first().waitFor({ timeout: 10000 });
    expect(bokmalOnlyWords(await m.innerText())).toEqual([]);
    await album.shoot(olaPage, 'case-closed-nn', 'The case is closed, with a letter that confirms it');
    await axe.check(olaPage, 'closed case with its letter');

    // The plan is gone from the group member's list; asking for it by its address is refused.
    const jonas = await browserFor({ expectErrors: true });
    await signInAs(jonas, app.baseUrl, 'Jonas Dahl');
    await heading(jonas, 'Planer jeg deltar i').waitFor({ timeout: 10000 });
    await main(jonas).getByText('Du er ikke med i noen ansvarsgruppe ennå.').waitFor({ timeout: 10000 });
    await jonas.goto(`${app.baseUrl}/planer/${caseId}`);
    await main(jonas).getByText('Fant ikke planen, eller du har ikke tilgang til den.').waitFor({ timeout: 10000 });
    await axe.check(jonas, 'a group member without the plan');
  });

  step('the process owner’s and the admin’s start pages', async () => {
    const siri = await browserFor();
    await signInAs(siri, app.baseUrl, 'Siri Moe');
    await heading(siri, 'Prosesser').waitFor({ timeout: 10000 });
    await main(siri).getByRole('table').first().waitFor({ timeout: 10000 });
    await album.shoot(siri, 'process-owner', 'The process owner’s start page');
    await axe.check(siri, 'process owner’s start page');
    const arne = await browserFor();
    await signInAs(arne, app.baseUrl, 'Arne Strand');
    await heading(arne, 'Brukere').waitFor({ timeout: 10000 });
    await main(arne).getByRole('table').first().waitFor({ timeout: 10000 });
    await album.shoot(arne, 'admin', 'The admin’s start page');
    await axe.check(arne, 'admin’s start page');
  });

  step('every page state in nb, nn and en has no WCAG 2.1 A/AA violations; nothing loaded from outside, no page errors', async () => {
    const seconds = (Date.now() - started) / 1000;
    console.log(`${axe.summary()}\njourney: ${seconds.toFixed(1)} s (of which axe and its language switches ${(axe.spentMs / 1000).toFixed(1)} s)`);
    const index = await album.writeIndex([`Case ${caseNumber}. ${axe.summary()}. The journey took ${seconds.toFixed(1)} s.`]);
    console.log(`screenshots: ${index}`);
    expect(axe.violations).toEqual([]);
    expect(axe.checked).toBe(3 * axe.states);
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});
