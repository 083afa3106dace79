// The incident routes end to end: the product's app (real sign-in, CSRF and audit) over a real
// engine running processes/individual-plan.bpmn, with a notification handler that fails until it is
// fixed. Its automatic retries are run as the timer worker runs them, until the incident opens; staff
// then see it and retry it over HTTP.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ServiceCall } from '../../server/engine/types.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { processTimerJob } from '../../workers/timers/worker.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { appointmentWithoutGroup, completeOpenTask, grantedAssessment, openCase, type OpenedCase } from '../support/cases.js';

const person = (name: string) => {
  const user = fictionalUsers.find((u) => u.name === name);
  if (!user) throw new Error(name);
  return user;
};
const kari = person('Kari Nordmann');
const ola = person('Ola Nordmann');
const per = person('Per Hansen');
const liv = person('Liv Berg');
const anne = person('Anne Lie');
const siri = person('Siri Moe');

const realNotify = createJobServiceHandlers().notifyCoordinatorAppointed;
let notifierDown = true;
const attempts: number[] = [];

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    withCases: {
      unitId: fictionalUnitId,
      handlers: {
        notifyCoordinatorAppointed: (call: ServiceCall) => {
          attempts.push(call.attempt);
          if (notifierDown) throw new Error('notification service unavailable');
          return realNotify(call);
        },
      },
    },
  });
});

afterAll(async () => {
  await app?.close();
});

/** A case whose coordinator appointment is notified by the failing handler, retried until its incident opens. */
async function caseWithIncident(): Promise<OpenedCase> {
  const { context, engine } = app.cases!;
  const opened = await openCase(context, { person: { name: kari.name, nationalId: kari.nationalId! }, applicant: { name: ola.name, nationalId: ola.nationalId! } });
  const staff = { id: per.id, name: per.name };
  await completeOpenTask(context, opened, 'Task_AssessNeed', grantedAssessment, staff);
  await completeOpenTask(context, opened, 'Task_AppointCoordinator', appointmentWithoutGroup, staff);
  // Anne coordinates the case (the job worker would record it from the appointment's case event).
  await context.models.Case.updateOne({ _id: opened.id }, { $set: { coordinatorId: anne.id } });
  const failure = (await engine.models.Instance.findById(opened.instanceId).lean())?.failures[0];
  expect(failure).toMatchObject({ elementId: 'Task_NotifyCoordinatorAppointed', attempts: 1 });
  expect(failure?.incidentId).toBeUndefined();
  // The automatic retries, as the timer worker runs their jobs; the last one raises the incident.
  for (const attempt of [2, 3]) {
    await processTimerJob(engine.runtime, { data: { kind: 'service-retry', instanceId: opened.instanceId, executionId: failure!.executionId, attempt } }, engine.logger);
  }
  return opened;
}

async function signedIn(userId: string): Promise<Browser> {
  const browser = new Browser(app.baseUrl);
  await browser.signInDev(userId);
  return browser;
}

interface IncidentBody {
  id: string;
  elementId: string;
  elementName: string | null;
  error: string;
  attempts: number;
  status: string;
  openedAt: string;
  resolvedAt: string | null;
}

