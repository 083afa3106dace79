import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey } from '../../forms/index.js';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { Types } from 'mongoose';
import { toAccessFacts, type CaseDoc } from '../../server/cases/index.js';
import type { AuditOutcome } from '../../server/audit/model.js';
import { can, type ActionOf, type CaseAccessFacts, type FactsOf, type ResourceName } from '../../server/policies/index.js';
import type { SessionUser } from '../../server/auth/types.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { grantedAssessment, openCase, openCaseAwaitingApproval, type OpenedCase, type Party } from '../support/cases.js';
import { engineModels, type TaskDoc } from '../../server/engine/index.js';
import { storeDefinition } from '../staff-cases/support.js';

/**
 * The access matrix: every endpoint × every role × own/other case (or own/other user), with the
 * expected answer in each cell; every cell is also checked for leaks and for its audit entry. The
 * app is the product's (createApp with the real security part) with the real request and case
 * routes over a real engine runtime running processes/individual-plan.bpmn; the cases are opened
 * through the request command and driven to the person's plan approval. To put a new endpoint
 * under test, add one line to `endpoints`.
 */
const actors = ['anonymous', 'citizen', 'representative', 'ke-caseworker', 'ke-lead', 'coordinator', 'group-member', 'process-owner', 'admin'] as const;
type Actor = (typeof actors)[number];

const fictional = (name: string) => {
  const user = fictionalUsers.find((u) => u.name === name);
  if (!user) throw new Error(name);
  return user;
};
const people: Record<Exclude<Actor, 'anonymous'>, (typeof fictionalUsers)[number]> = {
  citizen: fictional('Kari Nordmann'),
  representative: fictional('Ola Nordmann'),
  'ke-caseworker': fictional('Per Hansen'),
  'ke-lead': fictional('Liv Berg'),
  coordinator: fictional('Anne Lie'),
  'group-member': fictional('Jonas Dahl'),
  'process-owner': fictional('Siri Moe'),
  admin: fictional('Arne Strand'),
};

/**
 * Two cases: one that is "own" for every role at once (each in their own way: Kari is the person,
 * Ola her representative, Anne the coordinator, Jonas in the responsibility group, all in the unit
 * of Per and Liv), and one of another unit that is nobody's. Both wait for the person's approval of
 * the plan, so every case action is possible on them.
 */
const party = (person: (typeof fictionalUsers)[number]): Party => ({ name: person.name, nationalId: person.nationalId! });
const otherPerson: Party = { name: 'Skjult Person', nationalId: makeNationalId('1970-01-03', { synthetic: true }) };
const otherRepresentative: Party = { name: 'Skjult Fullmektig', nationalId: makeNationalId('1970-01-04', { synthetic: true }) };
const otherUnitId = 'ke-annen';
const ownStaff = () => ({ coordinatorId: people.coordinator.id, groupMemberIds: [people['group-member'].id] });
const otherStaff = { coordinatorId: 'aa0000000000000000000099', groupMemberIds: ['aa0000000000000000000098'] };
let ownCase: OpenedCase;
let otherCase: OpenedCase;
/** An open incident on each case's process (a service step that kept failing), for the incident rows. */
let ownIncidentId: string;
let otherIncidentId: string;
/** A need assessment of the unit waiting in the queue, and the other case's open task. */
let ownTaskId: string;
let otherTaskId: string;

/** Fixed facts for the rules table (the same shape as the real cases above). */
const ownFacts: CaseAccessFacts = {
  id: 'ca0000000000000000000001',
  caseNumber: 'IP-2026-000101',
  personNationalId: people.citizen.nationalId!,
  representativeNationalIds: [people.representative.nationalId!],
  unitId: fictionalUnitId,
  coordinatorId: people.coordinator.id,
  groupMemberIds: [people['group-member'].id],
  consent: { active: true, sharedWith: 'group' },
};
const otherFacts: CaseAccessFacts = {
  id: 'ca0000000000000000000002',
  caseNumber: 'IP-2026-000202',
  personNationalId: otherPerson.nationalId,
  representativeNationalIds: [otherRepresentative.nationalId],
  unitId: otherUnitId,
  ...otherStaff,
  consent: { active: true, sharedWith: 'group' },
};
const secretActorName = 'Skjult Saksbehandler';
const ownNationalIds = [people.citizen.nationalId!, people.representative.nationalId!];
const otherNationalIds = [otherPerson.nationalId, otherRepresentative.nationalId, requestForm.example.person.nationalId];
const parties = ['citizen', 'representative'] as const;
const caseStaff = ['ke-caseworker', 'ke-lead', 'coordinator'] as const;
/** Who may read the own case (GET /api/cases/:id), and so see the identity numbers in its request. */
const caseReaders: readonly Actor[] = [...parties, ...caseStaff];

