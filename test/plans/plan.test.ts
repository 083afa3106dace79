// The living plan through its API (server/http/routes/plans.ts) on the real process, engine and
// job worker: the coordinator's draft is saved as they type and two edits from the same revision
// give a conflict, not a lost update; sending freezes a version; an approved version is never
// changed; the difference of two versions names exactly the goals and measures added, removed and
// changed; a responsibility group member sees the plan only while the person's consent covers them;
// the plan's PDF is tagged, with title and language, its goals and measures in reading order.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import type { PlanDiff, PlanDraft, PlanReading, PlanVersion, PlanWorkspace } from '../../contract/plan.js';
import { AuditLog, attachAuditLog } from '../../server/audit/audit.js';
import type { SessionUser } from '../../server/auth/types.js';
import { createCaseContext } from '../../server/cases/index.js';
import { apiNotFound, errorHandler } from '../../server/http/errors.js';
import { caseRoutes } from '../../server/http/routes/cases.js';
import { planRoutes } from '../../server/http/routes/plans.js';
import { queueLetterJob, type LetterJobSpec } from '../../server/letters/jobs.js';
import { pdfBytes } from '../../server/letters/model.js';
import { planModels } from '../../server/plans/index.js';
import { completeTask, example, openCase, privateDetails, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let rig: LetterRig;
let server: Server;
let baseUrl: string;

const person: SessionUser = { id: 'de0000000000000000000001', name: 'Sigrid Fjellheim', role: 'citizen', nationalId: privateDetails.personNationalId };
const coordinator: SessionUser = { id: 'de0000000000000000000005', name: 'Anne Lie', role: 'coordinator', unitId: 'ke-eksempel' };
const otherCoordinator: SessionUser = { id: 'de0000000000000000000015', name: 'Bodil Aas', role: 'coordinator', unitId: 'ke-eksempel' };
const caseworker: SessionUser = { id: 'de0000000000000000000003', name: 'Per Hansen', role: 'ke-caseworker', unitId: 'ke-eksempel' };
const member: SessionUser = { id: 'de0000000000000000000006', name: 'Jonas Dahl', role: 'group-member' };
const outsider: SessionUser = { id: 'de0000000000000000000016', name: 'Eva Dal', role: 'group-member' };

let auditLog: AuditLog;

beforeAll(async () => {
  rig = await startLetterRig('plan-api');
  const context = {
    ...(await createCaseContext({ db: rig.t.connection, engine: rig.t.runtime, logger: rig.t.logger, unitId: 'ke-eksempel', municipalityName: 'Eksempel kommune', clock: rig.t.clock })),
    queueLetter: (job: LetterJobSpec) => queueLetterJob(rig.jobQueue, job),
  };
  auditLog = new AuditLog(rig.t.connection);
  await auditLog.ensureIndexes();
  const app = express();
  app.use(express.json());
  app.use('/api', (req, _res, next) => {
    attachAuditLog(req, auditLog);
    const user = req.get('x-test-user');
    if (user) req.user = JSON.parse(user) as SessionUser;
    next();
  });
  app.use('/api', caseRoutes({ context }), planRoutes({ context }));
  app.use('/api', apiNotFound);
  app.use(errorHandler(rig.t.logger));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rig?.close();
});

async function call<T = unknown>(method: string, url: string, user: SessionUser, body?: unknown, language = 'nb'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { 'x-test-user': JSON.stringify(user), 'Accept-Language': language, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: (type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer())) as T };
}

/** A case with its coordinator appointed and a responsibility group with Jonas Dahl as a user: the plan task is open. */
async function caseAtDrafting(options: { writtenForm?: 'nb' | 'nn' } = {}) {
  const opened = await openCase(rig, options);
  const id = opened.caseId.toHexString();
  await completeTask(rig, opened.instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'plan-and-coordinator' }));
  await completeTask(rig, opened.instanceId, 'Task_AppointCoordinator', example('coordinator-appointment', { coordinatorUserId: coordinator.id, coordinatorName: coordinator.name, establishResponsibilityGroup: true }));
  await waitFor('the coordinator on the case', () => rig.cases.Case.findOne({ _id: opened.caseId, coordinatorId: coordinator.id }).lean());
  await completeTask(
    rig,
    opened.instanceId,
    'Task_EstablishResponsibilityGroup',
    example('responsibility-group', { members: [{ name: member.name, role: 'Fysioterapeut, kommunen', responsibility: 'Trening', userId: member.id }] }),
    { id: coordinator.id },
  );
  await waitFor('the group on the case', () => rig.cases.Case.findOne({ _id: opened.caseId, groupMemberIds: member.id }).lean());
  return { ...opened, id };
}

