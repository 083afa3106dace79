// Letters end to end: the real process's letter steps, the product's job worker rendering and
// storing each letter once, as HTML and as a tagged PDF checked with poppler's pdfinfo/pdftotext.
import { execFileSync, type ExecFileSyncOptionsWithStringEncoding } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Types } from 'mongoose';
import { pdfBytes, type LetterDoc } from '../../server/letters/model.js';
import type { LetterTemplate } from '../../server/letters/templates.js';
import { completeTask, example, expectNothingPrivate, openCase, privateDetails, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let rig: LetterRig;
let dir: string;

beforeAll(async () => {
  rig = await startLetterRig('letters');
  dir = mkdtempSync(path.join(tmpdir(), 'letters-'));
}, 60000);

afterAll(async () => {
  await rig?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function letterOf(caseId: Types.ObjectId, template: LetterTemplate): Promise<LetterDoc> {
  return waitFor(`the ${template} letter`, () => rig.letters.findOne({ caseId, template }).lean<LetterDoc>());
}

// poppler 22 warns about Typst's boolean /Suspects on stderr; the fields it prints are right.
const quiet: ExecFileSyncOptionsWithStringEncoding = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] };

/** pdfinfo's fields, its XMP language, and pdftotext's text of the letter's stored PDF. */
function inspectPdf(letter: LetterDoc): { info: Record<string, string>; language: string | undefined; text: string } {
  const file = path.join(dir, `${letter._id.toHexString()}.pdf`);
  writeFileSync(file, pdfBytes(letter.pdf));
  const info = Object.fromEntries(
    execFileSync('pdfinfo', [file], quiet)
      .split('\n')
      .map((line) => line.split(/:\s+/, 2) as [string, string])
      .filter((pair) => pair.length === 2),
  );
  const meta = execFileSync('pdfinfo', ['-meta', file], quiet);
  const language = /<dc:language><rdf:Bag><rdf:li>([^<]+)<\/rdf:li>/.exec(meta)?.[1];
  const text = execFileSync('pdftotext', ['-layout', file, '-'], quiet).replace(/\s+/g, ' ');
  return { info, language, text };
}

async function sentTo(email: string) {
  return waitFor(`a message to ${email}`, async () => rig.smtp.messages.filter((m) => m.to.includes(email)).length > 0 && rig.smtp.messages.filter((m) => m.to.includes(email)));
}

describe('letters', () => {
  it('the rejection in Nynorsk: a tagged PDF with title and language, the reasons, the complaint deadline and route, the case number', async () => {
    const { caseId, instanceId, caseNumber, email } = await openCase(rig, { writtenForm: 'nn' });
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: privateDetails.reasons, decidedOn: '2026-11-30' }));
    const letter = await letterOf(caseId, 'decision-rejection');

    expect(letter).toMatchObject({ language: 'nn', title: 'Vedtak om avslag på individuell plan og koordinator', to: { name: 'Sigrid Fjellheim', email } });
    const { info, language, text } = inspectPdf(letter);
    expect(info.Title).toBe('Vedtak om avslag på individuell plan og koordinator');
    expect(info.Tagged).toBe('yes');
    expect(language).toBe('nn-NO');
    expect(text).toContain(caseNumber);
    expect(text).toContain('Klagefristen er 4 veker');
    expect(text).toContain('Statsforvaltaren');
    expect(text).toContain('Koordinerande eining, Eksempel kommune');
    expect(text).toContain(privateDetails.reasons);
    expect(text).toMatch(/§§ 7-1 til 7-3/);
    expect(text).toMatch(/§§ 2-5 og 2-5 b/);
    expect(text).toContain('§ 7-2');
    expect(text).not.toContain(privateDetails.personNationalId);
    expect(letter.html).toContain('<html lang="nn">');
    expect(letter.html).toContain('<title>Vedtak om avslag på individuell plan og koordinator</title>');

    // The person is told a letter is ready, and nothing more.
    const [mail] = await sentTo(email);
    expect(mail!.subject).toBe('Du har fått eit nytt brev');
    expect(mail!.text).toContain(`https://ip.eksempel.kommune.no/mine-saker/${caseId.toHexString()}`);
    expectNothingPrivate(`${mail!.subject}\n${mail!.raw}\n${mail!.text}`);
    expect(mail!.text).not.toContain(caseNumber);
  });

  it('the interim reply in Bokmål, a month after receipt: a tagged PDF saying why and when to expect an answer', async () => {
    const { caseId, instanceId, caseNumber } = await openCase(rig, { writtenForm: 'nb' });
    rig.t.clock.advanceDays(27);
    expect(await rig.t.runDueTimers({ instanceId })).toBe(0);
    expect(await rig.letters.countDocuments({ caseId })).toBe(0);
    rig.t.clock.advanceDays(5);
    expect(await rig.t.runDueTimers({ instanceId })).toBeGreaterThanOrEqual(1);
    const letter = await letterOf(caseId, 'interim-reply');

    const { info, language, text } = inspectPdf(letter);
    expect(info.Title).toBe('Foreløpig svar på anmodningen om individuell plan og koordinator');
    expect(info.Tagged).toBe('yes');
    expect(language).toBe('nb-NO');
    expect(text).toContain(caseNumber);
    expect(text).toContain('trenger mer tid til å vurdere behovet');
    const expected = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'long', timeZone: 'Europe/Oslo' }).format(new Date(letter.createdAt.getTime() + 28 * 86_400_000));
    expect(text).toContain(`svar innen ${expected}`);
    rig.t.clock.advanceDays(-32);
  });

  it('the decision to grant, in English, names the coordinator and goes to the parent who applied', async () => {
    const { caseId, instanceId, email } = await openCase(rig, { language: 'en', representative: true });
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'coordinator-only' }));
    await completeTask(rig, instanceId, 'Task_AppointCoordinator', example('coordinator-appointment', { establishResponsibilityGroup: false }));
    const letter = await letterOf(caseId, 'decision-grant');
    expect(letter).toMatchObject({ language: 'en', title: 'Decision on a coordinator', to: { name: 'Ola Fjellheim', email } });
    const { text } = inspectPdf(letter);
    expect(text).toContain('Sigrid Fjellheim is granted a coordinator');
    expect(text).toContain('Ingrid Bakke');
    expect(text).toContain('Helsestasjon og skolehelsetjeneste');
    const [mail] = await sentTo(email);
    expect(mail!.subject).toBe('You have a new letter');
    expectNothingPrivate(`${mail!.raw}\n${mail!.text}`);
  });

  it('a letter job delivered again makes no second letter and no second message', async () => {
    const { caseId, instanceId, email } = await openCase(rig, { writtenForm: 'nn' });
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: privateDetails.reasons }));
    const letter = await letterOf(caseId, 'decision-rejection');
    await sentTo(email);
    const job = (await rig.jobQueue.getJobs(['completed'])).find((j) => j?.data.instanceId === instanceId && j.name === 'sendDecisionLetter');
    expect(job?.id).toBeDefined();
    await job!.remove();
    const again = await rig.jobQueue.add(job!.name, job!.data, { jobId: job!.id });
    await waitFor('the redelivered job', async () => (await again.getState()) === 'completed');
    const notificationJob = await rig.notificationQueue.getJob(`notify-letter-ready-${letter._id.toHexString()}`);
    expect(notificationJob).toBeDefined();
    expect(await rig.letters.countDocuments({ caseId })).toBe(1);
    expect(await rig.notifications.countDocuments({ caseId: caseId.toHexString() })).toBe(1);
    expect(rig.smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
  });

  it('text from the case is printed as text, never run as document markup', async () => {
    const { caseId, instanceId } = await openCase(rig, { writtenForm: 'nb' });
    const reasons = 'Begrunnelse med #set page(width: 1cm) og #read("/etc/passwd") og $x^2$ og *stjerne*.';
    await completeTask(rig, instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons }));
    const letter = await letterOf(caseId, 'decision-rejection');
    const { info, text } = inspectPdf(letter);
    expect(text).toContain(reasons);
    expect(info['Page size']).toContain('595.276 x 841.89');
    expect(letter.html).toContain('Begrunnelse med #set page(width: 1cm)');
    expect(letter.html).not.toContain('<script');
  });

  it('no message sent in these tests holds an identity number, the situation, a service or the reasons', () => {
    expect(rig.smtp.messages.length).toBeGreaterThanOrEqual(4);
    for (const mail of rig.smtp.messages) expectNothingPrivate(`${mail.subject}\n${mail.raw}\n${mail.text}`);
  });
});