type Cell = number | readonly [own: number, other: number];
type Expectations = { default: Cell } & Partial<Record<Actor, Cell>>;
interface Context {
  readonly side: 'own' | 'other';
  readonly actor: Actor;
  /** The user id in audit entries ('anonymous' when not signed in). */
  readonly actorId: string;
  readonly caseId: string;
  readonly caseNumber: string;
  readonly userId: string;
  /** An incident of the case's process. */
  readonly incidentId: string;
  readonly serial: number;
  /** Task rows: the task the call is about (own: a need assessment of the unit; other: the other case's open task). */
  readonly taskId: string;
}
interface Endpoint {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  readonly path: string;
  readonly expect: Expectations;
  readonly body?: (ctx: Context) => unknown;
  /** Extra checks of a 2xx answer. */
  readonly check?: (body: unknown, ctx: Context) => void;
  /** The call changes the case: each own cell expected to succeed gets a case of its own, opened and driven like ownCase. */
  readonly fresh?: boolean;
  /**
   * The audit entry the call must leave (by this actor, on this case, with this outcome); by default
   * none. `caseAudit(action)`: allowed for a 2xx, denied for 403 and 404.
   */
  readonly audited?: (ctx: Context, status: number, body: unknown) => ExpectedAudit | null;
  /** Who may see the own case's identity numbers in this answer (nobody ever sees the other case's). */
  readonly nationalIdsTo?: readonly Actor[];
  /** Who may see the other case's id and number in this answer (the admins' audit search). */
  readonly otherCaseTo?: readonly Actor[];
  /** Task rows: each own cell of the work-queue roles gets a need assessment of its own, claimed by this actor if given. */
  readonly task?: { readonly claimedBy?: 'ke-caseworker' };
}
interface ExpectedAudit {
  readonly action: string;
  readonly outcome: AuditOutcome;
  /** undefined: an entry without a case (a request refused before a case existed). */
  readonly caseId?: string;
}

const signedInOnly = (grants: Partial<Record<Actor, Cell>>): Expectations => ({ default: 403, anonymous: 401, ...grants });
/** Case routes: 401 without sign-in, 404 for a case the user may not see, 403 for one they may see but not change. */
const caseAction = (grants: Partial<Record<Actor, Cell>>): Expectations => ({
  default: 404,
  anonymous: 401,
  citizen: [200, 404],
  representative: [200, 404],
  'ke-caseworker': [403, 404],
  'ke-lead': [403, 404],
  coordinator: [403, 404],
  // May read the plan (the consent covers them), so the case is not hidden from them.
  'group-member': [403, 404],
  ...grants,
});
/** Incident routes: the unit's KE case workers (the lead among them) and admins; 403 for others who may see the case, 404 for the rest. */
const incidentAction = (granted: number): Expectations => ({
  ...caseAction({}),
  citizen: [403, 404],
  representative: [403, 404],
  'ke-caseworker': [granted, 404],
  'ke-lead': [granted, 404],
});
/** Staff case routes: the case's staff (403 for the person and the group member, who may see the case otherwise). */
const staffCaseAction = (granted: number): Expectations => ({
  ...caseAction({}),
  citizen: [403, 404],
  representative: [403, 404],
  'ke-caseworker': [granted, 404],
  'ke-lead': [granted, 404],
  coordinator: [granted, 404],
});
/** The audit entry of a call that passed the access check (allowed), also when the engine then refused it (409). */
const accessAudit =
  (action: string) =>
  (ctx: Context, status: number): ExpectedAudit | null =>
    status === 401 ? null : { action, outcome: status === 403 || status === 404 ? 'denied' : 'allowed', caseId: ctx.caseId };
const caseAudit =
  (action: string) =>
  (ctx: Context, status: number): ExpectedAudit | null =>
    status === 401 ? null : { action, outcome: status < 300 ? 'allowed' : 'denied', caseId: ctx.caseId };

/** Task routes: the work-queue roles (KE case workers, the lead, coordinators) may see the unit's or their tasks; every other role gets 403, and 404 for a task not theirs to see. */
const queueRoles = ['ke-caseworker', 'ke-lead', 'coordinator'] as const;
const taskAction = (grants: Partial<Record<Actor, Cell>>): Expectations => ({ ...signedInOnly({}), 'ke-caseworker': [403, 404], 'ke-lead': [403, 404], coordinator: 404, ...grants });
const queueOnly = signedInOnly({ 'ke-caseworker': 200, 'ke-lead': 200, coordinator: 200 });
/** Task calls are audited against the task's case; a role without a work queue is refused (and audited) before any task is read. */
const taskAudit =
  (action: string) =>
  (ctx: Context, status: number): ExpectedAudit | null =>
    (queueRoles as readonly Actor[]).includes(ctx.actor) ? caseAudit(action)(ctx, status) : status === 401 ? null : { action, outcome: 'denied' };

