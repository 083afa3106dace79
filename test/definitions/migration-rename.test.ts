// Instance migration with renamed elements on the real process: instances waiting at a renamed user
// task (with a renamed reminder timer attached) and at another renamed task move with a mapping, keep
// their tasks and timers (same ids, due dates and times, now under the new element ids), and then run
// on the new version: the renamed timer fires there, and completing the renamed tasks takes the new
// version's paths. Without the mapping they cannot move and stay as they were.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey } from '../../forms/index.js';
import { allowlistExpressions, noScripts } from '../../server/definitions/expressions.js';
import { definitionElements } from '../../server/definitions/elements.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { DefinitionStore } from '../../server/definitions/store.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { migrateInstances, previewMigration, type MigrationOptions } from '../../server/engine/migration.js';
import { finishRenames, renameInState } from '../../server/engine/migration-renames.js';
import { unpackState } from '../../server/engine/saved-state.js';
import { toTaskView } from '../../server/engine/tasks.js';
import type { EngineRuntime, TaskView } from '../../server/engine/types.js';
import { createTestEngine, type TestEngine } from '../support/engine.js';
import { realFile, realSource } from './fixtures.js';
import { renames, withWelcomeCallAndRenames } from './owner-fixtures.js';

const actor = { id: 'process-owner-test', name: 'Siri Moe' };
const withConsent = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };
const withoutConsent = { ...withConsent, consent: { given: false } };
const granted = { ...formsByKey['need-assessment'].example, decision: 'plan-and-coordinator' };
const appointed = { ...formsByKey['coordinator-appointment'].example, establishResponsibilityGroup: false };

let engine: TestEngine;
let runtime: EngineRuntime;
let store: DefinitionStore;
let options: MigrationOptions;
let v1: string;

async function openTasks(instanceId: string): Promise<TaskView[]> {
  const docs = await engine.models.Task.find({ instanceId, status: { $in: ['open', 'claimed'] } }).sort({ createdAt: 1 }).lean();
  return docs.map(toTaskView);
}

async function complete(instanceId: string, elementId: string, output?: Record<string, unknown>) {
  const task = (await openTasks(instanceId)).find((candidate) => candidate.elementId === elementId);
  if (!task) throw new Error(`no open ${elementId} in ${instanceId}: ${(await openTasks(instanceId)).map((t) => t.elementId).join()}`);
  const form = formsByKey[task.formKey as keyof typeof formsByKey];
  return runtime.completeTask({ taskId: task.id, actor, output: output ?? { ...(form.example as Record<string, unknown>) } });
}

async function start(n: number, variables: Record<string, unknown>): Promise<string> {
  return (await runtime.startInstance({ processKey: 'individual-plan', caseId: `case-${n}`, variables, actor })).instance.id;
}

beforeAll(async () => {
  engine = await createTestEngine({ name: 'migration-rename', handlers: createJobServiceHandlers() });
  store = new DefinitionStore(engine.connection);
  await store.init();
  runtime = await engine.createRuntime({ registry: store, taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) });
  const first = await store.deploy(realFile, realSource);
  if (first.status === 'refused') throw new Error('v1 refused');
  v1 = first.version.id;
  options = { connection: engine.connection, registry: store, logger: engine.logger, engineOptions: { expressions: allowlistExpressions, scripts: noScripts }, clock: engine.clock };
});

afterAll(async () => {
  await store?.close();
  await engine?.close();
});

