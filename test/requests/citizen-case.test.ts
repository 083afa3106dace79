// What the person sees and does on their case through the API (issue 10): changing consent starts
// from what is given, replaces it and is recorded in the case history; the request as signed; the
// messages in the reader's language; the access log with one line per list view and the unit's lead
// named as such. Real engine over the real BPMN, real MongoDB wire protocol and Redis.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import type { SessionUser } from '../../server/auth/types.js';
import { consentGiver } from '../../server/commands/consentGiver.js';
import { openCase } from '../support/cases.js';
import { citizen, createHarness, get, post, type Harness } from './harness.js';

let h: Harness;
let caseId = '';
const person = citizen(requestForm.example.person.nationalId, 'sigrid', 'Sigrid Fjellheim');
const caseworker: SessionUser = { id: 'per', name: 'Per Hansen', role: 'ke-caseworker', unitId: 'ke-eksempel' };
const lead: SessionUser = { id: 'liv', name: 'Liv Berg', role: 'ke-caseworker', unitId: 'ke-eksempel', lead: true };

interface Detail {
  consent: { active: boolean; sharing: { party: string; information: string[] }[]; validUntil: string | null };
  steps: { key: string; at: string; consentChange?: { added: string[]; removed: string[]; changed: string[]; validUntil: unknown; by: string } }[];
  request: { data: { situation: string; consent: unknown }; signature: { fullName: string; signedAt: string; signerRole: string }; attachment: unknown } | null;
  messages: { kind: string; subject: string; body: string }[];
}

const detail = async (user: SessionUser = person, language?: string): Promise<Detail> => {
  const response = await fetch(`${h.baseUrl}/api/cases/${caseId}`, { headers: { 'X-Test-User': JSON.stringify(user), ...(language ? { 'Accept-Language': language } : {}) } });
  expect(response.status).toBe(200);
  return (await response.json()) as Detail;
};

beforeAll(async () => {
  h = await createHarness('citizen-case');
  const sent = await post(h, '/api/requests', requestForm.example, { key: `citizen-case-${Date.now()}`, user: person, language: 'nn' });
  expect(sent.status).toBe(201);
  caseId = sent.body.caseId;
});

afterAll(async () => {
  await h?.close();
});

describe('changing consent', () => {
  it('given three services, removing one keeps the other two, and the case history says which one went', async () => {
    const before = await detail();
    expect(before.consent.sharing.map((s) => s.party)).toEqual(['home-care', 'nav', 'specialist-health']);
    expect(before.steps.filter((s) => s.key.startsWith('consent-'))).toEqual([]);

    // The form starts from the consent given now; the person removes NAV and saves.
    const kept = before.consent.sharing.filter((s) => s.party !== 'nav');
    const saved = await post(h, `/api/cases/${caseId}/consent`, { given: true, sharing: kept, duration: 'until-withdrawn' }, { user: person });
    expect(saved.status).toBe(200);

    const after = await detail();
    expect(after.consent.active).toBe(true);
    expect(after.consent.sharing).toEqual([
      { party: 'home-care', information: ['health', 'daily-life', 'plan'] },
      { party: 'specialist-health', information: ['health', 'plan'] },
    ]);
    const changes = after.steps.filter((s) => s.key === 'consent-changed');
    expect(changes).toEqual([
      { key: 'consent-changed', at: expect.any(String), consentChange: { added: [], removed: ['nav'], changed: [], validUntil: null, by: 'Sigrid Fjellheim' } },
    ]);
    // In order with the rest of the history: after the request was received.
    expect(after.steps[0]?.key).toBe('received');
    expect(after.steps.map((s) => s.at)).toEqual([...after.steps.map((s) => s.at)].sort());
  });

  it('records what changed service by service, and saving the same consent again records nothing', async () => {
    const sharing = [
      { party: 'home-care', information: ['health', 'plan'] },
      { party: 'specialist-health', information: ['health', 'plan'] },
      { party: 'gp', information: ['health'] },
    ];
    const body = { given: true, sharing, duration: 'until-date', validUntil: '2099-12-31' };
    expect((await post(h, `/api/cases/${caseId}/consent`, body, { user: person })).status).toBe(200);
    expect((await post(h, `/api/cases/${caseId}/consent`, body, { user: person })).status).toBe(200);
    const changes = (await detail()).steps.filter((s) => s.key === 'consent-changed').map((s) => s.consentChange);
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual({ added: ['gp'], removed: [], changed: ['home-care'], validUntil: { from: null, to: '2099-12-31' }, by: 'Sigrid Fjellheim' });
  });

  it('a change made from a consent that has changed meanwhile is refused, and changes nothing', async () => {
    const { Case } = h.context.models;
    const stale = await Case.findById(caseId).lean();
    expect((await post(h, `/api/cases/${caseId}/consent`, { given: true, sharing: [{ party: 'nav', information: ['welfare'] }], duration: 'until-withdrawn' }, { user: person })).status).toBe(200);
    await expect(
      consentGiver(h.context, { caseDoc: stale!, user: person, answer: { given: true, sharing: [{ party: 'school', information: ['school-work'] }], duration: 'until-withdrawn' } }),
    ).rejects.toMatchObject({ code: 'conflict' });
    const now = await detail();
    expect(now.consent.sharing).toEqual([{ party: 'nav', information: ['welfare'] }]);
    expect(now.steps.filter((s) => s.key === 'consent-changed')).toHaveLength(3);
  });

  it('bad input names the field in the reader’s language and changes nothing', async () => {
    const before = await detail();
    const refused = await post(h, `/api/cases/${caseId}/consent`, { given: true, sharing: [], duration: 'until-withdrawn' }, { user: person, language: 'nn' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'sharing', message: 'Vel minst éi teneste som kan dele opplysningar.' }]);
    expect(await detail()).toEqual(before);
  });
});