const draftOf = (overrides: Partial<PlanDraft> = {}): PlanDraft => ({
  goals: [
    { id: 'g1', goal: 'Jeg vil gå til jobben selv.' },
    { id: 'g2', goal: 'Jeg vil lage middag to dager i uka.' },
  ],
  participants: [{ name: 'Sigrid Fjellheim', role: 'Personen selv' }],
  measures: [
    { id: 'm1', goalId: 'g1', what: 'Gåtrening med fysioterapeut', scope: 'To ganger i uka', responsibleKind: 'service', responsible: 'Jonas Dahl, fysioterapeut', responsibleUserId: member.id, how: 'Hjemme og ute', from: '2026-01-05', byWhen: '2026-06-30', status: 'planned' },
    { id: 'm2', goalId: 'g2', what: 'Matlaging med hjemmetjenesten', responsibleKind: 'service', responsible: 'Hjemmetjenesten', byWhen: '2026-05-31', status: 'planned' },
    { id: 'm3', goalId: 'g2', what: 'Handleliste hver søndag', responsibleKind: 'person', responsible: 'Sigrid', byWhen: '2026-05-31', status: 'planned' },
  ],
  otherPlans: [],
  resourcesAndNeeds: 'Sigrid er motivert og har god støtte.',
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  nextReviewOn: '2026-06-15',
  ...overrides,
});

async function workspace(id: string, user: SessionUser = coordinator): Promise<PlanWorkspace> {
  const answer = await call<PlanWorkspace>('GET', `/api/cases/${id}/plan/workspace`, user);
  expect(answer.status).toBe(200);
  return answer.body;
}