describe('instance migration with renamed elements', () => {
  it('rewrites only reference fields of the saved state, never variables', () => {
    const state = JSON.stringify({
      environment: { variables: { note: 'Task_DraftPlan' } },
      children: [{ id: 'Task_DraftPlan', executionId: 'Task_DraftPlan_1a2b', discardSequence: ['Task_DraftPlan', 'Gateway_X'], content: { targetId: 'Task_DraftPlan', attachedTo: 'Task_DraftPlan', name: 'Task_DraftPlan' } }],
    });
    // Text, as instances saved before the state was packed hold it; the rename writes it packed.
    expect(unpackState(renameInState(state, renames))).toEqual({
      environment: { variables: { note: 'Task_DraftPlan' } },
      children: [{ id: 'Task_WritePlan', executionId: 'Task_DraftPlan_1a2b', discardSequence: ['Task_WritePlan', 'Gateway_X'], content: { targetId: 'Task_WritePlan', attachedTo: 'Task_WritePlan', name: 'Task_DraftPlan' } }],
    });
  });

  it('moves instances waiting at renamed tasks and timers with the mapping; they go on on the new version', async () => {
    const atConsent = await start(1, withoutConsent);
    const atDraft = await start(2, withConsent);
    await complete(atDraft, 'Task_AssessNeed', granted);
    await complete(atDraft, 'Task_AppointCoordinator', appointed);
    expect((await openTasks(atConsent)).map((task) => task.elementId)).toEqual(['Task_ObtainConsent']);
    expect((await openTasks(atDraft)).map((task) => task.elementId)).toEqual(['Task_DraftPlan']);
    const reminderBefore = await engine.models.Timer.findOne({ instanceId: atConsent, elementId: 'BoundaryEvent_ConsentReminder', status: 'scheduled' }).lean();
    expect(reminderBefore).not.toBeNull();

    const deployed = await store.deploy(realFile, withWelcomeCallAndRenames, { deployedBy: actor });
    if (deployed.status !== 'deployed') throw new Error(deployed.status);
    const v2 = deployed.version.id;
    const target = (await definitionElements(withWelcomeCallAndRenames)).map(({ id, type, name }) => ({ id, type, name }));

    // Without the mapping neither can move; with it both can.
    const blocked = await previewMigration(engine.connection, v1, target);
    expect(blocked.every((candidate) => candidate.blockers.some((blocker) => blocker.reason === 'element-missing'))).toBe(true);
    const withMapping = await previewMigration(engine.connection, v1, target, renames);
    expect(withMapping.map((candidate) => [candidate.instanceId, candidate.blockers])).toEqual(
      expect.arrayContaining([
        [atConsent, []],
        [atDraft, []],
      ]),
    );

    const tasksBefore = await engine.models.Task.find({ instanceId: { $in: [atConsent, atDraft] }, status: 'open' }).sort({ _id: 1 }).lean();
    const timersBefore = await engine.models.Timer.find({ instanceId: { $in: [atConsent, atDraft] }, status: 'scheduled' }).sort({ _id: 1 }).lean();
    const result = await migrateInstances(options, { fromVersionId: v1, toVersionId: v2, target, mapping: renames, actor });
    expect([...result.moved].sort()).toEqual([atConsent, atDraft].sort());
    expect(result.notMoved).toEqual([]);

    // The same task and timer documents (ids, due dates, times), now under the new element ids.
    const tasksAfter = await engine.models.Task.find({ instanceId: { $in: [atConsent, atDraft] }, status: 'open' }).sort({ _id: 1 }).lean();
    const timersAfter = await engine.models.Timer.find({ instanceId: { $in: [atConsent, atDraft] }, status: 'scheduled' }).sort({ _id: 1 }).lean();
    const renamed = (id: string) => renames[id as keyof typeof renames] ?? id;
    expect(tasksAfter.map((task) => [task._id, task.elementId, task.dueDate])).toEqual(tasksBefore.map((task) => [task._id, renamed(task.elementId), task.dueDate]));
    expect(timersAfter.map((timer) => [timer._id, timer.elementId, timer.dueAt])).toEqual(timersBefore.map((timer) => [timer._id, renamed(timer.elementId), timer.dueAt]));
    for (const id of [atConsent, atDraft]) {
      const doc = await engine.models.Instance.findById(id).lean();
      expect(doc?.definitionId).toBe(v2);
      expect(doc?.active.map((element) => element.elementId).filter((elementId) => Object.hasOwn(renames, elementId))).toEqual([]);
    }
    expect(await finishRenames(engine.connection)).toBe(0);

    // The renamed reminder timer fires on the new version, under its new id; the renamed task still waits.
    const reminder = timersAfter.find((timer) => timer.instanceId === atConsent && timer.elementId === 'BoundaryEvent_WeeklyConsentReminder');
    expect(reminder?._id).toBe(reminderBefore?._id);
    expect((await runtime.fireTimer({ timerId: reminder!._id, force: true })).outcome).toBe('fired');
    const afterReminder = await engine.models.Instance.findById(atConsent).lean();
    expect(afterReminder?.history.some((entry) => entry.elementId === 'BoundaryEvent_WeeklyConsentReminder')).toBe(true);
    expect(afterReminder?.active.map((element) => element.elementId)).toEqual(expect.arrayContaining(['Task_RegisterConsent', 'BoundaryEvent_WeeklyConsentReminder']));

    // Completing the renamed tasks takes the new version's paths.
    await complete(atConsent, 'Task_RegisterConsent');
    expect((await openTasks(atConsent)).map((task) => task.elementId)).toEqual(['Task_AssessNeed']);
    await complete(atConsent, 'Task_AssessNeed', granted);
    expect((await openTasks(atConsent)).map((task) => task.elementId)).toEqual(['Task_WelcomeCall']);
    await complete(atDraft, 'Task_WritePlan');
    expect((await openTasks(atDraft)).map((task) => task.elementId)).toEqual(['Task_ApprovePlan']);
  });
});