describe('incidents over HTTP', () => {
  it('staff see an incident, retry it while it still fails and after the handler is fixed; the process moves on; all audited', async () => {
    notifierDown = true;
    attempts.length = 0;
    const opened = await caseWithIncident();
    expect(attempts).toEqual([1, 2, 3]);
    const { engine } = app.cases!;
    const caseworker = await signedIn(per.id);

    // Seen through GET, by the case's id and by its number.
    const listed = await caseworker.api('GET', `/api/cases/${opened.id}/incidents`);
    expect(listed.status).toBe(200);
    const { incidents } = (await listed.json()) as { incidents: IncidentBody[] };
    expect(incidents).toEqual([
      {
        id: expect.any(String),
        kind: 'service',
        elementId: 'Task_NotifyCoordinatorAppointed',
        elementName: 'Notify person and coordinator',
        error: 'notification service unavailable',
        attempts: 3,
        status: 'open',
        openedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        resolvedAt: null,
      },
    ]);
    const incidentId = incidents[0]!.id;
    const byNumber = await caseworker.api('GET', `/api/cases/${opened.caseNumber}/incidents`);
    expect(((await byNumber.json()) as { incidents: IncidentBody[] }).incidents.map((i) => i.id)).toEqual([incidentId]);
    const retryPath = `/api/cases/${opened.id}/incidents/${incidentId}/retry`;

    // Not for the person, nor for the coordinator (403: they may see the case), nor for a process owner (404).
    for (const [user, status] of [
      [kari, 403],
      [anne, 403],
      [siri, 404],
    ] as const) {
      const browser = await signedIn(user.id);
      const res = await browser.api('GET', `/api/cases/${opened.id}/incidents`);
      expect([user.name, res.status]).toEqual([user.name, status]);
      const body = await res.text();
      expect(body).not.toContain('notification service unavailable');
      const retried = await browser.api('POST', retryPath);
      expect([user.name, retried.status]).toEqual([user.name, status]);
    }

    // Without the CSRF token: refused before anything runs.
    const noToken = await caseworker.api('POST', retryPath, undefined, { 'x-csrf-token': 'wrong' });
    expect(noToken.status).toBe(403);
    expect(attempts).toEqual([1, 2, 3]);

    // Ids are checked; an incident of another case is as unknown as a missing one.
    expect((await caseworker.api('POST', `/api/cases/${opened.id}/incidents/bad$id/retry`)).status).toBe(400);
    const foreign = `case-${'f'.repeat(24)}-Task_NotifyCoordinatorAppointed_x`;
    const now = new Date();
    await engine.models.Incident.create({
      _id: foreign,
      kind: 'service',
      instanceId: `case-${'f'.repeat(24)}`,
      caseId: 'f'.repeat(24),
      processKey: 'individual-plan',
      elementId: 'Task_NotifyCoordinatorAppointed',
      attempts: 3,
      lastError: 'elsewhere',
      status: 'open',
      createdAt: now,
      updatedAt: now,
    });
    const notOurs = await caseworker.api('POST', `/api/cases/${opened.id}/incidents/${foreign}/retry`);
    expect(notOurs.status).toBe(404);
    expect(await notOurs.json()).toEqual({ errors: [{ field: null, message: 'What you asked for was not found.' }] });

    // A retry while the notifier is still down: the step runs once more and the incident stays open.
    const stillDown = await caseworker.api('POST', retryPath);
    expect(stillDown.status).toBe(200);
    expect(await stillDown.json()).toEqual({
      incident: expect.objectContaining({ id: incidentId, status: 'open', attempts: 4, resolvedAt: null }),
      instance: { status: 'running', openIncidents: 1 },
    });
    expect(attempts).toEqual([1, 2, 3, 4]);

    // Fixed: the lead retries, the incident is resolved by her and the process moves on to drafting the plan.
    notifierDown = false;
    const lead = await signedIn(liv.id);
    const fixed = await lead.api('POST', retryPath);
    expect(fixed.status).toBe(200);
    const fixedBody = (await fixed.json()) as { incident: IncidentBody; instance: { status: string; openIncidents: number } };
    expect(fixedBody).toEqual({
      incident: expect.objectContaining({ id: incidentId, status: 'resolved', attempts: 4, elementName: 'Notify person and coordinator', resolvedAt: expect.any(String) }),
      instance: { status: 'running', openIncidents: 0 },
    });
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(await engine.runtime.listIncidents({ instanceId: opened.instanceId })).toEqual([expect.objectContaining({ id: incidentId, status: 'resolved', resolvedBy: liv.id })]);
    const instance = await engine.runtime.getInstance({ instanceId: opened.instanceId });
    expect(instance.history.some((h) => h.elementId === 'Task_NotifyCoordinatorAppointed' && h.outcome === 'completed')).toBe(true);
    const open = await engine.models.Task.find({ instanceId: opened.instanceId, status: { $in: ['open', 'claimed'] } }).lean();
    expect(open.map((task) => task.elementId)).toEqual(['Task_DraftPlan']);

    // Seen resolved; retrying again is a conflict, in the error shape and the asker's language.
    const after = (await (await caseworker.api('GET', `/api/cases/${opened.id}/incidents`)).json()) as { incidents: IncidentBody[] };
    expect(after.incidents).toEqual([expect.objectContaining({ id: incidentId, status: 'resolved', resolvedAt: fixedBody.incident.resolvedAt })]);
    const again = await caseworker.api('POST', retryPath);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ errors: [{ field: null, message: 'The incident is already resolved.' }] });
    const againNn = await caseworker.api('POST', retryPath, undefined, { 'accept-language': 'nn' });
    expect(await againNn.json()).toEqual({ errors: [{ field: null, message: 'Feilen er alt løyst.' }] });
    expect(attempts).toHaveLength(5);

    // Every read and retry is in the audit log, allowed and denied, with its route.
    const entries = await app.security.auditLog.search({ caseId: opened.id, limit: 1000 });
    const lines = (action: string) => entries.filter((e) => e.action === action).map((e) => `${e.actorName} ${e.outcome} ${e.route}`);
    const get = 'GET /api/cases/:id/incidents';
    const post = 'POST /api/cases/:id/incidents/:incidentId/retry';
    expect(lines('incident.read').sort()).toEqual(
      [`Per Hansen allowed ${get}`, `Per Hansen allowed ${get}`, `Per Hansen allowed ${get}`, `Kari Nordmann denied ${get}`, `Anne Lie denied ${get}`, `Siri Moe denied ${get}`].sort(),
    );
    expect(lines('incident.retry').sort()).toEqual(
      [
        `Kari Nordmann denied ${post}`,
        `Anne Lie denied ${post}`,
        `Siri Moe denied ${post}`,
        // 400 (bad id) is refused before the case is looked at; the foreign incident, the failing retry and both 409s passed the access check.
        `Per Hansen allowed ${post}`,
        `Per Hansen allowed ${post}`,
        `Per Hansen allowed ${post}`,
        `Per Hansen allowed ${post}`,
        `Liv Berg allowed ${post}`,
      ].sort(),
    );
    expect(entries.every((e) => e.unitId === fictionalUnitId)).toBe(true);
  });

  it('answers 409 when the case’s process has ended while the incident is open', async () => {
    notifierDown = true;
    const opened = await caseWithIncident();
    const { engine } = app.cases!;
    const [incident] = await engine.runtime.listIncidents({ instanceId: opened.instanceId, status: 'open' });
    await engine.models.Instance.updateOne({ _id: opened.instanceId }, { $set: { status: 'terminated', endedAt: new Date() } });
    const caseworker = await signedIn(person('Per Hansen').id);
    const before = attempts.length;
    const res = await caseworker.api('POST', `/api/cases/${opened.id}/incidents/${incident!.id}/retry`);
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ errors: [{ field: null, message: 'The case’s process has ended, so the step cannot be run again.' }] });
    expect(attempts).toHaveLength(before);
    expect(await app.security.auditLog.search({ caseId: opened.id, actorId: person('Per Hansen').id })).toEqual([
      expect.objectContaining({ action: 'incident.retry', outcome: 'allowed', route: 'POST /api/cases/:id/incidents/:incidentId/retry' }),
    ]);
  });
});