// prettier-ignore
const endpoints: Endpoint[] = [
  { method: 'GET', path: '/api/settings', expect: { default: 200 } },
  { method: 'GET', path: '/api/auth/session', expect: { default: 200 } },
  { method: 'GET', path: '/api/auth/dev/users', expect: { default: 200 } },
  { method: 'GET', path: '/api/admin/users', expect: signedInOnly({ admin: 200 }), check: (body) => expect(JSON.stringify(body)).not.toMatch(/nationalId/) },
  { method: 'POST', path: '/api/admin/users', expect: signedInOnly({ admin: 201 }), body: (ctx) => ({ name: 'Ny Ansatt', role: 'coordinator', login: `ny.ansatt.${ctx.serial}@testvik.no` }) },
  { method: 'PATCH', path: '/api/admin/users/:user', expect: signedInOnly({ admin: 200 }), body: () => ({ name: 'Endret Navn' }) },
  { method: 'GET', path: '/api/audit?caseId=:case', expect: signedInOnly({ 'ke-lead': 200, admin: 200 }), check: auditEntriesInScope, otherCaseTo: ['admin'] },
  { method: 'GET', path: '/api/audit?caseId=:caseNumber', expect: signedInOnly({ 'ke-lead': 200, admin: 200 }), check: auditEntriesInScope, otherCaseTo: ['admin'] },
  // The coordinating unit's overview and its open incidents: the unit's KE case workers only.
  { method: 'GET', path: '/api/overview', expect: signedInOnly({ 'ke-caseworker': 200, 'ke-lead': 200 }) },
  { method: 'GET', path: '/api/incidents', expect: signedInOnly({ 'ke-caseworker': 200, 'ke-lead': 200 }) },
  { method: 'GET', path: '/api/admin/users/:user/open-tasks', expect: signedInOnly({ admin: 200 }) },
  { method: 'GET', path: '/api/cases/:case/access-log', expect: caseAction({ 'ke-lead': [200, 404] }), check: accessLogShape, audited: caseAudit('case.read-access-log') },
  { method: 'GET', path: '/api/cases/:caseNumber/access-log', expect: caseAction({ 'ke-lead': [200, 404] }), check: accessLogShape, audited: caseAudit('case.read-access-log') },
  // The request form: anyone may send one, signed in or not; a signed-in citizen only as the signer (own: about themselves or their child; other: signed by someone else).
  { method: 'POST', path: '/api/requests', expect: { default: 201, citizen: [201, 422], representative: [201, 422] }, body: requestBody, check: receiptShape, audited: requestAudit },
  { method: 'GET', path: '/api/cases', expect: { default: 200, anonymous: 401 }, check: caseListShape, audited: (ctx, status) => (status === 200 && ctx.side === 'own' && caseReaders.includes(ctx.actor) ? { action: 'case.list', outcome: 'allowed', caseId: ctx.caseId } : null) },
  { method: 'GET', path: '/api/cases/:case', expect: caseAction({ 'ke-caseworker': [200, 404], 'ke-lead': [200, 404], coordinator: [200, 404] }), check: caseDetailShape, audited: caseAudit('case.read'), nationalIdsTo: caseReaders },
  { method: 'GET', path: '/api/cases/:caseNumber', expect: caseAction({ 'ke-caseworker': [200, 404], 'ke-lead': [200, 404], coordinator: [200, 404] }), check: caseDetailShape, audited: caseAudit('case.read'), nationalIdsTo: caseReaders },
  { method: 'POST', path: '/api/cases/:case/plan-approval', expect: caseAction({}), fresh: true, body: () => formsByKey['plan-approval'].example, check: okShape, audited: caseAudit('plan.approve') },
  { method: 'POST', path: '/api/cases/:case/consent', expect: caseAction({}), fresh: true, body: () => formsByKey.consent.example, check: okShape, audited: caseAudit('case.give-consent') },
  { method: 'POST', path: '/api/cases/:case/consent-withdrawal', expect: caseAction({}), fresh: true, body: () => formsByKey['consent-withdrawal'].example, check: okShape, audited: caseAudit('case.withdraw-consent') },
  { method: 'POST', path: '/api/cases/:case/coordinator-change', expect: caseAction({}), fresh: true, body: () => formsByKey['coordinator-change-request'].example, check: okShape, audited: caseAudit('case.request-coordinator-change') },
  // Incidents: internal errors, for the unit's KE case workers and admins. The incident is open until the first allowed retry:
  // it stands for a step that has left its failure behind, so the engine resolves it and every retry answers 409 in the error shape.
  { method: 'GET', path: '/api/cases/:case/incidents', expect: incidentAction(200), check: incidentListShape, audited: caseAudit('incident.read') },
  { method: 'GET', path: '/api/cases/:caseNumber/incidents', expect: incidentAction(200), check: incidentListShape, audited: caseAudit('incident.read') },
  { method: 'POST', path: '/api/cases/:case/incidents/:incident/retry', expect: incidentAction(409), audited: accessAudit('incident.retry') },
  // The work queue (server/policies/task.ts): the own task is a need assessment of the unit, offered to its KE case workers; coordinators see only theirs.
  { method: 'GET', path: '/api/tasks?view=available', expect: queueOnly, check: taskListShape },
  { method: 'GET', path: '/api/tasks/:task', expect: taskAction({ 'ke-caseworker': [200, 404], 'ke-lead': [200, 404] }), task: {}, audited: taskAudit('task.read') },
  { method: 'POST', path: '/api/tasks/:task/claim', expect: taskAction({ 'ke-caseworker': [200, 404], 'ke-lead': [200, 404] }), task: {}, audited: taskAudit('task.claim') },
  { method: 'POST', path: '/api/tasks/:task/unclaim', expect: taskAction({ 'ke-caseworker': [200, 404], 'ke-lead': [200, 404] }), task: { claimedBy: 'ke-caseworker' }, audited: taskAudit('task.unclaim') },
  { method: 'POST', path: '/api/tasks/:task/assign', expect: taskAction({ 'ke-lead': [200, 404] }), task: {}, body: () => ({ userId: people['ke-caseworker'].id }), audited: taskAudit('task.assign') },
  { method: 'PUT', path: '/api/tasks/:task/draft', expect: taskAction({ 'ke-caseworker': [200, 404] }), task: { claimedBy: 'ke-caseworker' }, body: () => ({ data: { needs: 'Utkast' } }), audited: taskAudit('task.complete') },
  { method: 'POST', path: '/api/tasks/:task/complete', expect: taskAction({ 'ke-caseworker': [200, 404] }), task: { claimedBy: 'ke-caseworker' }, body: () => ({ data: grantedAssessment }), audited: taskAudit('task.complete') },
  { method: 'GET', path: '/api/staff/users?role=coordinator', expect: queueOnly, check: (body) => expect((body as { users: Array<{ name: string }> }).users.map((u) => u.name)).toEqual(['Anne Lie']) },
  // The staff case list (searched by the case's number) and page (KE case workers: their unit; coordinators: the cases they coordinate). The own case has
  // several undecided duplicates (Kari's other requests), so a decision without `otherCaseId` is 422 after the access check.
  { method: 'GET', path: '/api/staff/cases?q=:caseNumber', expect: signedInOnly({ 'ke-caseworker': 200, 'ke-lead': 200, coordinator: 200 }), check: staffListShape, audited: staffListAudit },
  { method: 'GET', path: '/api/staff/cases/:case', expect: staffCaseAction(200), check: staffDetailShape, audited: caseAudit('case.read-as-staff'), nationalIdsTo: caseStaff },
  { method: 'GET', path: '/api/staff/cases/:caseNumber', expect: staffCaseAction(200), check: staffDetailShape, audited: caseAudit('case.read-as-staff'), nationalIdsTo: caseStaff },
  { method: 'GET', path: '/api/staff/cases/:case/diagram', expect: staffCaseAction(200), check: diagramShape, audited: caseAudit('case.read-as-staff') },
  { method: 'POST', path: '/api/staff/cases/:case/duplicate', expect: { ...staffCaseAction(422), coordinator: [403, 404] }, body: () => ({ decision: 'keep' }), audited: accessAudit('case.resolve-duplicate') },
  { method: 'POST', path: '/api/auth/sign-out', expect: { default: 200 } },
];

