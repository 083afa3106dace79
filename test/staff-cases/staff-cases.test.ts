// The staff case list, case page, diagram and signed request PDF over HTTP: the product's app
// (real sign-in, CSRF and audit) over a real engine running processes/individual-plan.bpmn, with
// cases opened through the request command and moved on by completing their tasks.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CaseDiagram, StaffCaseDetail, StaffCaseListAnswer } from '../../contract/staff-cases.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { startTestApp, type TestApp } from '../support/auth.js';
import { completeOpenTask, grantedAssessment, openCase, type OpenedCase } from '../support/cases.js';
import { fictional, fictionalPerson, getJson, signedIn, storeDefinition } from './support.js';

const per = fictional('Per Hansen');
const liv = fictional('Liv Berg');
const anne = fictional('Anne Lie');
const kari = fictional('Kari Nordmann');
const jonas = fictional('Jonas Dahl');
const siri = fictional('Siri Moe');

const orjan = fictionalPerson('Ørjan Åsheim');
const bjorg = fictionalPerson('Bjørg Ødegård');
const elsewhere = fictionalPerson('Ørjan Lund');
const mona = fictionalPerson('Mona Åsheim');

let app: TestApp;
let assessed: OpenedCase;
let waiting: OpenedCase;
let otherUnit: OpenedCase;
let incidentId: string;

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
  await storeDefinition(app);
  const { context, contextOf, engine } = app.cases!;
  otherUnit = await openCase(await contextOf('ke-annen'), { person: elsewhere, applicant: mona });
  assessed = await openCase(context, { person: orjan, applicant: mona });
  await completeOpenTask(context, assessed, 'Task_AssessNeed', grantedAssessment, { id: per.id, name: per.name });
  waiting = await openCase(context, { person: bjorg, applicant: mona });
  await context.models.Case.updateOne({ _id: waiting.id }, { $set: { coordinatorId: anne.id } });
  const at = new Date();
  incidentId = `${assessed.instanceId}-Task_SendInterimReply_test`;
  await engine.models.Incident.create({
    _id: incidentId,
    kind: 'service',
    instanceId: assessed.instanceId,
    caseId: assessed.id,
    processKey: 'individual-plan',
    elementId: 'Task_SendInterimReply',
    handler: 'sendInterimReply',
    attempts: 3,
    lastError: 'letter service unavailable',
    status: 'open',
    createdAt: at,
    updatedAt: at,
  });
});

afterAll(async () => {
  await app?.close();
});

const list = async (userId: string, query = '') => getJson<StaffCaseListAnswer>(await signedIn(app, userId), `/api/staff/cases${query}`);
const numbers = (answer: StaffCaseListAnswer) => answer.cases.map((c) => c.caseNumber);

