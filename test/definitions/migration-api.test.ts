// Migration of 200 instances of the real process over the API: version 2 adds a step (the welcome
// call) and renames another (Task_DraftPlan → Task_WritePlan, given as a mapping). The preview
// groups them; the run moves every instance that can move and leaves the others (waiting at a
// failed service step) untouched and listed. Afterwards every moved instance has the same task and
// timer documents as before (ids, due dates, times; the renamed step's under its new id), and goes on
// on version 2's paths.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey } from '../../forms/index.js';
import { definitionElements } from '../../server/definitions/elements.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { DefinitionStore } from '../../server/definitions/store.js';
import type { EngineRuntime } from '../../server/engine/types.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { testLogger } from '../support/engine.js';
import { realFile, realSource } from './fixtures.js';
import { withWelcomeCallAndRenamedDraft } from './owner-fixtures.js';

const siri = fictionalUsers.find((user) => user.name === 'Siri Moe')!;
const actor = { id: 'case-worker', name: 'Per Hansen' };
const variables = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };
const granted = { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator' };
const appointed = { ...formsByKey['coordinator-appointment'].example, establishResponsibilityGroup: false };
const jobHandlers = createJobServiceHandlers();
const total = 200;

let app: TestApp;
let store: DefinitionStore;
let runtime: EngineRuntime;

beforeAll(async () => {
  app = await startTestApp({
    withCases: { unitId: fictionalUnitId },
    definitions: (db) => {
      store = new DefinitionStore(db);
      return { store, connection: db, logger: testLogger() };
    },
  });
  await store.init();
  expect((await store.deploy(realFile, realSource, { reactivate: false })).status).toBe('deployed');
  // A runtime that finds versions in the store (the one deployed from the browser too). The
  // coordinator's notification fails for the "stuck" cases: they wait at a failed service step.
  runtime = await app.cases!.engine.createRuntime({
    registry: store,
    taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined),
    serviceHandlers: {
      ...jobHandlers,
      notifyCoordinatorAppointed: (call) => {
        if (call.caseId.startsWith('stuck-')) throw new Error('notification service unavailable');
        return jobHandlers.notifyCoordinatorAppointed!(call);
      },
    },
    serviceRetry: { maxAttempts: 3, backoffMs: 3_600_000, timeoutMs: 5_000 },
  });
}, 120_000);

afterAll(async () => {
  await store?.close();
  await app?.close();
});

async function complete(instanceId: string, elementId: string, output: Record<string, unknown>) {
  const task = await app.cases!.engine.models.Task.findOne({ instanceId, elementId, status: { $in: ['open', 'claimed'] } }).lean();
  if (!task) throw new Error(`no open ${elementId} in ${instanceId}`);
  await runtime.completeTask({ taskId: task._id, actor, output });
}