function taskListShape(body: unknown, ctx: Context): void {
  const answer = body as { tasks: Array<{ id: string; caseId: string }>; counts: Record<string, number> };
  expect(answer.tasks.some((task) => task.caseId === otherCase.id)).toBe(false);
  if (ctx.actor === 'coordinator') expect(answer.counts.available).toBe(0);
  else expect(answer.tasks.some((task) => task.id === ownTaskId)).toBe(true);
}

function incidentListShape(body: unknown, ctx: Context): void {
  const incidents = (body as { incidents: Array<Record<string, unknown>> }).incidents;
  expect(incidents.map((incident) => incident.id)).toEqual([ctx.incidentId]);
  expect(Object.keys(incidents[0]!).sort()).toEqual(['attempts', 'elementId', 'elementName', 'error', 'id', 'kind', 'openedAt', 'resolvedAt', 'status']);
  expect(incidents[0]).toMatchObject({ elementId: 'Task_SendInterimReply', error: 'letter service unavailable', attempts: 3, status: 'open', resolvedAt: null });
}

/** Searched by case number: the own case is found, the other unit's is not. */
function staffListShape(body: unknown, ctx: Context): void {
  const ids = (body as { cases: Array<{ id: string }> }).cases.map((c) => c.id);
  expect(ids).toEqual(ctx.side === 'own' ? [ownCase.id] : []);
}

function staffListAudit(ctx: Context, status: number): ExpectedAudit | null {
  return status === 200 && ctx.side === 'own' ? { action: 'case.list', outcome: 'allowed', caseId: ownCase.id } : null;
}

function staffDetailShape(body: unknown, ctx: Context): void {
  const detail = body as { id: string; caseNumber: string; stage: string; actions: Record<string, boolean> };
  expect(detail).toMatchObject({ id: ctx.caseId, caseNumber: ctx.caseNumber, stage: 'awaiting-approval' });
  const ke = ctx.actor === 'ke-caseworker' || ctx.actor === 'ke-lead';
  expect(detail.actions).toEqual({ retryIncident: ke, resolveDuplicate: ke });
}

function diagramShape(body: unknown): void {
  const diagram = body as { xml: string; active: string[]; completed: string[]; incidents: string[] };
  expect(diagram.active).toContain('Task_ApprovePlan');
  expect(diagram.completed).toContain('Task_DraftPlan');
  expect(diagram.xml).toContain('id="Task_ApprovePlan"');
}

function auditEntriesInScope(body: unknown, ctx: Context): void {
  const entries = (body as { entries: Array<{ unitId: string | null; actorName: string }> }).entries;
  if (ctx.actor === 'ke-lead') for (const entry of entries) expect(entry.unitId).toBe(fictionalUnitId);
  if (ctx.actor === 'ke-lead' && ctx.side === 'other') expect(entries).toEqual([]);
  if (ctx.side === 'own') expect(entries.some((entry) => entry.actorName === 'Per Hansen')).toBe(true);
}

function accessLogShape(body: unknown): void {
  const entries = (body as { entries: Array<Record<string, unknown>> }).entries;
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    // `lead: true` names the unit's lead ("Leder, koordinerende enhet"); no other key, no internal ids.
    expect(Object.keys(entry).filter((key) => key !== 'lead').sort()).toEqual(['action', 'name', 'role', 'time']);
    if ('lead' in entry) expect(entry).toMatchObject({ lead: true, role: 'ke-caseworker' });
  }
  expect(entries.some((entry) => entry.name === 'Per Hansen' && entry.role === 'ke-caseworker')).toBe(true);
}

/** The request each actor sends: own, one they may sign (about themselves, or Ola's child); other, one signed by someone else. */
function requestBody(ctx: Context): unknown {
  const example = structuredClone(requestForm.example) as unknown as Record<string, unknown>;
  if (ctx.side === 'other' || !(parties as readonly Actor[]).includes(ctx.actor)) return example;
  if (ctx.actor === 'citizen') {
    const kari = people.citizen;
    return { ...example, person: { ...requestForm.example.person, name: kari.name, nationalId: kari.nationalId }, signature: { fullName: kari.name, confirmed: true } };
  }
  const ola = people.representative;
  return {
    ...example,
    person: { ...requestForm.example.person, name: 'Emil Nordmann', nationalId: makeNationalId('2015-10-10', { synthetic: true }), phone: undefined, email: undefined },
    applicantRole: 'parent',
    applicant: { name: ola.name, nationalId: ola.nationalId, relation: 'far', phone: '41234567' },
    askFor: 'child-coordinator',
    signature: { fullName: ola.name, confirmed: true },
  };
}