async function sendDraft(id: string, draft: PlanDraft): Promise<number> {
  const { revision } = await workspace(id);
  const saved = await call<{ revision: number }>('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision, draft });
  expect(saved.status).toBe(200);
  const sent = await call<{ version: number }>('POST', `/api/cases/${id}/plan/send`, coordinator, { revision: saved.body.revision });
  expect(sent.status).toBe(200);
  return sent.body.version;
}

describe('the plan workspace', () => {
  it('saves the draft as the coordinator types; a second edit from the same revision is a conflict and changes nothing', async () => {
    const { id } = await caseAtDrafting();
    const start = await workspace(id);
    expect(start.phase).toBe('drafting');
    // The group from the responsibility-group task, with Jonas Dahl as a user.
    expect(start.group.members).toEqual([expect.objectContaining({ name: member.name, userId: member.id })]);

    const first = await call<{ revision: number; savedAt: string }>('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision: start.revision, draft: draftOf() });
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(start.revision + 1);

    // Someone (here the unit's case worker) edits from the revision the coordinator started from: refused, not written.
    const stale = await call<{ errors: { field: string; message: string }[] }>('PUT', `/api/cases/${id}/plan/draft`, caseworker, { revision: start.revision, draft: draftOf({ goals: [] }) }, 'nn');
    expect(stale.status).toBe(409);
    expect(stale.body.errors).toEqual([{ field: 'revision', message: expect.stringContaining('Nokon andre har lagra planen') }]);
    const after = await workspace(id);
    expect(after.revision).toBe(first.body.revision);
    expect(after.draft.goals.map((g) => g.id)).toEqual(['g1', 'g2']);
    expect(after.draftSavedBy).toBe(coordinator.name);

    // Two saves at once from the same revision: exactly one is kept.
    const both = await Promise.all([
      call('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision: after.revision, draft: draftOf({ resourcesAndNeeds: 'A' }) }),
      call('PUT', `/api/cases/${id}/plan/draft`, caseworker, { revision: after.revision, draft: draftOf({ resourcesAndNeeds: 'B' }) }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both[0]!.status === 200 ? 'A' : 'B';
    expect((await workspace(id)).draft.resourcesAndNeeds).toBe(winner);

    // Bad input: a clear error naming the field, nothing saved.
    const bad = await call<{ errors: { field: string; message: string }[] }>('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision: after.revision + 1, draft: { ...draftOf(), periodFrom: '31.12.2026' } }, 'en');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([{ field: 'draft.periodFrom', message: 'Enter the date as dd.mm.yyyy.' }]);
    // A coordinator of another case may not even see it.
    expect((await call('GET', `/api/cases/${id}/plan/workspace`, otherCoordinator)).status).toBe(404);
  });

  it('every save is in the audit log; the person’s access log shows one sitting over the plan as one line', async () => {
    const { id } = await caseAtDrafting();
    let { revision } = await workspace(id);
    const before = await auditLog.count({ caseId: id, action: 'plan.update' });
    for (const resourcesAndNeeds of ['Sigrid', 'Sigrid er', 'Sigrid er motivert.']) {
      const saved = await call<{ revision: number }>('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision, draft: draftOf({ resourcesAndNeeds }) });
      expect(saved.status).toBe(200);
      revision = saved.body.revision;
    }
    const saves = await auditLog.search({ caseId: id, action: 'plan.update', limit: 3 });
    expect(saves.map((entry) => entry.actorName)).toEqual([coordinator.name, coordinator.name, coordinator.name]);
    await expect(auditLog.count({ caseId: id, action: 'plan.update' })).resolves.toBe(before + 3);
    const lines = await auditLog.accessLog(id, person.id);
    expect(lines.filter((line) => line.action === 'plan.update').map((line) => line.name)).toEqual([coordinator.name]);
  });

  it('the group keeps its members and meetings under its own revision, and its users become the case’s group members', async () => {
    const { id, caseId } = await caseAtDrafting();
    const start = await workspace(id);
    const group = {
      members: [
        { id: 'p1', name: member.name, kind: 'professional', organisation: 'Kommunen', role: 'Fysioterapeut', userId: member.id },
        { id: 'p2', name: 'Aisha Rahimi', kind: 'professional', organisation: 'Solberg skole', role: 'Kontaktlærer', contact: 'aisha@skole.example.no' },
      ],
      meetings: [{ id: 't1', at: '2026-01-10T09:00', place: 'Rådhuset', agenda: 'Mål', attendeeIds: ['p1', 'p2'], minutes: 'Vi ble enige om målene.', followUps: [{ id: 'f1', text: 'Søke om hjelpemidler', responsible: 'Aisha', dueOn: '2026-02-01' }] }],
    };
    const saved = await call<{ revision: number }>('PUT', `/api/cases/${id}/plan/group`, coordinator, { revision: start.groupRevision, group });
    expect(saved.status).toBe(200);
    expect((await call('PUT', `/api/cases/${id}/plan/group`, coordinator, { revision: start.groupRevision, group: { members: [], meetings: [] } })).status).toBe(409);
    const after = await workspace(id);
    expect(after.group.meetings[0]).toMatchObject({ minutes: 'Vi ble enige om målene.', attendeeIds: ['p1', 'p2'] });
    expect((await rig.cases.Case.findById(caseId).lean())?.groupMemberIds).toEqual([member.id]);
    const badTime = await call<{ errors: { field: string }[] }>('PUT', `/api/cases/${id}/plan/group`, coordinator, { revision: saved.body.revision, group: { ...group, meetings: [{ ...group.meetings[0], at: 'i morgen' }] } });
    expect(badTime.status).toBe(422);
    expect(badTime.body.errors.map((e) => e.field)).toEqual(['group.meetings[0].at']);
  });
});

describe('versions', () => {
  it('sending freezes a version; the person asks for changes, then approves; an approved version is never changed', async () => {
    const { id, caseId } = await caseAtDrafting();
    // An incomplete draft is not sent: the fields that are missing, nothing frozen.
    const { revision } = await workspace(id);
    const incomplete = await call<{ revision: number }>('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision, draft: draftOf({ measures: [] }) });
    const refused = await call<{ errors: { field: string; message: string }[] }>('POST', `/api/cases/${id}/plan/send`, coordinator, { revision: incomplete.body.revision });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ field: 'measures', message: 'Legg til minst ett tiltak.' }]);
    expect(await planModels(rig.t.connection).PlanVersion.countDocuments({ caseId })).toBe(0);

    expect(await sendDraft(id, draftOf())).toBe(1);
    expect((await workspace(id)).phase).toBe('awaiting-approval');
    // Nothing more to send while the person reads it.
    const again = await call('POST', `/api/cases/${id}/plan/send`, coordinator, { revision: (await workspace(id)).revision });
    expect(again.status).toBe(409);

    const reading = await call<PlanReading>('GET', `/api/cases/${id}/plan`, person);
    expect(reading.body.version).toMatchObject({ number: 1, status: 'sent', coordinator: { name: 'Anne Lie' } });
    expect(reading.body.changes).toBeNull();
    expect(reading.body.changesSince).toBeNull();
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: false, requestedChanges: 'Mer om trening, takk.', version: 1 })).status).toBe(200);

    const changed = draftOf();
    changed.measures[0] = { ...changed.measures[0]!, scope: 'Tre ganger i uka' };
    expect(await sendDraft(id, changed)).toBe(2);
    // The person answered version 1 already; an answer naming it now is refused.
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true, version: 1 })).status).toBe(409);
    const second = await call<PlanReading>('GET', `/api/cases/${id}/plan`, person);
    expect(second.body.version?.number).toBe(2);
    // None approved yet: the person sees what changed since the version they were sent before.
    expect(second.body.changesSince).toBe('previous');
    expect(second.body.changes).toMatchObject({ from: 1, to: 2, goals: { added: [], removed: [], changed: [] }, measures: { added: [], removed: [], changed: [{ after: { id: 'm1' }, fields: ['scope'] }] }, parts: [] });
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true, version: 2 })).status).toBe(200);

    const versions = await call<{ versions: { number: number; status: string; comment: string | null }[] }>('GET', `/api/cases/${id}/plan/versions`, coordinator);
    expect(versions.body.versions.map(({ number, status, comment }) => ({ number, status, comment }))).toEqual([
      { number: 1, status: 'changes-requested', comment: 'Mer om trening, takk.' },
      { number: 2, status: 'approved', comment: null },
    ]);
    expect((await call('GET', `/api/cases/${id}/plan/versions`, person)).status).toBe(403);

    // The draft goes on; the approved version stays as it was.
    const ws = await workspace(id);
    expect(ws.phase).toBe('active');
    const edited = await call('PUT', `/api/cases/${id}/plan/draft`, coordinator, { revision: ws.revision, draft: draftOf({ goals: [{ id: 'g1', goal: 'Endret' }] }) });
    expect(edited.status).toBe(200);
    const v2 = await call<PlanVersion>('GET', `/api/cases/${id}/plan/versions/2`, coordinator);
    expect(v2.body.content.goals[0]).toEqual({ id: 'g1', goal: 'Jeg vil gå til jobben selv.' });
    expect(v2.body.content.measures[0]?.scope).toBe('Tre ganger i uka');
    // Nor can anything below the API change it: the model refuses.
    const { PlanVersion: Versions } = planModels(rig.t.connection);
    await expect(Versions.updateOne({ _id: `${id}-2` }, { $set: { 'content.goals': [] } })).rejects.toThrow(/frozen/);
    await expect(Versions.updateOne({ _id: `${id}-2`, status: 'sent' }, { $set: { content: {} } })).rejects.toThrow(/frozen/);
    // A second answer finds nothing waiting.
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: false, requestedChanges: 'Nei' })).status).toBe(409);
    expect((await Versions.findById(`${id}-2`).lean())?.status).toBe('approved');
  });

  it('a version waiting for approval or approved goes to the person as a letter with the plan attached, once', async () => {
    const { id, caseId } = await caseAtDrafting({ writtenForm: 'nn' });
    expect(await sendDraft(id, draftOf())).toBe(1);
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: false, requestedChanges: 'Meir om trening.', version: 1 })).status).toBe(200);
    expect(await sendDraft(id, draftOf())).toBe(2);
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true, version: 2 })).status).toBe(200);

    // A version the person asked to change is not sent; nor one that does not exist; nor by a group member.
    const old = await call<{ errors: { message: string }[] }>('POST', `/api/cases/${id}/plan/versions/1/letter`, coordinator, {}, 'en');
    expect(old.status).toBe(409);
    expect(old.body.errors[0]?.message).toBe('Only the version waiting for approval, or the approved one, can be sent as a letter.');
    expect((await call('POST', `/api/cases/${id}/plan/versions/9/letter`, coordinator)).status).toBe(409);
    expect((await call('POST', `/api/cases/${id}/plan/versions/x/letter`, coordinator)).status).toBe(400);
    expect([403, 404]).toContain((await call('POST', `/api/cases/${id}/plan/versions/2/letter`, member)).status);

    const sent = await call<{ alreadySent: boolean }>('POST', `/api/cases/${id}/plan/versions/2/letter`, coordinator);
    expect(sent).toEqual({ status: 202, body: { alreadySent: false } });
    const letter = await waitFor('the plan letter', () => rig.letters.findOne({ caseId, template: 'plan-version' }).lean());
    expect(letter.title).toBe('Individuell plan for Sigrid Fjellheim, versjon 2');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-letter-'));
    try {
      const file = path.join(dir, 'letter.pdf');
      writeFileSync(file, pdfBytes(letter.pdf));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      // The letter in the person's written form, then the plan as its attachment.
      expect(text).toContain('slik han vart godkjend (versjon 2)');
      expect(text).toContain('Vedlegg: Individuell plan, versjon 2');
      expect(text.indexOf('Jeg vil gå til jobben selv.')).toBeGreaterThan(text.indexOf('Vedlegg: Individuell plan, versjon 2'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The person is told a letter is ready, once.
    await waitFor('the letter-ready notification', () => rig.notifications.findById(`letter-ready-${letter._id.toHexString()}`).lean());

    // Asked again: the letter of this version exists, nothing new is written.
    expect(await call('POST', `/api/cases/${id}/plan/versions/2/letter`, coordinator)).toEqual({ status: 200, body: { alreadySent: true } });
    expect(await rig.letters.countDocuments({ caseId, template: 'plan-version' })).toBe(1);
  });

  it('the difference of two versions lists exactly the goals and measures added, removed and changed', async () => {
    const { id } = await caseAtDrafting();
    expect(await sendDraft(id, draftOf())).toBe(1);
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: false, requestedChanges: 'Endre' })).status).toBe(200);
    const next = draftOf();
    next.goals = [next.goals[0]!, { id: 'g3', goal: 'Jeg vil gå på kino med en venn.' }]; // g2 removed, g3 added
    next.measures = [
      { ...next.measures[0]!, byWhen: '2026-08-31', status: 'ongoing' }, // m1 changed
      { ...next.measures[1]! }, // m2 the same
      { id: 'm4', goalId: 'g3', what: 'Støttekontakt en kveld i måneden', responsibleKind: 'service', responsible: 'Kulturtjenesten', byWhen: '2026-12-31', status: 'planned' }, // added; m3 removed
    ];
    next.resourcesAndNeeds = 'Ny tekst';
    expect(await sendDraft(id, next)).toBe(2);

    const diff = await call<PlanDiff>('GET', `/api/cases/${id}/plan/diff?from=1&to=2`, coordinator);
    expect(diff.status).toBe(200);
    const ids = (items: { id: string }[]) => items.map((i) => i.id);
    expect({
      goalsAdded: ids(diff.body.goals.added),
      goalsRemoved: ids(diff.body.goals.removed),
      goalsChanged: diff.body.goals.changed.map((c) => c.after.id),
      measuresAdded: ids(diff.body.measures.added),
      measuresRemoved: ids(diff.body.measures.removed),
      measuresChanged: diff.body.measures.changed.map((c) => ({ id: c.after.id, fields: c.fields })),
      parts: diff.body.parts,
    }).toEqual({
      goalsAdded: ['g3'],
      goalsRemoved: ['g2'],
      goalsChanged: [],
      measuresAdded: ['m4'],
      measuresRemoved: ['m3'],
      measuresChanged: [{ id: 'm1', fields: ['byWhen', 'status'] }],
      parts: ['resourcesAndNeeds'],
    });
    // The person sees the same difference against the version they approved, once they have approved one.
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true, version: 2 })).status).toBe(200);
    expect((await call('GET', `/api/cases/${id}/plan/diff?from=1&to=9`, coordinator)).status).toBe(404);
    expect((await call('GET', `/api/cases/${id}/plan/diff?from=x&to=2`, coordinator)).status).toBe(400);
  });
});