describe('a migration of 200 instances over the API', () => {
  it('moves every instance that can move with their tasks and timers as they were; the others stay untouched and listed', async () => {
    const { Instance, Task, Timer } = app.cases!.engine.models;
    // 80 at the need assessment, 60 at the appointment, 40 at the plan drafting, 20 at a failed notification.
    const instances: { id: string; group: 'assess' | 'appoint' | 'draft' | 'stuck' }[] = [];
    for (let n = 0; n < total; n++) {
      const group = n % 10 < 4 ? 'assess' : n % 10 < 7 ? 'appoint' : n % 10 < 9 ? 'draft' : 'stuck';
      const id = (await runtime.startInstance({ processKey: 'individual-plan', caseId: `${group === 'stuck' ? 'stuck' : 'case'}-${n}`, variables, actor })).instance.id;
      if (group !== 'assess') await complete(id, 'Task_AssessNeed', granted);
      if (group === 'draft' || group === 'stuck') await complete(id, 'Task_AppointCoordinator', appointed);
      instances.push({ id, group });
    }
    const ids = instances.map((instance) => instance.id);
    const stuck = instances.filter((instance) => instance.group === 'stuck').map((instance) => instance.id);

    const owner = new Browser(app.baseUrl);
    await owner.signInDev(siri.id);
    const form = new FormData();
    form.append('file', new Blob([withWelcomeCallAndRenamedDraft], { type: 'application/xml' }), 'individual-plan.bpmn');
    const uploaded = await owner.fetch('/api/definitions/individual-plan/versions', { method: 'POST', headers: { 'x-csrf-token': owner.csrfToken }, body: form });
    expect(uploaded.status).toBe(202);
    let upload = ((await uploaded.json()) as { upload: { id: string; status: string } }).upload;
    while (upload.status === 'checking') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      upload = ((await (await owner.api('GET', `/api/definitions/individual-plan/uploads/${upload.id}`)).json()) as { upload: typeof upload }).upload;
    }
    expect(upload.status).toBe('deployed');
    const v2 = await store.latest('individual-plan');
    const v2Ids = new Set((await definitionElements(v2.source)).map((element) => element.id));

    const before = new Map((await Instance.find({ _id: { $in: ids } }).lean()).map((doc) => [doc._id, doc]));
    const tasksBefore = await Task.find({ instanceId: { $in: ids } }).sort({ _id: 1 }).lean();
    const timersBefore = await Timer.find({ instanceId: { $in: ids } }).sort({ _id: 1 }).lean();

    const mapping = { Task_DraftPlan: 'Task_WritePlan' };
    // Without the mapping the drafting cases cannot move; with it they can. The stuck ones never.
    const unmapped = (await (await owner.api('POST', '/api/definitions/individual-plan/migrations/preview', { fromVersion: 1, toVersion: 2 })).json()) as {
      cannotMove: { blockers: { reason: string; elementId: string }[]; instances: number }[];
      renameCandidates: Record<string, { id: string }[]>;
    };
    expect(unmapped.cannotMove.find((group) => group.blockers.some((b) => b.elementId === 'Task_DraftPlan'))?.instances).toBe(40);
    expect(unmapped.renameCandidates.Task_DraftPlan?.map((candidate) => candidate.id)).toEqual(expect.arrayContaining(['Task_WritePlan', 'Task_WelcomeCall']));
    const preview = (await (await owner.api('POST', '/api/definitions/individual-plan/migrations/preview', { fromVersion: 1, toVersion: 2, mapping })).json()) as {
      canMove: { instances: number }[];
      cannotMove: { blockers: { reason: string; elementId: string }[]; instances: number }[];
    };
    expect(preview.canMove.reduce((sum, group) => sum + group.instances, 0)).toBe(180);
    expect(preview.cannotMove).toEqual([{ elementIds: expect.arrayContaining(['Task_NotifyCoordinatorAppointed']), blockers: [{ reason: 'service-step', elementId: 'Task_NotifyCoordinatorAppointed' }], instances: 20 }]);
    // A mapping to an element of another type, or from an element that still exists, is refused.
    for (const bad of [{ Task_DraftPlan: 'Flow_WelcomeCallDone' }, { Task_AssessNeed: 'Task_WritePlan' }, { Task_DraftPlan: 'Task_Nowhere' }]) {
      const res = await owner.api('POST', '/api/definitions/individual-plan/migrations/preview', { fromVersion: 1, toVersion: 2, mapping: bad });
      expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
    }

    const started = (await (await owner.api('POST', '/api/definitions/individual-plan/migrations', { fromVersion: 1, toVersion: 2, mapping })).json()) as { migration: { id: string } };
    let run: { status: string; moved: number; notMoved: { elementIds: string[]; blockers: unknown[]; instances: number }[] };
    do {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = ((await (await owner.api('GET', `/api/definitions/individual-plan/migrations/${started.migration.id}`)).json()) as { migration: typeof run }).migration;
    } while (run.status === 'running');
    expect(run.status).toBe('done');
    expect(run.moved).toBe(180);
    expect(run.notMoved).toEqual(preview.cannotMove);

    // The ones that could not move: exactly as they were.
    for (const id of stuck) expect(await Instance.findById(id).lean()).toEqual(before.get(id));
    // Every moved instance: on version 2, waiting at elements version 2 has, with the same executions.
    for (const { id, group } of instances.filter((instance) => instance.group !== 'stuck')) {
      const doc = (await Instance.findById(id).lean())!;
      expect([id, doc.definitionId, doc.active.every((element) => v2Ids.has(element.elementId))]).toEqual([id, v2.id, true]);
      expect(doc.active.map((element) => element.executionId).sort()).toEqual(before.get(id)!.active.map((element) => element.executionId).sort());
      if (group === 'draft') expect(doc.active.some((element) => element.elementId === 'Task_WritePlan')).toBe(true);
    }
    // Tasks and timers: the same documents (ids, status, due dates, timer times); the renamed step's tasks under the new id.
    const rename = (elementId: string) => (elementId === 'Task_DraftPlan' ? 'Task_WritePlan' : elementId);
    const shape = (task: (typeof tasksBefore)[number], renamed: boolean) => [task._id, task.status, renamed ? rename(task.elementId) : task.elementId, task.dueDate?.toISOString(), task.assignee];
    const tasksAfter = await Task.find({ instanceId: { $in: ids } }).sort({ _id: 1 }).lean();
    expect(tasksAfter.map((task) => shape(task, false))).toEqual(tasksBefore.map((task) => shape(task, task.status !== 'completed' && !stuck.includes(task.instanceId))));
    const timerShape = (timer: (typeof timersBefore)[number]) => [timer._id, timer.status, timer.elementId, timer.dueAt.toISOString()];
    expect((await Timer.find({ instanceId: { $in: ids } }).sort({ _id: 1 }).lean()).map(timerShape)).toEqual(timersBefore.map(timerShape));

    // They go on on version 2: the new step after the assessment, the renamed step's completion.
    const assess = instances.find((instance) => instance.group === 'assess')!.id;
    await complete(assess, 'Task_AssessNeed', granted);
    expect((await Task.find({ instanceId: assess, status: { $in: ['open', 'claimed'] } }).lean()).map((task) => task.elementId)).toEqual(['Task_WelcomeCall']);
    const draft = instances.find((instance) => instance.group === 'draft')!.id;
    await complete(draft, 'Task_WritePlan', { ...formsByKey.plan.example });
    expect((await Task.find({ instanceId: draft, status: { $in: ['open', 'claimed'] } }).lean()).map((task) => task.elementId)).toEqual(['Task_ApprovePlan']);
  }, 900_000);
});