function receiptShape(body: unknown): void {
  expect(Object.keys(body as object).sort()).toEqual(['caseId', 'caseNumber', 'channel', 'consentGiven', 'openCase', 'receivedAt']);
}

function requestAudit(_ctx: Context, status: number, body: unknown): ExpectedAudit | null {
  if (status === 201) return { action: 'case.create', outcome: 'allowed', caseId: (body as { caseId: string }).caseId };
  return status === 422 ? { action: 'case.create', outcome: 'denied' } : null;
}

function caseListShape(body: unknown, ctx: Context): void {
  const ids = (body as { cases: Array<{ id: string }> }).cases.map((c) => c.id);
  expect(ids.includes(ownCase.id)).toBe(caseReaders.includes(ctx.actor));
  expect(ids).not.toContain(otherCase.id);
}

function caseDetailShape(body: unknown, ctx: Context): void {
  const detail = body as { id: string; caseNumber: string; stage: string; plan: unknown; actions: Record<string, boolean> };
  expect(detail.id).toBe(ctx.caseId);
  expect(detail.caseNumber).toBe(ctx.caseNumber);
  expect(detail.stage).toBe('awaiting-approval');
  expect(detail.plan).toEqual(expect.objectContaining({ goals: expect.any(Array) }));
  // Only the person and their representatives act on the case here; staff get no buttons.
  const party = (parties as readonly Actor[]).includes(ctx.actor);
  expect(detail.actions).toEqual({ approvePlan: party, giveConsent: party, withdrawConsent: party, requestCoordinatorChange: party });
}

function okShape(body: unknown): void {
  expect(body).toEqual({ ok: true });
}

const expected = (endpoint: Endpoint, actor: Actor, side: 'own' | 'other'): number => {
  const cell = endpoint.expect[actor] ?? endpoint.expect.default;
  return typeof cell === 'number' ? cell : cell[side === 'own' ? 0 : 1];
};