describe('the responsibility group member', () => {
  it('sees the approved plan and reports on their own measure while consent covers them; without covering consent, 404', async () => {
    const { id, caseId } = await caseAtDrafting();
    expect(await sendDraft(id, draftOf())).toBe(1);
    // Nothing approved yet: the member sees no version.
    expect((await call<PlanReading>('GET', `/api/cases/${id}/plan`, member)).body.version).toBeNull();
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true })).status).toBe(200);

    const reading = await call<PlanReading>('GET', `/api/cases/${id}/plan`, member);
    expect(reading.status).toBe(200);
    expect(reading.body.version?.number).toBe(1);
    expect(reading.body.ownMeasureIds).toEqual(['m1']);
    const list = await call<{ plans: { caseId: string; ownMeasures: number }[] }>('GET', '/api/plans', member);
    expect(list.body.plans.filter((p) => p.caseId === id)).toEqual([expect.objectContaining({ caseId: id, ownMeasures: 1 })]);

    expect((await call('POST', `/api/cases/${id}/plan/measures/m1/reports`, member, { status: 'ongoing', note: 'Første økt gjennomført.' })).status).toBe(201);
    // Not their measure: 403; a report without a valid status: 422 naming the field.
    expect((await call('POST', `/api/cases/${id}/plan/measures/m2/reports`, member, { status: 'done' })).status).toBe(403);
    const bad = await call<{ errors: { field: string }[] }>('POST', `/api/cases/${id}/plan/measures/m1/reports`, member, { status: 'finished' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['status']);
    expect((await workspace(id)).reports).toEqual([expect.objectContaining({ measureId: 'm1', status: 'ongoing', byName: member.name })]);

    // Someone who is not in the group: 404 everywhere, as if the case did not exist.
    expect((await call('GET', `/api/cases/${id}/plan`, outsider)).status).toBe(404);
    expect((await call('GET', `/api/cases/${id}/plan.pdf`, outsider)).status).toBe(404);

    // The person shares with named members only, not Jonas: his access ends.
    await rig.cases.Case.updateOne({ _id: caseId }, { $set: { 'consent.sharing': [] } });
    const sharedWithOthers = await rig.cases.Case.updateOne({ _id: caseId }, { $set: { consent: { active: false, givenAt: new Date(), sharing: [], validUntil: null, withdrawnAt: new Date() } } });
    expect(sharedWithOthers.modifiedCount).toBe(1);
    expect((await call('GET', `/api/cases/${id}/plan`, member)).status).toBe(404);
    expect((await call('POST', `/api/cases/${id}/plan/measures/m1/reports`, member, { status: 'done' })).status).toBe(404);
    expect((await call<{ plans: { caseId: string }[] }>('GET', '/api/plans', member)).body.plans.filter((p) => p.caseId === id)).toEqual([]);
  });
});