describe('the case page’s data', () => {
  it('has the request as it was signed: its data, the signature and who signed', async () => {
    const { request } = await detail();
    expect(request?.data.situation).toBe(requestForm.example.situation);
    expect(request?.data.consent).toEqual(requestForm.example.consent);
    expect(request?.signature).toMatchObject({ fullName: 'Sigrid Fjellheim', signerRole: 'person', signedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
    expect(request?.attachment).toBeNull();
  });

  it('names the attachment a proxy sent with the request', async () => {
    const applicant = { name: 'Lars Fjellheim', nationalId: makeNationalId('1980-02-02', { synthetic: true }) };
    const opened = await openCase(h.context, { person: { name: 'Sigrid Fjellheim', nationalId: requestForm.example.person.nationalId }, applicant });
    const proxy = citizen(applicant.nationalId, 'lars', applicant.name);
    const response = await get(h, `/api/cases/${opened.id}`, proxy);
    expect(response.status).toBe(200);
    expect((response.body as unknown as Detail).request).toMatchObject({
      signature: { fullName: 'Lars Fjellheim', signerRole: 'proxy' },
      attachment: { name: 'fullmakt.pdf', size: expect.any(Number) },
    });
  });

  it('messages follow the reader’s language, whatever language the request was sent in', async () => {
    const receipt = (language: string) => detail(person, language).then((d) => d.messages.find((m) => m.kind === 'receipt'));
    expect((await receipt('nb'))?.subject).toMatch(/^Vi har mottatt anmodningen – saksnummer IP-/);
    expect((await receipt('nn'))?.subject).toMatch(/^Vi har motteke oppmodinga – saksnummer IP-/);
    expect((await receipt('en'))?.subject).toMatch(/^We have received the request – case number IP-/);
    expect((await receipt('en'))?.body).toContain('What happens now:');
    // The message delivered outside the app is in the written language the request chose for letters.
    const stored = await h.context.models.CaseMessage.findOne({ caseId, kind: 'receipt' }).lean();
    expect(stored).toMatchObject({ language: 'nn', subject: expect.stringMatching(/^Vi har motteke oppmodinga/) });
  });
});

describe('the access log', () => {
  it('shows one line for a list view repeated by a refreshing list, and every read; the audit keeps each entry', async () => {
    const { Case } = h.context.models;
    await Case.updateOne({ _id: caseId }, { $set: { unitId: 'ke-eksempel' } });
    for (let i = 0; i < 4; i++) expect((await get(h, '/api/cases', caseworker)).status).toBe(200);
    expect((await get(h, `/api/cases/${caseId}`, caseworker)).status).toBe(200);
    expect((await get(h, `/api/cases/${caseId}`, caseworker)).status).toBe(200);

    const lines = await h.auditLog.accessLog(caseId, person.id);
    expect(lines.map((line) => [line.name, line.action])).toEqual([
      ['Per Hansen', 'case.read'],
      ['Per Hansen', 'case.read'],
      ['Per Hansen', 'case.list'],
    ]);
    const entries = await h.auditLog.search({ caseId, actorId: 'per' });
    expect(entries.filter((entry) => entry.action === 'case.list')).toHaveLength(4);
  });

  it('names the unit’s lead as the lead', async () => {
    expect((await get(h, `/api/cases/${caseId}`, lead)).status).toBe(200);
    const [newest] = await h.auditLog.accessLog(caseId, person.id);
    expect(newest).toEqual({ name: 'Liv Berg', role: 'ke-caseworker', lead: true, action: 'case.read', time: expect.any(String) });
  });
});
