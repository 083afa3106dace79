import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey } from '../../forms/index.js';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import type { TaskDoc } from '../../server/engine/index.js';
import { citizen, createHarness, get, post, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('requests-api');
});

afterAll(async () => {
  await h?.close();
});

const example = () => structuredClone(requestForm.example) as unknown as Record<string, unknown>;
const personId = requestForm.example.person.nationalId;
const parentId = makeNationalId('1979-04-04', { synthetic: true });
const childId = makeNationalId('2015-10-10', { synthetic: true });

function childRequest(): Record<string, unknown> {
  return {
    ...example(),
    person: { ...requestForm.example.person, name: 'Emil Fjellheim', nationalId: childId, phone: undefined, email: undefined },
    applicantRole: 'parent',
    applicant: { name: 'Kari Fjellheim', nationalId: parentId, relation: 'mor', phone: '41234567' },
    askFor: 'child-coordinator',
    signature: { fullName: 'Kari Fjellheim', confirmed: true },
  };
}

let keyCounter = 0;
const newKey = () => `test-key-${Date.now()}-${keyCounter++}`;

async function openTasks(instanceId: string): Promise<TaskDoc[]> {
  return h.engine.models.Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc[]>();
}

describe('POST /api/requests', () => {
  it('stores a valid request unchanged with its signature, opens a case with a number and starts the process', async () => {
    const response = await post(h, '/api/requests', { ...example(), unknownField: 'dropped' }, { key: newKey() });
    expect(response.status).toBe(201);
    expect(response.body.caseNumber).toMatch(/^IP-\d{4}-\d{6}$/);
    expect(response.body).toMatchObject({ channel: 'citizen-request', consentGiven: true });

    const stored = await h.context.models.Request.findOne({ caseNumber: response.body.caseNumber }).lean();
    expect(stored?.data).not.toHaveProperty('unknownField');
    expect(stored?.data.person.nationalId).toBe(personId);
    expect(stored?.signature).toMatchObject({ fullName: 'Sigrid Fjellheim', confirmed: true, signerRole: 'person', identityVerified: false });
    expect(stored?.signature.signedAt).toBeInstanceOf(Date);

    const caseDoc = await h.context.models.Case.findOne({ caseNumber: response.body.caseNumber }).lean();
    expect(caseDoc).toMatchObject({ unitId: 'ke-eksempel', channel: 'citizen-request', consent: { active: true } });
    expect(caseDoc?.processStartedAt).toBeInstanceOf(Date);
    const tasks = await openTasks(caseDoc!.instanceId);
    expect(tasks.map((t) => t.elementId)).toEqual(['Task_AssessNeed']);
    const instance = await h.engine.runtime.getInstance({ instanceId: caseDoc!.instanceId });
    expect(instance.variables).toMatchObject({ intake: { channel: 'citizen-request', caseNumber: response.body.caseNumber }, signature: { valid: true }, consent: { given: true } });
    // No national identity number in the process variables (they are copied into jobs).
    expect(JSON.stringify(instance.variables)).not.toContain(personId);

    // Sent from the Bokmål pages with Nynorsk chosen for letters: the receipt is in Nynorsk, as its letter is.
    expect(stored?.data.person.writtenForm).toBe('nn');
    const receipt = await h.context.models.CaseMessage.findOne({ caseId: caseDoc!._id }).lean();
    expect(receipt).toMatchObject({ kind: 'receipt', language: 'nn', to: { name: 'Sigrid Fjellheim', email: 'sigrid.fjellheim@example.no' } });
    expect(receipt?.subject).toContain(String(response.body.caseNumber));
    expect(receipt?.subject).toContain('motteke');
  });

  it('refuses to change a stored request', async () => {
    const any = await h.context.models.Request.findOne().lean();
    await expect(h.context.models.Request.updateOne({ _id: any!._id }, { $set: { 'data.situation': 'changed' } })).rejects.toThrow(/immutable/);
    await expect(h.context.models.Request.findOneAndUpdate({ _id: any!._id }, { $set: { caseNumber: 'x' } })).rejects.toThrow(/immutable/);
  });

  it('answers 422 field by field in the sender’s language and stores nothing', async () => {
    const before = await h.counts();
    const invalid = { ...example(), person: { ...requestForm.example.person, nationalId: '14858710059' }, askFor: 'everything', signature: { fullName: 'Someone Else', confirmed: false } };

    const nb = await post(h, '/api/requests', invalid, { key: newKey() });
    expect(nb.status).toBe(422);
    expect(nb.body).toEqual({
      errors: [
        { field: 'person.nationalId', message: 'Skriv et gyldig fødselsnummer eller D-nummer med 11 siffer.' },
        { field: 'askFor', message: 'Velg et av alternativene.' },
        { field: 'signature.fullName', message: 'Navnet må være det samme som navnet til den som sender anmodningen.' },
        { field: 'signature.confirmed', message: 'Du må bekrefte dette.' },
      ],
    });
    const nn = await post(h, '/api/requests', invalid, { key: newKey(), language: 'nn-NO,nn;q=0.9' });
    expect(nn.body.errors).toContainEqual({ field: 'signature.confirmed', message: 'Du må stadfeste dette.' });
    const en = await post(h, '/api/requests', invalid, { key: newKey(), language: 'en-GB' });
    expect(en.body.errors).toContainEqual({ field: 'person.nationalId', message: 'Enter a valid national identity number or D-number with 11 digits.' });

    const signer = await post(h, '/api/requests', { ...example(), person: { ...requestForm.example.person, nationalId: childId } }, { key: newKey(), language: 'en' });
    expect(signer.body.errors).toEqual([{ field: 'applicantRole', message: 'The person is under 16. A parent or guardian must send the request.' }]);

    expect((await post(h, '/api/requests', null, { raw: '{"person":', key: newKey() })).status).toBe(400);
    expect((await post(h, '/api/requests', [], { key: newKey() })).status).toBe(422);
    expect(await h.counts()).toEqual(before);
  });

  it('a signed-in citizen can only sign as themselves', async () => {
    const before = await h.counts();
    const response = await post(h, '/api/requests', example(), { key: newKey(), user: citizen(parentId), language: 'en' });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'signature.fullName', message: 'You are signed in as someone other than the signer. The signer must be you.' }]);
    expect(await h.counts()).toEqual(before);

    const own = await post(h, '/api/requests', example(), { key: newKey(), user: citizen(personId) });
    expect(own.status).toBe(201);
    const stored = await h.context.models.Request.findOne({ caseNumber: own.body.caseNumber }).lean();
    expect(stored?.signature).toMatchObject({ identityVerified: true, signedInUserId: `citizen-${personId}` });
  });

  it('a retry with the same Idempotency-Key never makes a second case', async () => {
    const key = newKey();
    const before = await h.counts();
    const first = await post(h, '/api/requests', example(), { key });
    const second = await post(h, '/api/requests', example(), { key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body.caseNumber).toBe(first.body.caseNumber);

    // Retries racing each other.
    const racingKey = newKey();
    const racing = await Promise.all(Array.from({ length: 6 }, () => post(h, '/api/requests', example(), { key: racingKey })));
    expect(racing.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(racing.map((r) => r.body.caseNumber)).size).toBe(1);

    const after = await h.counts();
    expect(after.requests - before.requests).toBe(2);
    expect(after.cases - before.cases).toBe(2);
    expect(after.instances - before.instances).toBe(2);
    expect(after.messages - before.messages).toBe(2);

    // The same key with other content is refused.
    const other = await post(h, '/api/requests', { ...example(), situation: 'En helt annen situasjon som er lang nok.' }, { key, language: 'en' });
    expect(other.status).toBe(409);
    expect(other.body.errors).toEqual([{ field: 'Idempotency-Key', message: 'This request was already sent with different content. Reload the page and send it again.' }]);
    expect((await post(h, '/api/requests', example(), { key: 'bad key!' })).status).toBe(400);
  });

  it('case numbers are allocated atomically and never repeat', async () => {
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(h, '/api/requests', example(), { key: newKey() })));
    const numbers = responses.map((r) => r.body.caseNumber as string);
    expect(new Set(numbers).size).toBe(10);
    const all = (await h.context.models.Case.find({}, { caseNumber: 1 }).lean()).map((c) => c.caseNumber);
    expect(new Set(all).size).toBe(all.length);
  });

  it('multipart: a proxy’s power of attorney must be a real PDF within the size limit', async () => {
    const adult = { ...example(), applicantRole: 'proxy', applicant: { name: 'Kari Fjellheim', nationalId: parentId, relation: 'søster', phone: '41234567' }, signature: { fullName: 'Kari Fjellheim', confirmed: true } };
    const send = (bytes: Buffer, name: string, type: string, key = newKey(), language = 'en') => {
      const form = new FormData();
      form.set('request', JSON.stringify({ ...adult, powerOfAttorney: { name: 'fake.pdf', size: 10, type: 'application/pdf' } }));
      form.set('powerOfAttorney', new Blob([new Uint8Array(bytes)], { type }), name);
      return fetch(`${h.baseUrl}/api/requests`, { method: 'POST', body: form, headers: { 'Idempotency-Key': key, 'Accept-Language': language } });
    };
    const before = await h.counts();

    const notPdf = await send(Buffer.from('GIF89a pretending to be a PDF'), 'fullmakt.pdf', 'application/pdf');
    expect(notPdf.status).toBe(422);
    expect(await notPdf.json()).toEqual({ errors: [{ field: 'powerOfAttorney.type', message: 'The file must be a PDF.' }] });

    const tooBig = await send(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)]), 'stor.pdf', 'application/pdf');
    expect(tooBig.status).toBe(422);
    expect(await tooBig.json()).toEqual({ errors: [{ field: 'powerOfAttorney', message: 'The file can be at most 5 MB.' }] });

    const missing = await post(h, '/api/requests', adult, { key: newKey(), language: 'en' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ field: 'powerOfAttorney', message: 'Attach the power of attorney as a PDF.' }]);
    expect(await h.counts()).toEqual(before);

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const ok = await send(pdf, '../../etc/fullmakt.pdf', 'application/octet-stream');
    expect(ok.status).toBe(201);
    const body = (await ok.json()) as { caseNumber: string };
    const stored = await h.context.models.Request.findOne({ caseNumber: body.caseNumber }).lean();
    expect(stored?.attachment).toMatchObject({ name: 'fullmakt.pdf', size: pdf.length, contentType: 'application/pdf' });
    expect(stored?.data.powerOfAttorney).toEqual({ name: 'fullmakt.pdf', size: pdf.length, type: 'application/pdf' });
    const file = await h.context.models.Attachment.findById(stored!.attachment!.id).lean();
    expect(Buffer.from(file!.data.buffer ?? file!.data).equals(pdf)).toBe(true);
    const caseDoc = await h.context.models.Case.findOne({ caseNumber: body.caseNumber }).lean();
    // A power of attorney is a claim until the case worker has read it.
    expect(caseDoc?.representativeNationalIds).toEqual([]);
    expect(caseDoc?.claimedRepresentatives).toEqual([{ nationalId: parentId, role: 'proxy' }]);
  });

  it('a notification from health personnel starts with the offer task; a request without consent with “obtain consent”', async () => {
    const notification = {
      ...example(),
      applicantRole: 'health-personnel',
      applicant: { name: 'Hanne Vik', organisation: 'Sykehuset Innlandet Gjøvik, sykepleier', phone: '61 00 00 00' },
      signature: { fullName: 'Hanne Vik', confirmed: true },
    };
    const sent = await post(h, '/api/requests', notification, { key: newKey() });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ channel: 'health-notification', consentGiven: false });
    const caseDoc = await h.context.models.Case.findOne({ caseNumber: sent.body.caseNumber }).lean();
    expect((await openTasks(caseDoc!.instanceId)).map((t) => t.elementId)).toEqual(['Task_OfferIndividualPlan']);
    // The receipt goes to the health worker who sent it, who has no access to the case and so is not told to follow it.
    const receipt = await h.context.models.CaseMessage.findOne({ caseId: caseDoc!._id, kind: 'receipt' }).lean();
    expect(receipt?.to.name).toBe('Hanne Vik');
    expect(receipt?.body).toContain('kontaktar personen');
    expect(receipt?.body).not.toContain('Mine saker');

    const noConsent = await post(h, '/api/requests', { ...example(), consent: { given: false } }, { key: newKey() });
    const second = await h.context.models.Case.findOne({ caseNumber: noConsent.body.caseNumber }).lean();
    expect((await openTasks(second!.instanceId)).map((t) => t.elementId)).toEqual(['Task_ObtainConsent']);
  });
});