describe('the review', () => {
  it('opens on its date or earlier on request, assesses each goal and goes back to drafting on revise', async () => {
    const { id } = await caseAtDrafting();
    expect(await sendDraft(id, draftOf())).toBe(1);
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: true })).status).toBe(200);
    expect((await workspace(id)).canStartReview).toBe(true);
    expect((await call('POST', `/api/cases/${id}/plan/review/start`, coordinator, {})).status).toBe(200);
    expect((await workspace(id)).phase).toBe('reviewing');
    expect((await call('POST', `/api/cases/${id}/plan/review/start`, coordinator, {})).status).toBe(409);

    const missing = await call<{ errors: { field: string }[] }>('POST', `/api/cases/${id}/plan/review`, coordinator, { reviewedOn: '2026-06-15', summary: 'Godt', goals: [{ goalId: 'g1' }], outcome: 'revise' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e) => e.field)).toEqual(['goals[0].assessment']);
    const reviewed = await call('POST', `/api/cases/${id}/plan/review`, coordinator, {
      reviewedOn: '2026-06-15',
      summary: 'Gåtreningen har gitt resultater.',
      goals: [
        { goalId: 'g1', assessment: 'achieved', comment: 'Går til jobben selv.' },
        { goalId: 'g2', assessment: 'partly' },
      ],
      outcome: 'revise',
    });
    expect(reviewed.status).toBe(200);
    const after = await workspace(id);
    expect(after.phase).toBe('drafting');
    expect(after.reviews).toEqual([expect.objectContaining({ version: 1, outcome: 'revise', goals: [expect.objectContaining({ goalId: 'g1', assessment: 'achieved' }), expect.objectContaining({ goalId: 'g2', assessment: 'partly' })] })]);
  });
});

