// The process owners' workspace over HTTP: the product's app (real sign-in, CSRF and audit) over a
// real engine running processes/individual-plan.bpmn, with the definition store on the same
// database. Cases are opened through the request command and driven by completing their tasks; one
// has an open incident (a notification handler that keeps failing).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefinitionStore } from '../../server/definitions/store.js';
import { auditEntryModel } from '../../server/audit/model.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { processTimerJob } from '../../workers/timers/worker.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { testLogger } from '../support/engine.js';
import { appointmentWithoutGroup, completeOpenTask, grantedAssessment, openCase, type OpenedCase } from '../support/cases.js';
import { realFile, realSource, variant } from './fixtures.js';
import { withWelcomeCall } from './owner-fixtures.js';

const person = (name: string) => {
  const user = fictionalUsers.find((u) => u.name === name);
  if (!user) throw new Error(name);
  return user;
};
const kari = person('Kari Nordmann');
const ola = person('Ola Nordmann');
const per = person('Per Hansen');
const anne = person('Anne Lie');
const siri = person('Siri Moe');
const arne = person('Arne Strand');

let app: TestApp;
let store: DefinitionStore;
const opened: OpenedCase[] = [];
let withIncident: OpenedCase;

async function signedIn(userId: string): Promise<Browser> {
  const browser = new Browser(app.baseUrl);
  await browser.signInDev(userId);
  return browser;
}

async function upload(browser: Browser, source: string, name = 'individual-plan.bpmn'): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([source], { type: 'application/xml' }), name);
  return browser.fetch('/api/definitions/individual-plan/versions', { method: 'POST', headers: { 'accept-language': 'en', 'x-csrf-token': browser.csrfToken }, body: form });
}

interface UploadItem {
  id: string;
  status: string;
  versionNumber: number | null;
  message?: string;
  problems: { elementId: string; rule: string; message: string }[];
}

/** Uploads a file and waits until its check is done (it runs in the background); the upload's outcome. */
async function deploy(browser: Browser, source: string, name?: string): Promise<UploadItem> {
  const res = await upload(browser, source, name);
  expect(res.status).toBe(202);
  let item = ((await res.json()) as { upload: UploadItem }).upload;
  expect(item.status).toBe('checking');
  while (item.status === 'checking') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    item = (await json<{ upload: UploadItem }>(await browser.api('GET', `/api/definitions/individual-plan/uploads/${item.id}`))).upload;
  }
  return item;
}

/** Every answer of the workspace, to look for personal data in. */
const answers: string[] = [];
async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  answers.push(text);
  expect([res.status, res.url]).toEqual([status, res.url]);
  return JSON.parse(text) as T;
}

interface Count {
  elementId: string;
  running: number;
  incidents: number;
}

beforeAll(async () => {
  app = await startTestApp({
    withCases: {
      unitId: fictionalUnitId,
      handlers: {
        notifyCoordinatorAppointed: () => {
          throw new Error('notification service unavailable');
        },
      },
    },
    definitions: (db) => {
      store = new DefinitionStore(db);
      return { store, connection: db, logger: testLogger() };
    },
  });
  await store.init();
  // The file in processes/, deployed as at startup: the version the engine's instances run on.
  const deployed = await store.deploy(realFile, realSource, { reactivate: false });
  expect(deployed.status).toBe('deployed');

  const { context, engine } = app.cases!;
  const parties = { person: { name: kari.name, nationalId: kari.nationalId! }, applicant: { name: ola.name, nationalId: ola.nationalId! } };
  const staff = { id: per.id, name: per.name };
  // Two waiting at the need assessment, one at the appointment.
  opened.push(await openCase(context, parties), await openCase(context, parties), await openCase(context, parties));
  await completeOpenTask(context, opened[2]!, 'Task_AssessNeed', grantedAssessment, staff);
  // One appointed, whose notification fails until its incident opens.
  withIncident = await openCase(context, parties);
  opened.push(withIncident);
  await completeOpenTask(context, withIncident, 'Task_AssessNeed', grantedAssessment, staff);
  await completeOpenTask(context, withIncident, 'Task_AppointCoordinator', appointmentWithoutGroup, staff);
  const failure = (await engine.models.Instance.findById(withIncident.instanceId).lean())?.failures[0];
  for (const attempt of [2, 3]) {
    await processTimerJob(engine.runtime, { data: { kind: 'service-retry', instanceId: withIncident.instanceId, executionId: failure!.executionId, attempt } }, engine.logger);
  }
  expect(await engine.models.Incident.countDocuments({ status: 'open', elementId: 'Task_NotifyCoordinatorAppointed' })).toBe(1);
});