describe('the person’s cases', () => {
  let childCase: { caseNumber: string; caseId: string };

  beforeAll(async () => {
    const response = await post(h, '/api/requests', childRequest(), { key: newKey(), user: citizen(parentId, 'parent-user', 'Kari Fjellheim') });
    expect(response.status).toBe(201);
    childCase = { caseNumber: response.body.caseNumber as string, caseId: response.body.caseId as string };
  });

  it('GET /api/cases needs sign-in and lists only the user’s own cases', async () => {
    expect((await get(h, '/api/cases')).status).toBe(401);
    const parent = await get(h, '/api/cases', citizen(parentId, 'parent-user'));
    expect(parent.status).toBe(200);
    const cases = parent.body.cases as { caseNumber: string; personName: string; stage: string; isPerson: boolean }[];
    expect(cases.map((c) => c.caseNumber)).toContain(childCase.caseNumber);
    expect(cases.find((c) => c.caseNumber === childCase.caseNumber)).toMatchObject({ personName: 'Emil Fjellheim', stage: 'assessing', isPerson: false });
    // The child's own number sees the case too; a stranger sees nothing.
    expect(((await get(h, '/api/cases', citizen(childId))).body.cases as unknown[]).length).toBe(1);
    expect((await get(h, '/api/cases', citizen(makeNationalId('1950-01-01', { synthetic: true })))).body.cases).toEqual([]);
    // Reads are audited.
    expect(await h.auditLog.model.countDocuments({ caseId: childCase.caseId, action: 'case.list' })).toBeGreaterThan(0);
  });

  it('GET /api/cases/:id shows the steps; a stranger gets 404', async () => {
    const detail = await get(h, `/api/cases/${childCase.caseNumber}`, citizen(parentId, 'parent-user'));
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ caseNumber: childCase.caseNumber, stage: 'assessing', steps: [{ key: 'received' }], actions: { approvePlan: false, withdrawConsent: true } });
    expect((detail.body.messages as { kind: string }[])[0]?.kind).toBe('receipt');
    expect((await get(h, `/api/cases/${childCase.caseNumber}`, citizen(personId))).status).toBe(404);
  });

  it('the plan: read it, ask for changes, approve it', async () => {
    const caseDoc = await h.context.models.Case.findById(childCase.caseId).lean();
    const instanceId = caseDoc!.instanceId;
    const staff = { id: 'kari.caseworker' };
    const complete = async (elementId: string, output: Record<string, unknown>) => {
      const task = (await openTasks(instanceId)).find((t) => t.elementId === elementId);
      await h.engine.runtime.completeTask({ taskId: task!._id, actor: staff, output });
    };
    await complete('Task_AssessNeed', { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator' });
    await complete('Task_AppointCoordinator', { ...formsByKey['coordinator-appointment'].example, establishResponsibilityGroup: false });
    await complete('Task_DraftPlan', { ...formsByKey.plan.example });

    const parent = citizen(parentId, 'parent-user', 'Kari Fjellheim');
    const detail = await get(h, `/api/cases/${childCase.caseId}`, parent);
    expect(detail.body).toMatchObject({ stage: 'awaiting-approval', actions: { approvePlan: true, requestCoordinatorChange: true } });
    expect(detail.body.plan).toMatchObject({ goals: expect.any(Array) });

    expect((await post(h, `/api/cases/${childCase.caseId}/plan-approval`, { approved: false }, { user: parent, language: 'en' })).body).toEqual({
      errors: [{ field: 'requestedChanges', message: 'Describe what you would like to change in the plan.' }],
    });
    expect((await post(h, `/api/cases/${childCase.caseId}/plan-approval`, { approved: false, requestedChanges: 'Mer om skolen.' }, { user: parent })).status).toBe(200);
    expect((await get(h, `/api/cases/${childCase.caseId}`, parent)).body.stage).toBe('drafting');
    expect((await post(h, `/api/cases/${childCase.caseId}/plan-approval`, { approved: true }, { user: parent, language: 'en' })).status).toBe(409);

    await complete('Task_DraftPlan', { ...formsByKey.plan.example });
    expect((await post(h, `/api/cases/${childCase.caseId}/plan-approval`, { approved: true }, { user: citizen(personId), language: 'en' })).status).toBe(404);
    expect((await post(h, `/api/cases/${childCase.caseId}/plan-approval`, { approved: true }, { user: parent })).status).toBe(200);
    const active = await get(h, `/api/cases/${childCase.caseId}`, parent);
    expect(active.body.stage).toBe('active');
    expect((active.body.steps as { key: string }[]).map((s) => s.key)).toEqual([
      'received',
      'assessed',
      'coordinator-appointed',
      'plan-drafted',
      'plan-answered',
      'plan-drafted',
      'plan-answered',
    ]);
  });

  it('another coordinator, then consent withdrawn: the case closes', async () => {
    const parent = citizen(parentId, 'parent-user', 'Kari Fjellheim');
    expect((await post(h, `/api/cases/${childCase.caseId}/coordinator-change`, { reason: 'Vi ønsker en som kjenner skolen.' }, { user: parent })).status).toBe(200);
    const caseDoc = await h.context.models.Case.findById(childCase.caseId).lean();
    expect((await openTasks(caseDoc!.instanceId)).map((t) => t.elementId)).toEqual(['Task_ConsiderCoordinatorChange']);
    expect((await get(h, `/api/cases/${childCase.caseId}`, parent)).body.actions).toMatchObject({ requestCoordinatorChange: false });

    expect((await post(h, `/api/cases/${childCase.caseId}/consent-withdrawal`, { understood: false }, { user: parent, language: 'nn' })).body).toEqual({
      errors: [{ field: 'understood', message: 'Du må stadfeste dette.' }],
    });
    expect((await post(h, `/api/cases/${childCase.caseId}/consent-withdrawal`, { understood: true }, { user: parent })).status).toBe(200);
    const closed = await get(h, `/api/cases/${childCase.caseId}`, parent);
    expect(closed.body).toMatchObject({ stage: 'closed-consent-withdrawn', closed: true, consent: { active: false } });
    const instance = await h.engine.runtime.getInstance({ instanceId: caseDoc!.instanceId });
    expect(instance.status).not.toBe('running');
    expect((await post(h, `/api/cases/${childCase.caseId}/consent-withdrawal`, { understood: true }, { user: parent })).status).toBe(409);
  });

  it('consent given online completes the coordinating unit’s “obtain consent” task, dated by the day in Norway', async () => {
    const sent = await post(h, '/api/requests', { ...example(), consent: { given: false } }, { key: newKey() });
    const person = citizen(personId, 'sigrid', 'Sigrid Fjellheim');
    const caseDoc = await h.context.models.Case.findOne({ caseNumber: sent.body.caseNumber }).lean();
    const [obtain] = await openTasks(caseDoc!.instanceId);
    expect(obtain?.elementId).toBe('Task_ObtainConsent');
    // Given at 23:30 UTC: already the next day in Norway, summer and winter.
    const late = new Date(`${new Date().toISOString().slice(0, 10)}T23:30:00Z`);
    if (late.getTime() < Date.now()) late.setUTCDate(late.getUTCDate() + 1);
    const offsetMs = late.getTime() - h.engine.clock.now().getTime();
    h.engine.clock.advanceMs(offsetMs);
    try {
      expect((await post(h, `/api/cases/${caseDoc!._id.toHexString()}/consent`, formsByKey.consent.example, { user: person })).status).toBe(200);
    } finally {
      h.engine.clock.advanceMs(-offsetMs);
    }
    expect((await openTasks(caseDoc!.instanceId)).map((t) => t.elementId)).toEqual(['Task_AssessNeed']);
    expect((await h.context.models.Case.findById(caseDoc!._id).lean())?.consent.active).toBe(true);
    const completed = await h.engine.models.Task.findById(obtain!._id).lean<TaskDoc>();
    const nextDay = new Date(late.getTime() + 86_400_000).toISOString().slice(0, 10);
    expect(completed?.output).toMatchObject({ given: true, givenBy: 'person', givenOn: nextDay });
  });
});