describe('the plan as PDF', () => {
  it('is tagged, with title and the person’s language, the goals and measures in reading order; any version; audited', async () => {
    const { id } = await caseAtDrafting({ writtenForm: 'nn' });
    expect(await sendDraft(id, draftOf())).toBe(1);
    expect((await call('POST', `/api/cases/${id}/plan-approval`, person, { approved: false, requestedChanges: 'Endre' })).status).toBe(200);
    const second = draftOf();
    second.goals.push({ id: 'g9', goal: 'Jeg vil ta bussen alene.' });
    expect(await sendDraft(id, second)).toBe(2);

    const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-pdf-'));
    try {
      for (const [query, goals] of [['', 3], ['?version=1', 2]] as const) {
        const pdf = await call<Buffer>('GET', `/api/cases/${id}/plan.pdf${query}`, person);
        expect(pdf.status).toBe(200);
        const file = path.join(dir, `plan${goals}.pdf`);
        writeFileSync(file, pdf.body);
        const quiet = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'] };
        const info = execFileSync('pdfinfo', [file], quiet);
        expect(info).toMatch(/^Tagged:\s+yes$/m);
        expect(info).toMatch(new RegExp(`^Title:\\s+Individuell plan, versjon ${goals === 3 ? 2 : 1}$`, 'm'));
        expect(execFileSync('pdfinfo', ['-meta', file], quiet)).toMatch(/<dc:language>[\s\S]*nn[\s\S]*<\/dc:language>|xml:lang="nn/);
        const text = execFileSync('pdftotext', [file, '-'], quiet).replace(/\s+/g, ' ');
        const order = ['Saksnummer', 'Mål (a)', 'Jeg vil gå til jobben selv.', 'Jeg vil lage middag to dager i uka.', ...(goals === 3 ? ['Jeg vil ta bussen alene.'] : []), 'Kven som deltek', 'Koordinator (c)', 'Anne Lie', 'Tiltak 1: Gåtrening med fysioterapeut', 'Jonas Dahl, fysioterapeut', 'Tiltak 2: Matlaging med hjemmetjenesten', 'Tiltak 3: Handleliste hver søndag', 'Planperiode', 'Samtykke (h)'];
        const positions = order.map((needle) => text.indexOf(needle));
        expect(order.filter((_, i) => positions[i]! < 0)).toEqual([]);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A version that does not exist: 404; an outsider: 404.
    expect((await call('GET', `/api/cases/${id}/plan.pdf?version=7`, person)).status).toBe(404);
    const audited = await rig.t.connection.collection('auditlog').countDocuments({ action: 'plan.pdf-download', caseId: id });
    expect(audited).toBe(2);
  });
});