afterAll(async () => {
  await store?.close();
  await app?.close();
});

describe('the process owners’ workspace API', () => {
  it('answers only process owners (and admins, reading); every call is audited', async () => {
    expect((await new Browser(app.baseUrl).api('GET', '/api/definitions')).status).toBe(401);
    for (const user of [kari, per, anne]) {
      const browser = await signedIn(user.id);
      for (const path of ['/api/definitions', '/api/definitions/individual-plan/versions', '/api/definitions/individual-plan/versions/1', '/api/definitions/individual-plan/diff?from=1&to=1', '/api/definitions/individual-plan/figures']) {
        const res = await browser.api('GET', path);
        expect([user.name, path, res.status]).toEqual([user.name, path, 403]);
      }
      expect((await upload(browser, withWelcomeCall)).status).toBe(403);
      expect((await browser.api('POST', '/api/definitions/individual-plan/migrations', { fromVersion: 1, toVersion: 2 })).status).toBe(403);
    }
    const admin = await signedIn(arne.id);
    expect((await admin.api('GET', '/api/definitions')).status).toBe(200);
    expect((await admin.api('GET', '/api/definitions/individual-plan/figures')).status).toBe(200);
    expect((await upload(admin, withWelcomeCall)).status).toBe(403);
    expect((await admin.api('POST', '/api/definitions/individual-plan/migrations', { fromVersion: 1, toVersion: 2 })).status).toBe(403);
    expect((await store.latest('individual-plan')).number).toBe(1);

    const owner = await signedIn(siri.id);
    expect((await owner.api('GET', '/api/definitions/no-such-process/versions')).status).toBe(404);
    expect((await owner.api('GET', '/api/definitions/bad$key/versions')).status).toBe(400);

    const entries = await auditEntryModel(app.db).find({ action: /^(definition|figures)\./ }).lean();
    expect(entries.filter((e) => e.actorId === per.id && e.outcome === 'denied').map((e) => e.action)).toEqual(
      expect.arrayContaining(['definition.inspect', 'figures.read', 'definition.deploy', 'definition.migrate']),
    );
    expect(entries.filter((e) => e.actorId === arne.id).map((e) => `${e.action}:${e.outcome}`).sort()).toEqual(
      ['definition.deploy:denied', 'definition.inspect:allowed', 'definition.migrate:denied', 'figures.read:allowed'],
    );
    // The unknown process is looked up after the check (audited); a malformed key never reaches it.
    expect(entries.filter((e) => e.actorId === siri.id).map((e) => e.action)).toEqual(['definition.inspect']);
  });

  it('lists the definitions with their latest version and running instances', async () => {
    const owner = await signedIn(siri.id);
    const body = await json<{ definitions: unknown[] }>(await owner.api('GET', '/api/definitions'));
    expect(body.definitions).toEqual([
      {
        key: 'individual-plan',
        latest: expect.objectContaining({ number: 1, origin: 'file', deployedBy: null, newest: true, verdict: 'accepted', running: 4, fileName: realFile }),
        versions: 1,
        running: 4,
        runningPerVersion: [{ number: 1, running: 4 }],
      },
    ]);
  });

  it('draws counts per element equal to the open tasks and waiting timers in the store, and the open incident', async () => {
    const owner = await signedIn(siri.id);
    const body = await json<{ xml: string; counts: Count[]; elements: { id: string }[] }>(await owner.api('GET', '/api/definitions/individual-plan/versions/1'));
    expect(body.xml).toBe(realSource);
    expect(body.elements.map((e) => e.id)).toContain('Task_AssessNeed');
    const { Task, Timer } = app.cases!.engine.models;
    const byElement = new Map(body.counts.map((count) => [count.elementId, count]));
    const expected = new Map<string, Set<string>>();
    for (const task of await Task.find({ status: { $in: ['open', 'claimed'] } }).lean()) expected.set(task.elementId, (expected.get(task.elementId) ?? new Set()).add(task.instanceId));
    for (const timer of await Timer.find({ status: 'scheduled' }).lean()) expected.set(timer.elementId, (expected.get(timer.elementId) ?? new Set()).add(timer.instanceId));
    expect(expected.size).toBeGreaterThan(1);
    for (const [elementId, instances] of expected) expect([elementId, byElement.get(elementId)?.running]).toEqual([elementId, instances.size]);
    expect(byElement.get('Task_AssessNeed')).toEqual({ elementId: 'Task_AssessNeed', running: 2, incidents: 0 });
    expect(byElement.get('Task_AppointCoordinator')).toEqual({ elementId: 'Task_AppointCoordinator', running: 1, incidents: 0 });
    expect(byElement.get('Task_NotifyCoordinatorAppointed')).toEqual({ elementId: 'Task_NotifyCoordinatorAppointed', running: 1, incidents: 1 });

    expect((await owner.api('GET', '/api/definitions/individual-plan/versions/7')).status).toBe(404);
    expect((await owner.api('GET', '/api/definitions/individual-plan/versions/0')).status).toBe(400);
  });

  it('refuses a broken upload with its problems per element, records it and the refused file, and keeps the last good version', async () => {
    const owner = await signedIn(siri.id);
    const broken = variant('camunda:formKey="review"', 'camunda:formKey="no-such-form"');
    const refused = await deploy(owner, broken);
    expect(refused).toMatchObject({ status: 'refused', versionNumber: null, message: 'The check refused the file. The last good version is still in use.' });
    expect(refused.problems).toEqual([{ elementId: 'Task_ReviewPlan', rule: 'individual-plan/user-task-form', message: expect.stringContaining('no-such-form') }]);
    // Another process's file uploaded here is refused too.
    const other = await deploy(owner, realSource.replaceAll('"individual-plan"', '"another-process"'));
    expect(other.problems.map((p) => p.rule)).toEqual(['process-key']);
    // The file in processes/ broken by an editor (the watcher deploys it).
    expect((await store.deploy(realFile, '<bpmn:definitions')).status).toBe('refused');
    expect((await store.latest('individual-plan')).number).toBe(1);

    const body = await json<{ versions: unknown[]; refusedAttempts: { origin: string; deployedBy: unknown; problems: { elementId: string; rule: string }[] }[] }>(
      await owner.api('GET', '/api/definitions/individual-plan/versions'),
    );
    expect(body.versions).toEqual([expect.objectContaining({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), origin: 'file', verdict: 'accepted' })]);
    expect(body.refusedAttempts.map((a) => [a.origin, a.deployedBy, a.problems.map((p) => `${p.elementId}:${p.rule}`)])).toEqual([
      ['file', null, ['(document):xml']],
      ['browser', { name: 'Siri Moe' }, ['another-process:process-key']],
      ['browser', { name: 'Siri Moe' }, ['Task_ReviewPlan:individual-plan/user-task-form']],
    ]);
    expect((await owner.fetch('/api/definitions/individual-plan/versions', { method: 'POST', headers: { 'x-csrf-token': owner.csrfToken, 'accept-language': 'nb' } })).status).toBe(400);
  });

  it('deploys an upload as a new version by the process owner, and shows the exact difference', async () => {
    const owner = await signedIn(siri.id);
    const deployed = await deploy(owner, withWelcomeCall, 'individuell-plan-v2.bpmn');
    expect(deployed).toMatchObject({ status: 'deployed', versionNumber: 2, problems: [] });
    const listed = await json<{ versions: unknown[] }>(await owner.api('GET', '/api/definitions/individual-plan/versions'));
    expect(listed.versions[0]).toEqual(expect.objectContaining({ number: 2, origin: 'browser', deployedBy: { name: 'Siri Moe' }, newest: true, fileName: 'individuell-plan-v2.bpmn' }));
    expect((await store.latest('individual-plan')).number).toBe(2);

    const diff = await json<Record<string, unknown>>(await owner.api('GET', '/api/definitions/individual-plan/diff?from=1&to=2'));
    expect(diff).toEqual({
      key: 'individual-plan',
      from: 1,
      to: 2,
      added: [
        { id: 'Task_WelcomeCall', name: 'Welcome call', type: 'bpmn:UserTask', attributes: { 'camunda:candidateGroups': 'ke-caseworker', 'camunda:formKey': 'offer-contact' } },
        { id: 'Flow_WelcomeCallDone', name: null, type: 'bpmn:SequenceFlow', attributes: { sourceRef: 'Task_WelcomeCall', targetRef: 'Task_AppointCoordinator' } },
      ],
      removed: [],
      changed: [
        { id: 'Flow_DecisionGranted', type: 'bpmn:SequenceFlow', name: 'Plan and/or coordinator', changes: [{ attribute: 'targetRef', from: 'Task_AppointCoordinator', to: 'Task_WelcomeCall' }] },
      ],
    });
    const bad = await owner.api('GET', '/api/definitions/individual-plan/diff?from=one&to=2');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errors: [{ field: 'from', message: 'Give a version number (1, 2, 3 …).' }] });
    expect((await owner.api('GET', '/api/definitions/individual-plan/diff?from=1&to=9')).status).toBe(404);
  });

  it('previews and runs a migration; the instance with a failed service step stays; moved cases are audited', async () => {
    const owner = await signedIn(siri.id);
    const preview = await json<{ canMove: unknown[]; cannotMove: unknown[] }>(
      await owner.api('POST', '/api/definitions/individual-plan/migrations/preview', { fromVersion: 1, toVersion: 2 }),
    );
    // Groups by where the instances wait, with a count: never single cases.
    expect(preview.canMove).toEqual([
      { elementIds: expect.arrayContaining(['Task_AssessNeed']), blockers: [], instances: 2 },
      { elementIds: expect.arrayContaining(['Task_AppointCoordinator']), blockers: [], instances: 1 },
    ]);
    expect(preview.cannotMove).toEqual([
      { elementIds: expect.arrayContaining(['Task_NotifyCoordinatorAppointed']), blockers: [{ reason: 'service-step', elementId: 'Task_NotifyCoordinatorAppointed' }], instances: 1 },
    ]);
    const mapped = await owner.api('POST', '/api/definitions/individual-plan/migrations/preview', { fromVersion: 1, toVersion: 2, mapping: { Task_A: 'Task_B' } });
    expect(mapped.status).toBe(400);
    expect(((await mapped.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['mapping']);

    const started = await json<{ migration: { id: string; status: string } }>(await owner.api('POST', '/api/definitions/individual-plan/migrations', { fromVersion: 1, toVersion: 2 }), 202);
    expect(started.migration).toMatchObject({ status: 'running', fromVersion: 1, toVersion: 2, startedBy: { name: 'Siri Moe' } });
    // It runs in the background: wait until its record says it is done.
    let result: { status: string; moved: number; notMoved: { instances: number }[] };
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      result = (await json<{ migration: typeof result }>(await owner.api('GET', `/api/definitions/individual-plan/migrations/${started.migration.id}`))).migration;
    } while (result.status === 'running');
    expect(result.status).toBe('done');
    expect(result.moved).toBe(3);
    expect(result.notMoved).toEqual([expect.objectContaining({ instances: 1, blockers: [{ reason: 'service-step', elementId: 'Task_NotifyCoordinatorAppointed' }] })]);
    const { Instance } = app.cases!.engine.models;
    const v2Id = (await store.latest('individual-plan')).id;
    for (const c of opened) expect([c.caseNumber, (await Instance.findById(c.instanceId).lean())?.definitionId === v2Id]).toEqual([c.caseNumber, c !== withIncident]);
    const audited = await auditEntryModel(app.db).find({ action: 'definition.migrate', outcome: 'allowed', caseId: { $exists: true } }).lean();
    expect(audited.map((e) => e.caseId).sort()).toEqual(opened.filter((c) => c !== withIncident).map((c) => c.id).sort());

    const v2 = await json<{ counts: Count[] }>(await owner.api('GET', '/api/definitions/individual-plan/versions/2'));
    expect(v2.counts.find((c) => c.elementId === 'Task_AssessNeed')?.running).toBe(2);
    const list = await json<{ definitions: { runningPerVersion: unknown[] }[] }>(await owner.api('GET', '/api/definitions'));
    expect(list.definitions[0]?.runningPerVersion).toEqual([{ number: 2, running: 3 }, { number: 1, running: 1 }]);
  });

  it('gives figures: request to coordinator and time per user task, without personal data', async () => {
    const owner = await signedIn(siri.id);
    const figures = await json<{ requestToCoordinator: { count: number; p50Ms: number; p90Ms: number }; tasks: { elementId: string; count: number; open: number; p50Ms: number | null }[] }>(
      await owner.api('GET', '/api/definitions/individual-plan/figures'),
    );
    expect(figures.requestToCoordinator).toEqual({ count: 1, p50Ms: expect.any(Number), p90Ms: expect.any(Number) });
    expect(figures.requestToCoordinator.p50Ms).toBeGreaterThanOrEqual(0);
    expect(figures.tasks.find((t) => t.elementId === 'Task_AssessNeed')).toMatchObject({ count: 2, open: 2, overdue: 0 });
    expect(figures.tasks.find((t) => t.elementId === 'Task_AppointCoordinator')).toMatchObject({ count: 1, open: 1 });

    // Nothing in any answer names a person or a case.
    const personal = [kari.name, ola.name, kari.nationalId!, ola.nationalId!, per.name, per.id, anne.name, ...opened.flatMap((c) => [c.id, c.caseNumber])];
    const all = answers.join('\n');
    for (const text of personal) expect([text, all.includes(text)]).toEqual([text, false]);
  });
});
