// Ending an instance from outside its process (a merged case): it stops, its tasks close, its
// timers are cancelled, and nothing it waited on can move it again.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { endInstance } from '../../server/engine/end-instance.js';
import { InstanceEndedError, TaskConflictError } from '../../server/engine/errors.js';
import { emptyEffects } from '../../server/engine/step.js';
import { createTestEngine, fixture, type TestEngine } from '../support/engine.js';

const per = { id: 'per', name: 'Per Hansen' };
let t: TestEngine;

beforeAll(async () => {
  t = await createTestEngine({ name: 'end-instance' });
  await t.registry.add('basic', fixture('basic'));
});

afterAll(async () => {
  await t?.close();
});

describe('ending an instance', () => {
  it('stops it where it waits: tasks closed, timers cancelled, history says who; a second call changes nothing', async () => {
    const started = await t.runtime.startInstance({ processKey: 'basic', caseId: 'case-end-1', actor: per });
    const instanceId = started.instance.id;
    const task = started.openTasks[0]!;
    const timers = await t.models.Timer.find({ instanceId, status: 'scheduled' }).lean();
    expect(timers.length).toBeGreaterThan(0);

    expect(await endInstance(t.connection, { instanceId, actor: per, clock: t.clock })).toEqual({ outcome: 'ended', status: 'terminated' });
    const ended = await t.runtime.getInstance({ instanceId });
    expect(ended.status).toBe('terminated');
    expect(ended.active).toEqual([]);
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(ended.history.filter((h) => h.outcome === 'instance-ended').map((h) => h.elementId)).toContain('Task_Assess');
    expect(ended.history.at(-1)).toMatchObject({ elementType: 'bpmn:Process', outcome: 'terminated', by: per.id });
    expect(await t.models.Task.findById(task.id).lean()).toMatchObject({ status: 'closed', closedReason: 'instance-ended' });
    expect(await t.models.Timer.countDocuments({ instanceId, status: 'scheduled' })).toBe(0);

    // Nothing moves it any more: the task cannot be completed, a due timer does nothing.
    await expect(t.runtime.completeTask({ taskId: task.id, actor: per })).rejects.toBeInstanceOf(TaskConflictError);
    expect((await t.runtime.fireTimer({ timerId: timers[0]!._id, force: true })).outcome).toBe('cancelled');
    expect((await t.runtime.getInstance({ instanceId })).rev).toBe(ended.rev);
    await expect(t.runtime.deliverMessage({ instanceId, messageId: 'Msg_Withdraw', actor: per })).rejects.toBeInstanceOf(InstanceEndedError);

    expect(await endInstance(t.connection, { instanceId, actor: per, clock: t.clock })).toEqual({ outcome: 'already-ended', status: 'terminated' });
    expect((await t.runtime.getInstance({ instanceId })).rev).toBe(ended.rev);
  });

  it('drops the tasks and timers a crashed save left pending, keeping its other writes', async () => {
    const started = await t.runtime.startInstance({ processKey: 'basic', caseId: 'case-end-2', actor: per });
    const instanceId = started.instance.id;
    const at = t.clock.now();
    const pending = {
      ...emptyEffects(),
      tasksCreated: [{ taskId: `${instanceId}-ghost`, executionId: 'ghost', elementId: 'Task_Assess', candidateGroups: [], candidateUsers: [], createdAt: at }],
      jobs: [{ name: 'sendLetter', data: {}, jobId: `sendLetter-${instanceId}` }],
    };
    await t.models.Instance.updateOne({ _id: instanceId }, { $set: { pending } });

    expect((await endInstance(t.connection, { instanceId, actor: per, clock: t.clock })).outcome).toBe('ended');
    const doc = (await t.models.Instance.findById(instanceId).lean())!;
    expect(doc.status).toBe('terminated');
    expect(doc.pending?.tasksCreated).toEqual([]);
    expect(doc.pending?.jobs.map((job) => job.name)).toEqual(['sendLetter']);
    // Applying what is left (as a restart does) opens no task on the ended instance.
    await t.runtime.restoreTimers();
    expect(await t.models.Task.countDocuments({ instanceId, status: { $in: ['open', 'claimed'] } })).toBe(0);
  });
});