describe('the staff case list', () => {
  it('shows a KE case worker their unit’s cases, newest first, with stage, coordinator and open tasks; pages', async () => {
    const { status, body } = await list(per.id);
    expect(status).toBe(200);
    expect(numbers(body)).toEqual([waiting.caseNumber, assessed.caseNumber]);
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 25 });
    expect(body.cases[1]).toEqual({
      id: assessed.id,
      caseNumber: assessed.caseNumber,
      personName: 'Ørjan Åsheim',
      birthDate: expect.stringMatching(/^19\d\d-\d\d-\d\d$/),
      askFor: 'plan-and-coordinator',
      channel: 'citizen-request',
      stage: 'appointing',
      closed: false,
      coordinator: null,
      openTasks: 1,
      createdAt: expect.any(String),
      duplicateFlag: false,
    });
    expect(body.cases[0]).toMatchObject({ stage: 'assessing', coordinator: { id: anne.id, name: 'Anne Lie' } });

    const second = await list(per.id, '?pageSize=1&page=2');
    expect(numbers(second.body)).toEqual([assessed.caseNumber]);
    expect(second.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
  });

  it('finds by name without case or accents, by case number and by identity number; never another unit’s case', async () => {
    for (const q of ['orjan', 'ØRJAN', 'asheim', 'Orjan Asheim']) {
      expect([q, numbers((await list(per.id, `?q=${encodeURIComponent(q)}`)).body)]).toEqual([q, [assessed.caseNumber]]);
    }
    expect(numbers((await list(per.id, '?q=odegard')).body)).toEqual([waiting.caseNumber]);
    expect(numbers((await list(per.id, '?q=lund')).body)).toEqual([]);
    expect(numbers((await list(per.id, `?q=${assessed.caseNumber.toLowerCase()}`)).body)).toEqual([assessed.caseNumber]);
    expect(numbers((await list(per.id, `?q=${otherUnit.caseNumber}`)).body)).toEqual([]);
  });

  it('audits an identity number search as such, with the number masked, also when it finds nothing', async () => {
    const before = new Date();
    const spaced = `${orjan.nationalId.slice(0, 6)} ${orjan.nationalId.slice(6)}`;
    expect(numbers((await list(liv.id, `?q=${encodeURIComponent(spaced)}`)).body)).toEqual([assessed.caseNumber]);
    expect(numbers((await list(liv.id, `?q=${elsewhere.nationalId}`)).body)).toEqual([]);
    const entries = await app.security.auditLog.model.find({ actorId: liv.id, time: { $gte: before }, action: { $regex: /^case\./ } }).lean();
    expect(entries.map((e) => ({ action: e.action, caseId: e.caseId ?? null, detail: (e as { detail?: string }).detail }))).toEqual([
      { action: 'case.list-by-national-id', caseId: assessed.id, detail: `${orjan.nationalId.slice(0, 6)}*****` },
      { action: 'case.list-by-national-id', caseId: null, detail: `${elsewhere.nationalId.slice(0, 6)}*****` },
    ]);
    const stored = JSON.stringify(await app.security.auditLog.model.find({}).lean());
    for (const id of [orjan.nationalId, elsewhere.nationalId]) expect(stored).not.toContain(id);
  });

  it('audits every case it shows', async () => {
    const before = new Date();
    await list(per.id);
    const entries = await app.security.auditLog.model.find({ actorId: per.id, time: { $gte: before }, action: { $regex: /^case\./ } }).lean();
    expect(entries.map((e) => `${e.action} ${e.caseId}`).sort()).toEqual([`case.list ${assessed.id}`, `case.list ${waiting.id}`].sort());
  });

  it('filters by stage and status', async () => {
    expect(numbers((await list(per.id, '?stage=appointing')).body)).toEqual([assessed.caseNumber]);
    expect(numbers((await list(per.id, '?stage=assessing&status=open')).body)).toEqual([waiting.caseNumber]);
    expect(numbers((await list(per.id, '?status=open')).body)).toEqual([waiting.caseNumber, assessed.caseNumber]);
    const closed = await list(per.id, '?status=closed');
    expect(closed.body).toMatchObject({ cases: [], total: 0 });
  });

  it('refuses unknown filters and paging naming the parameter, in the user’s language', async () => {
    const browser = await signedIn(app, per.id);
    for (const [query, field] of [
      ['?stage=nowhere', 'stage'],
      ['?status=maybe', 'status'],
      ['?page=0', 'page'],
      ['?pageSize=500', 'pageSize'],
      [`?q=${'x'.repeat(101)}`, 'q'],
    ] as const) {
      const res = await browser.api('GET', `/api/staff/cases${query}`, undefined, { 'accept-language': 'nn' });
      expect([query, res.status]).toEqual([query, 400]);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]!.field).toBe(field);
    }
    const res = await browser.api('GET', '/api/staff/cases?pageSize=500', undefined, { 'accept-language': 'nn' });
    expect(await res.json()).toEqual({ errors: [{ field: 'pageSize', message: 'Sidestorleiken må vere eit heilt tal frå 1 til 100.' }] });
  });

  it('shows a coordinator only the cases they coordinate; other roles get 403, no sign-in 401', async () => {
    expect(numbers((await list(anne.id)).body)).toEqual([waiting.caseNumber]);
    for (const user of [kari, jonas, siri]) expect((await list(user.id)).status).toBe(403);
    const anonymous = await fetch(`${app.baseUrl}/api/staff/cases`);
    expect(anonymous.status).toBe(401);
  });
});

