// Instance migration on the real process: instances waiting at elements the new version has move
// and then run on the new version's path; those waiting at a renamed element stay untouched and
// are listed with the reason; a command racing the migration is never lost.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey } from '../../forms/index.js';
import { allowlistExpressions, noScripts } from '../../server/definitions/expressions.js';
import { definitionElements } from '../../server/definitions/elements.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { DefinitionStore } from '../../server/definitions/store.js';
import { migrateInstances, previewMigration, type MigrationOptions } from '../../server/engine/migration.js';
import { StepThreads } from '../../server/engine/step-threads.js';
import { toTaskView } from '../../server/engine/tasks.js';
import type { EngineRuntime, TaskView } from '../../server/engine/types.js';
import { realFile, realSource } from './fixtures.js';
import { withWelcomeCallAndRenamedDraft } from './owner-fixtures.js';
import { createTestEngine, type TestEngine } from '../support/engine.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';

const actor = { id: 'process-owner-test', name: 'Siri Moe' };
const startVariables = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };

let engine: TestEngine;
let runtime: EngineRuntime;
let store: DefinitionStore;
let options: MigrationOptions;
let threads: StepThreads;
let v1: string;
let v2: string;
let target: { id: string; type: string }[];

async function openTasks(instanceId: string): Promise<TaskView[]> {
  const docs = await engine.models.Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).sort({ createdAt: 1 }).lean();
  return docs.map(toTaskView);
}

async function complete(instanceId: string, elementId: string, output?: Record<string, unknown>) {
  const task = (await openTasks(instanceId)).find((candidate) => candidate.elementId === elementId);
  if (!task) throw new Error(`no open ${elementId} in ${instanceId}`);
  const form = formsByKey[task.formKey as keyof typeof formsByKey];
  return runtime.completeTask({ taskId: task.id, actor, output: output ?? { ...(form.example as Record<string, unknown>) } });
}

const granted = { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator' };
const appointed = { ...formsByKey['coordinator-appointment'].example, establishResponsibilityGroup: false };

async function start(n: number): Promise<string> {
  const result = await runtime.startInstance({ processKey: 'individual-plan', caseId: `case-${n}`, variables: startVariables, actor });
  return result.instance.id;
}

beforeAll(async () => {
  engine = await createTestEngine({ name: 'migration', handlers: createJobServiceHandlers() });
  store = new DefinitionStore(engine.connection);
  await store.init();
  runtime = await engine.createRuntime({ registry: store, taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) });
  const first = await store.deploy(realFile, realSource);
  if (first.status === 'refused') throw new Error('v1 refused');
  v1 = first.version.id;
  // The resume steps run in an engine thread, as the product runs them (the rename tests run them on this thread).
  threads = new StepThreads({ threads: 1, liveEngines: 0, logger: engine.logger });
  options = { connection: engine.connection, registry: store, logger: engine.logger, engineOptions: { expressions: allowlistExpressions, scripts: noScripts }, clock: engine.clock, steps: threads };
});

afterAll(async () => {
  await threads?.close();
  await store?.close();
  await engine?.close();
});