describe('the access matrix', () => {
  let app: TestApp;
  let otherUserId: string;
  let ownTaskCase: OpenedCase;
  let freshTask: (claimedBy: 'ke-caseworker' | undefined) => Promise<{ theCase: OpenedCase; taskId: string }>;

  beforeAll(async () => {
    app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
    await storeDefinition(app);
    const cases = app.cases!;
    ownCase = await openCaseAwaitingApproval(cases.context, { person: party(people.citizen), applicant: party(people.representative) }, ownStaff());
    otherCase = await openCaseAwaitingApproval(await cases.contextOf(otherUnitId), { person: otherPerson, applicant: otherRepresentative }, otherStaff);
    const { Incident } = app.cases!.engine.models;
    const openIncident = async (theCase: OpenedCase) => {
      const at = new Date();
      const incident = await Incident.create({
        _id: `${theCase.instanceId}-Task_SendInterimReply_matrix`,
        kind: 'service',
        instanceId: theCase.instanceId,
        caseId: theCase.id,
        processKey: 'individual-plan',
        elementId: 'Task_SendInterimReply',
        handler: 'sendInterimReply',
        attempts: 3,
        lastError: 'letter service unavailable',
        status: 'open',
        createdAt: at,
        updatedAt: at,
      });
      return incident._id;
    };
    ownIncidentId = await openIncident(ownCase);
    otherIncidentId = await openIncident(otherCase);
    const openTaskOf = async (theCase: OpenedCase) =>
      (await engineModels(app.db).Task.findOne({ instanceId: theCase.instanceId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>())!;
    ownTaskCase = await openCase(cases.context, { person: party(people.citizen), applicant: party(people.representative) });
    ownTaskId = (await openTaskOf(ownTaskCase))._id;
    otherTaskId = (await openTaskOf(otherCase))._id;
    /** A need assessment of its own for a task cell that may change it. */
    freshTask = async (claimedBy) => {
      const opened = await openCase(cases.context, { person: party(people.citizen), applicant: party(people.representative) });
      const task = await openTaskOf(opened);
      if (claimedBy) await cases.engine.runtime.claimTask({ taskId: task._id, actor: { id: people[claimedBy].id } });
      return { theCase: opened, taskId: task._id };
    };
    otherUserId = (await app.security.users.createStaff({ name: 'Målbruker', role: 'coordinator', login: 'maal@testvik.no' })).id;
    const per = await app.security.users.sessionUser(people['ke-caseworker'].id);
    await app.security.auditLog.record(per, { action: 'case.read', caseId: ownCase.id, unitId: fictionalUnitId }, 'GET /api/cases/:id');
    const hidden: SessionUser = { id: 'aa0000000000000000000097', name: secretActorName, role: 'ke-caseworker', unitId: 'ke-annen' };
    await app.security.auditLog.record(hidden, { action: 'case.read', caseId: otherCase.id, unitId: otherUnitId }, 'GET /api/cases/:id');
  });

  afterAll(async () => {
    await app?.close();
  });

  /** The audit entries of one actor, by entry id. */
  async function auditEntries(actorId: string): Promise<Map<string, { id: string; action: string; outcome: AuditOutcome; caseId: string | null }>> {
    const docs = await app.security.auditLog.model.find({ actorId }).lean();
    return new Map(docs.map((doc) => [String(doc._id), { id: String(doc._id), action: doc.action, outcome: doc.outcome, caseId: doc.caseId ?? null }]));
  }

  it('answers every endpoint × role × own/other as expected, leaking nothing', async () => {
    const rows: string[][] = [];
    const failures: string[] = [];
    let serial = 0;
    const changes = (endpoint: Endpoint, actor: Actor) => endpoint.fresh === true && expected(endpoint, actor, 'own') < 300;
    const freshCases = await Promise.all(
      endpoints.flatMap((endpoint) => actors.filter((actor) => changes(endpoint, actor))).map(() => openCaseAwaitingApproval(app.cases!.context, { person: party(people.citizen), applicant: party(people.representative) }, ownStaff())),
    );
    for (const endpoint of endpoints) {
      for (const side of ['own', 'other'] as const) {
        const row = [`${endpoint.method} ${endpoint.path} (${side})`];
        for (const actor of actors) {
          const browser = new Browser(app.baseUrl);
          if (actor === 'anonymous') await browser.session();
          else await browser.signInDev(people[actor].id);
          const selfId = actor === 'anonymous' ? otherUserId : people[actor].id;
          // A call expected to change the case gets a case of its own; refused calls leave ownCase as it is (or fail their cell).
          const ownTask = endpoint.task && side === 'own' ? ((queueRoles as readonly Actor[]).includes(actor) ? await freshTask(endpoint.task.claimedBy) : { theCase: ownTaskCase, taskId: ownTaskId }) : undefined;
          const theCase = ownTask?.theCase ?? (side === 'own' && changes(endpoint, actor) ? freshCases.pop()! : side === 'own' ? ownCase : otherCase);
          const ctx: Context = {
            side,
            actor,
            actorId: actor === 'anonymous' ? 'anonymous' : people[actor].id,
            caseId: theCase.id,
            caseNumber: theCase.caseNumber,
            userId: side === 'own' ? selfId : otherUserId,
            incidentId: side === 'own' ? ownIncidentId : otherIncidentId,
            serial: serial++,
            taskId: ownTask?.taskId ?? otherTaskId,
          };
          const path = endpoint.path.replace(':caseNumber', ctx.caseNumber).replace(':case', ctx.caseId).replace(':user', ctx.userId).replace(':incident', ctx.incidentId).replace(':task', ctx.taskId);
          const auditedBefore = await auditEntries(ctx.actorId);
          const res = await browser.api(endpoint.method, path, endpoint.body?.(ctx));
          const text = await res.text();
          const want = expected(endpoint, actor, side);
          const problems: string[] = [];
          if (res.status !== want) problems.push(`status ${res.status}, expected ${want}: ${text.slice(0, 200)}`);
          const mayShowIds = side === 'own' && res.status < 300 && (endpoint.nationalIdsTo ?? []).includes(actor);
          for (const id of [...otherNationalIds, ...(mayShowIds ? [] : ownNationalIds)]) if (text.includes(id)) problems.push(`national id ${id} in the answer`);
          if (side === 'other' && !(endpoint.otherCaseTo ?? []).includes(actor)) {
            for (const secret of [otherCase.id, otherCase.caseNumber, secretActorName, otherPerson.name]) if (text.includes(secret)) problems.push(`other case data (${secret}) in the answer`);
          }
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            problems.push('answer not JSON');
          }
          if (res.status >= 400) {
            const error = body as { errors?: unknown[] } | undefined;
            if (!Array.isArray(error?.errors) || Object.keys(error).length !== 1) problems.push('error answer not in the error shape');
          } else if (endpoint.check && res.status === want) {
            try {
              endpoint.check(body, ctx);
            } catch (error) {
              problems.push(`check failed: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
            }
          }
          const audited = endpoint.audited?.(ctx, res.status, body) ?? null;
          const written = [...(await auditEntries(ctx.actorId)).values()].filter((entry) => !auditedBefore.has(entry.id));
          if (audited && !written.some((e) => e.action === audited.action && e.outcome === audited.outcome && e.caseId === (audited.caseId ?? null))) {
            problems.push(`no audit entry ${audited.action} ${audited.outcome} (got ${written.map((e) => `${e.action} ${e.outcome}`).join(', ') || 'none'})`);
          }
          const seesOtherCase = (endpoint.otherCaseTo ?? []).includes(actor);
          if (!seesOtherCase && written.some((e) => e.caseId === otherCase.id && e.outcome === 'allowed' && e.action !== 'audit.search')) problems.push('allowed access to the other case in the audit log');
          if (problems.length > 0) failures.push(`${row[0]} as ${actor}: ${problems.join('; ')}`);
          row.push(problems.length > 0 ? `${res.status}!` : String(res.status));
        }
        rows.push(row);
      }
    }
    console.log(`Access matrix (HTTP status; ! marks an unexpected cell)\n${table(['endpoint (case or user)', ...actors], rows)}`);
    expect(failures).toEqual([]);
  }, 600_000);

  it('wrote an audit entry for every case read and write, allowed and denied, with its route', async () => {
    const kari = people.citizen.id;
    const own = await app.security.auditLog.search({ actorId: kari, caseId: ownCase.id, limit: 1000 });
    const other = await app.security.auditLog.search({ actorId: kari, caseId: otherCase.id, limit: 1000 });
    const routes = (entries: typeof own, outcome: string) => new Set(entries.filter((e) => e.outcome === outcome).map((e) => `${e.action} ${e.route}`));
    expect([...routes(own, 'allowed')].sort()).toEqual([
      'case.list GET /api/cases',
      'case.read GET /api/cases/:id',
      'case.read-access-log GET /api/cases/:id/access-log',
    ]);
    expect([...routes(other, 'denied')].sort()).toEqual([
      'case.give-consent POST /api/cases/:id/consent',
      'case.read GET /api/cases/:id',
      'case.read-access-log GET /api/cases/:id/access-log',
      'case.read-as-staff GET /api/staff/cases/:id',
      'case.read-as-staff GET /api/staff/cases/:id/diagram',
      'case.request-coordinator-change POST /api/cases/:id/coordinator-change',
      'case.resolve-duplicate POST /api/staff/cases/:id/duplicate',
      'case.withdraw-consent POST /api/cases/:id/consent-withdrawal',
      'incident.read GET /api/cases/:id/incidents',
      'incident.retry POST /api/cases/:id/incidents/:incidentId/retry',
      'plan.approve POST /api/cases/:id/plan-approval',
    ]);
    expect(routes(other, 'allowed').size).toBe(0);
    expect(other[0]).toMatchObject({ actorName: 'Kari Nordmann', actorRole: 'citizen', unitId: otherUnitId });
    // The writes on the cases opened for the state-changing rows, allowed.
    const writes = await app.security.auditLog.search({ actorId: kari, limit: 1000 });
    expect(new Set(writes.filter((e) => e.outcome === 'allowed' && e.unitId === fictionalUnitId).map((e) => `${e.action} ${e.route}`))).toEqual(
      new Set([
        'case.create POST /api/requests',
        'case.list GET /api/cases',
        'case.read GET /api/cases/:id',
        'case.read-access-log GET /api/cases/:id/access-log',
        'plan.approve POST /api/cases/:id/plan-approval',
        'case.give-consent POST /api/cases/:id/consent',
        'case.withdraw-consent POST /api/cases/:id/consent-withdrawal',
        'case.request-coordinator-change POST /api/cases/:id/coordinator-change',
      ]),
    );
    // A request refused because the citizen is not its signer: audited as denied, with no case.
    expect(writes.some((e) => e.action === 'case.create' && e.outcome === 'denied' && e.caseId === null)).toBe(true);
  });

  it('refuses every state-changing request and case call without the CSRF token, writing nothing', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(people.citizen.id);
    const before = await app.cases!.context.models.Case.findById(ownCase.id).lean();
    const entries = await app.security.auditLog.model.countDocuments({ actorId: people.citizen.id });
    const cases = await app.cases!.context.models.Case.countDocuments();
    for (const endpoint of endpoints.filter((e) => (e.method === 'POST' || e.method === 'PUT') && /^\/api\/(cases|requests|tasks|staff\/cases)/.test(e.path))) {
      const path = endpoint.path.replace(':case', ownCase.id).replace(':incident', ownIncidentId).replace(':task', ownTaskId);
      const body = endpoint.path === '/api/requests' ? requestBody({ side: 'own', actor: 'citizen', actorId: '', caseId: '', caseNumber: '', userId: '', incidentId: '', serial: 0, taskId: '' }) : endpoint.body?.({} as Context);
      const res = await browser.api(endpoint.method, path, body, { 'x-csrf-token': 'wrong' });
      expect([path, res.status]).toEqual([path, 403]);
      expect(await res.json()).toEqual({ errors: [{ field: null, message: 'The request lacks a valid security token. Reload the page and try again.' }] });
    }
    expect(await app.cases!.context.models.Case.findById(ownCase.id).lean()).toEqual(before);
    expect(await app.cases!.context.models.Case.countDocuments()).toBe(cases);
    expect(await app.security.auditLog.model.countDocuments({ actorId: people.citizen.id })).toBe(entries);
  });
});

describe('the access rules', () => {
  type Check = { label: string; allowed: readonly Actor[]; test: (actor: SessionUser, facts: CaseAccessFacts) => boolean };
  const rule =
    <R extends ResourceName>(action: ActionOf<R>, resource: R, facts: (c: CaseAccessFacts, actor: SessionUser) => FactsOf<R>) =>
    (actor: SessionUser, c: CaseAccessFacts) =>
      can(actor, action, resource, facts(c, actor));
  const asCase = (c: CaseAccessFacts) => c;

  // prettier-ignore
  const checks: Check[] = [
    { label: 'case.read', allowed: [...parties, ...caseStaff], test: rule('read', 'case', asCase) },
    { label: 'case.update', allowed: caseStaff, test: rule('update', 'case', asCase) },
    { label: 'case.read-access-log', allowed: [...parties, 'ke-lead'], test: rule('read-access-log', 'case', asCase) },
    { label: 'case.give-consent', allowed: parties, test: rule('give-consent', 'case', asCase) },
    { label: 'case.withdraw-consent', allowed: parties, test: rule('withdraw-consent', 'case', asCase) },
    { label: 'case.request-coordinator-change', allowed: parties, test: rule('request-coordinator-change', 'case', asCase) },
    { label: 'plan.read', allowed: [...parties, ...caseStaff, 'group-member'], test: rule('read', 'plan', asCase) },
    { label: 'plan.read, consent withdrawn', allowed: [...parties, ...caseStaff], test: rule('read', 'plan', (c) => ({ ...c, consent: { active: false, sharedWith: 'group' as const } })) },
    { label: 'plan.read, consent names others', allowed: [...parties, ...caseStaff], test: rule('read', 'plan', (c) => ({ ...c, consent: { active: true, sharedWith: ['aa0000000000000000000001'] } })) },
    { label: 'plan.update', allowed: caseStaff, test: rule('update', 'plan', asCase) },
    { label: 'plan.approve', allowed: parties, test: rule('approve', 'plan', asCase) },
    { label: 'plan.read-versions', allowed: caseStaff, test: rule('read-versions', 'plan', asCase) },
    { label: 'measure.read, own measure', allowed: [...parties, ...caseStaff, 'group-member'], test: rule('read', 'measure', (c, actor) => ({ case: c, responsibleId: actor.id })) },
    { label: 'measure.read, another’s measure', allowed: [...parties, ...caseStaff], test: rule('read', 'measure', (c) => ({ case: c, responsibleId: 'aa0000000000000000000001' })) },
    { label: 'measure.update, own measure', allowed: [...caseStaff, 'group-member'], test: rule('update', 'measure', (c, actor) => ({ case: c, responsibleId: actor.id })) },
    { label: 'definition.read', allowed: [...caseStaff, 'process-owner'], test: rule('read', 'definition', () => null) },
    { label: 'definition.deploy', allowed: ['process-owner'], test: rule('deploy', 'definition', () => null) },
    { label: 'definition.inspect', allowed: ['process-owner', 'admin'], test: rule('inspect', 'definition', () => null) },
    { label: 'definition.migrate', allowed: ['process-owner'], test: rule('migrate', 'definition', () => null) },
    { label: 'figures.read', allowed: ['process-owner', 'ke-lead', 'admin'], test: rule('read', 'figures', () => null) },
    { label: 'user.update', allowed: ['admin'], test: rule('update', 'user', () => ({ id: null })) },
    { label: 'audit.search, the case’s unit', allowed: ['ke-lead', 'admin'], test: rule('search', 'audit', (c) => ({ unitId: c.unitId })) },
    { label: 'incident.read', allowed: ['ke-caseworker', 'ke-lead'], test: rule('read', 'incident', asCase) },
    { label: 'incident.retry', allowed: ['ke-caseworker', 'ke-lead'], test: rule('retry', 'incident', asCase) },
    { label: 'case.read-as-staff', allowed: caseStaff, test: rule('read-as-staff', 'case', asCase) },
    { label: 'case.resolve-duplicate', allowed: ['ke-caseworker', 'ke-lead'], test: rule('resolve-duplicate', 'case', asCase) },
  ];
  const caseIndependent = new Set(['definition.read', 'definition.deploy', 'definition.inspect', 'definition.migrate', 'figures.read', 'user.update']);

  it('allow exactly what the design says, and nothing on another person’s case', async () => {
    const rows: string[][] = [];
    const failures: string[] = [];
    const signedIn = actors.filter((a): a is Exclude<Actor, 'anonymous'> => a !== 'anonymous');
    for (const check of checks) {
      for (const side of ['own', 'other'] as const) {
        const row = [`${check.label} (${side})`];
        for (const actor of signedIn) {
          const person = people[actor];
          const user: SessionUser = { id: person.id, name: person.name, role: person.role, ...(person.nationalId ? { nationalId: person.nationalId } : {}), ...(person.unitId ? { unitId: person.unitId } : {}), ...(person.lead ? { lead: true } : {}) };
          const got = check.test(user, side === 'own' ? ownFacts : otherFacts);
          const want = check.allowed.includes(actor) && (side === 'own' || caseIndependent.has(check.label) || (/^(audit|incident)\./.test(check.label) && actor === 'admin'));
          if (got !== want) failures.push(`${row[0]} as ${actor}: ${got ? 'allowed' : 'denied'}, expected ${want ? 'allowed' : 'denied'}`);
          row.push(`${got ? 'yes' : '-'}${got !== want ? '!' : ''}`);
        }
        rows.push(row);
      }
    }
    expect(can(undefined, 'read', 'figures', null)).toBe(false);
    console.log(`Access rules (yes = allowed)\n${table(['rule (case)', ...signedIn], rows)}`);
    expect(failures).toEqual([]);
  });
});

describe('the case facts the rules read', () => {
  const jonas = people['group-member'];
  const doc = (consent: Partial<CaseDoc['consent']>) => ({
    _id: new Types.ObjectId(),
    caseNumber: 'IP-2026-000303',
    person: { name: 'Kari Nordmann', nationalId: people.citizen.nationalId!, birthDate: '1970-01-01' },
    representativeNationalIds: [],
    unitId: fictionalUnitId,
    coordinatorId: people.coordinator.id,
    groupMemberIds: [jonas.id],
    consent: { active: true, givenAt: new Date('2026-01-01'), sharing: [], validUntil: null, withdrawnAt: null, ...consent },
  });
  const member: SessionUser = { id: jonas.id, name: jonas.name, role: jonas.role };

  it('a consent past its end date, or withdrawn, no longer covers the responsibility group', () => {
    const until = doc({ validUntil: '2026-03-14' });
    expect(can(member, 'read', 'plan', toAccessFacts(until, '2026-03-14'))).toBe(true);
    expect(toAccessFacts(until, '2026-03-15').consent.active).toBe(false);
    expect(can(member, 'read', 'plan', toAccessFacts(until, '2026-03-15'))).toBe(false);
    expect(can(member, 'read', 'plan', toAccessFacts(doc({ withdrawnAt: new Date('2026-02-01') }), '2026-03-01'))).toBe(false);
    expect(can(member, 'read', 'plan', toAccessFacts(doc({}), '2099-01-01'))).toBe(true);
  });
});

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