describe('the staff case page', () => {
  it('holds the summary, the request as signed, timeline and tasks with who did them, messages, consent, incidents and actions', async () => {
    const { status, body } = await getJson<StaffCaseDetail>(await signedIn(app, per.id), `/api/staff/cases/${assessed.caseNumber}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: assessed.id,
      caseNumber: assessed.caseNumber,
      stage: 'appointing',
      closed: false,
      channel: 'citizen-request',
      askFor: 'plan-and-coordinator',
      person: { name: 'Ørjan Åsheim', birthDate: expect.any(String), age: expect.any(Number) },
      duplicates: [],
      actions: { retryIncident: true, resolveDuplicate: false },
    });
    expect(body.person.age).toBeGreaterThan(30);
    expect(body.request?.data).toMatchObject({ person: { name: 'Ørjan Åsheim', nationalId: orjan.nationalId }, applicantRole: 'proxy' });
    expect(body.request?.signature).toEqual({ fullName: 'Mona Åsheim', signedAt: expect.any(String), signerRole: 'proxy', identityVerified: false });
    expect(body.request?.attachment).toEqual({ name: 'fullmakt.pdf', size: expect.any(Number), url: `/api/staff/cases/${assessed.id}/attachment` });
    expect(body.timeline.map((entry) => [entry.key, entry.by])).toEqual([
      ['received', 'Mona Åsheim'],
      // The proxy's power of attorney, read in the signature check (test/support/cases.ts).
      ['signature-registered', null],
      ['assessed', 'Per Hansen'],
    ]);
    expect(body.openTasks.map((task) => [task.elementId, task.formKey, task.caseNumber, task.personName])).toEqual([
      ['Task_AppointCoordinator', 'coordinator-appointment', assessed.caseNumber, 'Ørjan Åsheim'],
    ]);
    // What Per may do on it, by the task rules: it waits in his unit's queue.
    expect(body.openTasks[0]).toMatchObject({ status: 'open', assignee: null, actions: { claim: true, unclaim: false, complete: false } });
    expect(body.doneTasks).toEqual([
      {
        id: expect.any(String),
        formKey: 'signed-request',
        name: expect.any(String),
        status: 'completed',
        closedAt: expect.any(String),
        completedBy: null,
        output: expect.objectContaining({ signedBy: 'power-of-attorney', valid: true }),
      },
      {
        id: expect.any(String),
        formKey: 'need-assessment',
        name: expect.any(String),
        status: 'completed',
        closedAt: expect.any(String),
        completedBy: { id: per.id, name: 'Per Hansen' },
        output: expect.objectContaining({ decision: 'plan-and-coordinator' }),
      },
    ]);
    expect(body.messages.map((m) => m.kind)).toEqual(['receipt']);
    expect(body.consent).toMatchObject({ active: true, withdrawnAt: null });
    expect(body.incidents).toEqual([
      { id: incidentId, elementId: 'Task_SendInterimReply', elementName: null, error: 'letter service unavailable', attempts: 3, openedAt: expect.any(String) },
    ]);
  });

  it('answers the coordinator of the case without incident retry, and is audited as a staff read', async () => {
    const before = new Date();
    const { status, body } = await getJson<StaffCaseDetail>(await signedIn(app, anne.id), `/api/staff/cases/${waiting.id}`);
    expect(status).toBe(200);
    expect(body.actions).toEqual({ retryIncident: false, resolveDuplicate: false });
    expect(body.openTasks.map((t) => t.elementId)).toEqual(['Task_AssessNeed']);
    const entries = await app.security.auditLog.model.find({ actorId: anne.id, time: { $gte: before }, action: { $regex: /^case\./ } }).lean();
    expect(entries.map((e) => [e.action, e.outcome, e.caseId, e.route])).toEqual([['case.read-as-staff', 'allowed', waiting.id, 'GET /api/staff/cases/:id']]);
  });

  it('draws the case’s diagram: its version’s BPMN with the active, completed and incident elements', async () => {
    const { status, body } = await getJson<CaseDiagram>(await signedIn(app, per.id), `/api/staff/cases/${assessed.id}/diagram`);
    expect(status).toBe(200);
    expect(body.xml).toMatch(/^<\?xml/);
    expect(body.xml).toContain('id="Task_AppointCoordinator"');
    expect(body.active).toContain('Task_AppointCoordinator');
    expect(body.active).not.toContain('Task_AssessNeed');
    expect(body.active).not.toContain('BoundaryEvent_ConsentWithdrawn');
    expect(body.completed).toEqual(expect.arrayContaining(['StartEvent_RequestReceived', 'Task_AssessNeed']));
    expect(body.completed).not.toContain('Task_AppointCoordinator');
    expect(body.incidents).toEqual(['Task_SendInterimReply']);
  });

  it('sends the signed request’s PDF to staff who may see the case', async () => {
    const browser = await signedIn(app, per.id);
    const res = await browser.api('GET', `/api/staff/cases/${assessed.id}/attachment`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('fullmakt.pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('is 404 for a case the user may not see, 403 for the person’s own case, with audit', async () => {
    const cases: [string, string, number][] = [
      [per.id, `/api/staff/cases/${otherUnit.id}`, 404],
      [per.id, `/api/staff/cases/${otherUnit.caseNumber}/diagram`, 404],
      [per.id, `/api/staff/cases/${otherUnit.id}/attachment`, 404],
      [anne.id, `/api/staff/cases/${assessed.id}`, 404],
      [anne.id, `/api/staff/cases/${assessed.id}/diagram`, 404],
      [siri.id, `/api/staff/cases/${assessed.id}`, 404],
      [per.id, '/api/staff/cases/aaaaaaaaaaaaaaaaaaaaaaaa', 404],
      [per.id, '/api/staff/cases/not-a-case', 400],
    ];
    for (const [userId, url, want] of cases) {
      const res = await (await signedIn(app, userId)).api('GET', url);
      expect([userId, url, res.status]).toEqual([userId, url, want]);
      const text = await res.text();
      expect(text).not.toContain(elsewhere.name);
      expect(text).not.toContain(otherUnit.caseNumber);
    }
    const denied = await app.security.auditLog.model.find({ actorId: per.id, caseId: otherUnit.id, outcome: 'denied' }).lean();
    expect(denied.length).toBeGreaterThanOrEqual(3);
    // A representative on the case may see the case itself, but the staff page is not for her: 403.
    const { Case } = app.cases!.context.models;
    await Case.updateOne({ _id: assessed.id }, { $addToSet: { representativeNationalIds: kari.nationalId } });
    const asParty = await (await signedIn(app, kari.id)).api('GET', `/api/staff/cases/${assessed.id}`);
    expect(asParty.status).toBe(403);
    await Case.updateOne({ _id: assessed.id }, { $pull: { representativeNationalIds: kari.nationalId } });
  });
});