describe('instance migration', () => {
  it('moves instances waiting at elements the new version has; they continue on its path; the others stay as they were', async () => {
    const atAssessment = await start(1);
    const atAppointment = await start(2);
    await complete(atAppointment, 'Task_AssessNeed', granted);
    const atDraft = await start(3);
    await complete(atDraft, 'Task_AssessNeed', granted);
    await complete(atDraft, 'Task_AppointCoordinator', appointed);
    expect((await openTasks(atDraft)).map((task) => task.elementId)).toEqual(['Task_DraftPlan']);

    const deployed = await store.deploy(realFile, withWelcomeCallAndRenamedDraft, { deployedBy: actor });
    if (deployed.status !== 'deployed') throw new Error(deployed.status);
    v2 = deployed.version.id;
    target = (await definitionElements(withWelcomeCallAndRenamedDraft)).map(({ id, type }) => ({ id, type }));

    const preview = await previewMigration(engine.connection, v1, target);
    const blocked = preview.filter((candidate) => candidate.blockers.length > 0);
    expect(preview.filter((candidate) => candidate.blockers.length === 0).map((c) => c.instanceId).sort()).toEqual([atAssessment, atAppointment].sort());
    expect(blocked).toEqual([{ instanceId: atDraft, elementIds: expect.arrayContaining(['Task_DraftPlan']), blockers: [{ reason: 'element-missing', elementId: 'Task_DraftPlan' }] }]);

    const before = await engine.models.Instance.findById(atDraft).lean();
    const tasksBefore = await engine.models.Task.find({}).sort({ _id: 1 }).lean();
    const timersBefore = await engine.models.Timer.find({}).sort({ _id: 1 }).lean();
    const result = await migrateInstances(options, { fromVersionId: v1, toVersionId: v2, target, actor });
    expect([...result.moved].sort()).toEqual([atAssessment, atAppointment].sort());
    expect(result.notMoved.map((c) => c.instanceId)).toEqual([atDraft]);

    // The one that could not move is untouched.
    expect(await engine.models.Instance.findById(atDraft).lean()).toEqual(before);
    // Tasks and timers are the same documents as before: nothing opened, closed or rescheduled.
    expect(await engine.models.Task.find({}).sort({ _id: 1 }).lean()).toEqual(tasksBefore);
    expect(await engine.models.Timer.find({}).sort({ _id: 1 }).lean()).toEqual(timersBefore);

    for (const id of [atAssessment, atAppointment]) expect((await engine.models.Instance.findById(id).lean())?.definitionId).toBe(v2);

    // On the new version's path: after the assessment comes the welcome call, which v1 does not have.
    await complete(atAssessment, 'Task_AssessNeed', granted);
    expect((await openTasks(atAssessment)).map((task) => task.elementId)).toEqual(['Task_WelcomeCall']);
    await complete(atAssessment, 'Task_WelcomeCall');
    expect((await openTasks(atAssessment)).map((task) => task.elementId)).toEqual(['Task_AppointCoordinator']);
    // The one moved while waiting at the appointment goes on to the renamed drafting step.
    await complete(atAppointment, 'Task_AppointCoordinator', appointed);
    expect((await openTasks(atAppointment)).map((task) => task.elementId)).toEqual(['Task_WritePlan']);
    // The one left on v1 finishes on v1.
    await complete(atDraft, 'Task_DraftPlan');
    expect((await openTasks(atDraft)).map((task) => task.elementId)).toEqual(['Task_ApprovePlan']);
  });

  it('never loses a command that races the migration', async () => {
    const ids = await Promise.all([10, 11, 12, 13].map((n) => start(n)));
    // Started on the newest version (v2); move them back to v1 while their assessments are completed.
    const v1Elements = (await definitionElements(realSource)).map(({ id, type }) => ({ id, type }));
    const [result] = await Promise.all([
      migrateInstances(options, { fromVersionId: v2, toVersionId: v1, target: v1Elements, actor }),
      ...ids.map((id) => complete(id, 'Task_AssessNeed', granted)),
    ]);
    for (const id of ids) {
      const doc = await engine.models.Instance.findById(id).lean();
      // The completion is in every instance's history, whichever version it ended on.
      expect(doc?.history.some((entry) => entry.elementId === 'Task_AssessNeed' && entry.outcome === 'completed')).toBe(true);
      const open = (await openTasks(id)).map((task) => task.elementId);
      // Moved before the completion: v1's path (the appointment); after it: waiting at v2's welcome call, which v1 lacks.
      if (result.moved.includes(id)) {
        expect(doc?.definitionId).toBe(v1);
        expect(open).toEqual(['Task_AppointCoordinator']);
      } else {
        expect(doc?.definitionId).toBe(v2);
        expect(open).toEqual(['Task_WelcomeCall']);
        expect(result.notMoved.find((c) => c.instanceId === id)?.blockers).toEqual([{ reason: 'element-missing', elementId: 'Task_WelcomeCall' }]);
      }
    }
  });
});
