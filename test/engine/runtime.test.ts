// The engine runtime on MongoDB (embedded wire server) and Redis: task and timer documents,
// revision conflicts, messages, durable timers as BullMQ jobs, incidents and restoreTimers.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { createJobQueue, createTimerQueue, type TimerJobData } from '../../server/engine/queues.js';
import { MessageNotExpectedError, NotFoundError, TaskConflictError } from '../../server/engine/errors.js';
import { savedState, savedStateBytes, unpackState } from '../../server/engine/saved-state.js';
import { emptyEffects } from '../../server/engine/step.js';
import type { ServiceCall, TaskView } from '../../server/engine/types.js';
import { processTimerJob } from '../../workers/timers/worker.js';
import { createTestEngine, fixture, type TestEngine } from '../support/engine.js';

const kari = { id: 'kari' };
const ola = { id: 'ola' };

let t: TestEngine;
let timerQueue: Queue<TimerJobData>;
let jobQueue: Queue;
const calls: ServiceCall[] = [];
let notifyFailing = true;

beforeAll(async () => {
  t = await createTestEngine({
    name: 'engine-runtime',
    handlers: {
      sendReminder: (call) => {
        calls.push(call);
        return { jobs: [{ name: 'sendReminder', data: { caseId: call.caseId } }] };
      },
      closeCase: (call) => {
        calls.push(call);
        return { jobs: [{ name: 'closeCase', data: {} }] };
      },
      sendLetter: (call) => {
        calls.push(call);
        return { jobs: [{ name: 'sendLetter', data: {} }] };
      },
      notify: (call) => {
        calls.push(call);
        if (notifyFailing) throw new Error('notifier unavailable');
        return { jobs: [{ name: 'notify', data: {} }], variables: { notified: true } };
      },
    },
    runtime: { serviceRetry: { maxAttempts: 3, backoffMs: 60_000 } },
  });
  await t.registry.add('basic', fixture('basic'));
  await t.registry.add('timer-catch', fixture('timer-catch'));
  await t.registry.add('flaky', fixture('flaky'));
  timerQueue = createTimerQueue(t.redis, t.prefix);
  jobQueue = createJobQueue(t.redis, t.prefix);
});

afterAll(async () => {
  await timerQueue?.close();
  await jobQueue?.close();
  await t?.close();
});

beforeEach(() => {
  calls.length = 0;
});

async function startBasic(caseId: string, variables: Record<string, unknown> = { coordinator: 'ola' }) {
  const started = await t.runtime.startInstance({ processKey: 'basic', caseId, variables, actor: kari });
  return { ...started, task: started.openTasks[0]! };
}

async function jobsNamed(name: string, instanceId: string) {
  const jobs = await jobQueue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized']);
  return jobs.filter((job) => job?.name === name && job.data.instanceId === instanceId);
}

describe('start and complete', () => {
  it('start derives a task document and timer documents with delayed jobs', async () => {
    const { instance, task } = await startBasic('case-1');
    expect(instance.status).toBe('running');
    expect(instance.rev).toBe(1);
    expect(task).toMatchObject({
      instanceId: instance.id,
      caseId: 'case-1',
      elementId: 'Task_Assess',
      formKey: 'assess',
      candidateGroups: ['ke-caseworker', 'coordinator'],
      status: 'open',
      followUpDate: new Date('2030-01-01T00:00:00Z'),
    });
    expect(task.dueDate!.getTime() - task.createdAt.getTime()).toBe(14 * 86_400_000);

    const stored = await t.models.Task.findById(task.id).lean();
    expect(stored?.executionId).toBe(task.id);
    const timers = await t.models.Timer.find({ instanceId: instance.id }).sort({ dueAt: 1 }).lean();
    expect(timers.map((timer) => [timer.elementId, timer.status])).toEqual([
      ['Reminder', 'scheduled'],
      ['Deadline', 'scheduled'],
    ]);
    for (const timer of timers) {
      const job = await timerQueue.getJob(timer._id);
      expect(job).toBeTruthy();
      expect(await job!.getState()).toBe('delayed');
      expect(job!.id).not.toContain(':');
      expect(Math.abs(job!.opts.delay! - (timer.dueAt.getTime() - Date.now()))).toBeLessThan(60_000);
    }
    // P30D is beyond setTimeout's 2^31 ms: it still became a delayed job.
    expect((await timerQueue.getJob(timers[1]!._id))!.opts.delay!).toBeGreaterThan(2 ** 31);
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.history.map((h) => h.elementId)).toEqual(['Start']);
  });

  it('complete closes the task as completed, opens the next, cancels the timers', async () => {
    const { instance, task } = await startBasic('case-2');
    const timers = await t.models.Timer.find({ instanceId: instance.id }).lean();
    const result = await t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'grant' } });
    expect(result.openTasks.map((x) => [x.elementId, x.assignee, x.status])).toEqual([['Task_Draft', 'ola', 'claimed']]);
    const closed = await t.models.Task.findById(task.id).lean();
    expect(closed).toMatchObject({ status: 'completed', closedReason: 'completed', completedBy: 'kari', output: { decision: 'grant' } });
    for (const timer of timers) {
      expect((await t.models.Timer.findById(timer._id).lean())?.status).toBe('cancelled');
      expect(await timerQueue.getJob(timer._id)).toBeUndefined();
    }
    expect(result.instance.variables).toMatchObject({ decision: 'grant', coordinator: 'ola' });
    expect(result.instance.history.find((h) => h.elementId === 'Task_Assess')).toMatchObject({ outcome: 'completed', by: 'kari' });

    const done = await t.runtime.completeTask({ taskId: result.openTasks[0]!.id, actor: ola, output: {} });
    expect(done.instance.status).toBe('completed');
    expect(done.instance.endedAt).toBeInstanceOf(Date);
    expect(done.openTasks).toEqual([]);
    expect(done.instance.history.at(-1)).toMatchObject({ elementType: 'bpmn:Process', outcome: 'completed' });
  });

  it('keeps the engine state packed, and moves on an instance saved before that (its state as JSON text)', async () => {
    const { instance, task } = await startBasic('case-text-state');
    const stored = await t.models.Instance.findById(instance.id).lean();
    const text = JSON.stringify(unpackState(savedState(stored!.state)));
    expect(savedStateBytes(savedState(stored!.state))).toBeLessThan(Buffer.byteLength(text) / 3);
    // As an instance saved before the state was packed holds it; a new revision, so no live engine is used.
    await t.models.Instance.updateOne({ _id: instance.id }, { $set: { state: text }, $inc: { rev: 1 } });

    const result = await t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'grant' } });
    expect(result.openTasks.map((x) => x.elementId)).toEqual(['Task_Draft']);
    const saved = await t.models.Instance.findById(instance.id).lean();
    expect(typeof saved!.state).not.toBe('string');
    expect(unpackState(savedState(saved!.state))).toMatchObject({ state: expect.any(String) });
  });

  it('rejection path: the letter becomes one job with a deterministic id', async () => {
    const { instance, task } = await startBasic('case-3');
    const result = await t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'reject' } });
    expect(result.instance.status).toBe('completed');
    const letters = await jobsNamed('sendLetter', instance.id);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.id).toBe(`sendLetter-${calls.at(-1)!.idempotencyKey}`);
  });

  it('two concurrent completions of one task: one wins, the other gets a conflict, no duplicate next task', async () => {
    const { instance, task } = await startBasic('case-4');
    const second = await t.createRuntime();
    const results = await Promise.allSettled([
      t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'grant' } }),
      second.completeTask({ taskId: task.id, actor: ola, output: { decision: 'grant' } }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(TaskConflictError);
    expect(await t.models.Task.countDocuments({ instanceId: instance.id, elementId: 'Task_Draft' })).toBe(1);
    await expect(t.runtime.completeTask({ taskId: task.id, actor: kari })).rejects.toThrow(/already completed/);
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.rev).toBe(2);
  });

  it('concurrent commands on different tasks of one instance both land (reload and retry on conflict)', async () => {
    const { instance, task } = await startBasic('case-5');
    const withOther = await t.runtime.deliverMessage({ instanceId: instance.id, messageId: 'Msg_Other', actor: kari });
    const other = withOther.openTasks.find((x) => x.elementId === 'Task_Other')!;
    const second = await t.createRuntime();
    await Promise.all([
      t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'grant' } }),
      second.completeTask({ taskId: other.id, actor: ola, output: { considered: true } }),
    ]);
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.rev).toBe(4);
    expect(view.variables).toMatchObject({ decision: 'grant', considered: true });
    const completed = view.history.filter((h) => h.elementType === 'bpmn:UserTask' && h.outcome === 'completed').map((h) => h.elementId);
    expect(completed.sort()).toEqual(['Task_Assess', 'Task_Other']);
    const open = await t.models.Task.find({ instanceId: instance.id, status: { $in: ['open', 'claimed'] } }).lean();
    expect(open.map((x) => x.elementId)).toEqual(['Task_Draft']);
  });

  it('claim is atomic and completion of an unknown task is a not-found', async () => {
    const { task } = await startBasic('case-6');
    const claims = await Promise.allSettled([t.runtime.claimTask({ taskId: task.id, actor: kari }), t.runtime.claimTask({ taskId: task.id, actor: ola })]);
    expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
    const winner = (claims.find((c) => c.status === 'fulfilled') as PromiseFulfilledResult<TaskView>).value;
    expect(winner.status).toBe('claimed');
    const released = await t.runtime.unclaimTask({ taskId: task.id, actor: kari });
    expect(released.status).toBe('open');
    expect(released.assignee).toBeUndefined();
    await expect(t.runtime.completeTask({ taskId: 'nope', actor: kari })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('messages', () => {
  it('an interrupting message closes the task as interrupted and ends the instance', async () => {
    const { instance, task } = await startBasic('case-m1');
    const result = await t.runtime.deliverMessage({ instanceId: instance.id, messageId: 'Msg_Withdraw', payload: { reason: 'moved' }, actor: ola });
    expect(result.instance.status).toBe('completed');
    expect(await t.models.Task.findById(task.id).lean()).toMatchObject({ status: 'closed', closedReason: 'interrupted' });
    expect(await t.models.Timer.countDocuments({ instanceId: instance.id, status: 'scheduled' })).toBe(0);
    await expect(t.runtime.completeTask({ taskId: task.id, actor: kari })).rejects.toThrow(/closed \(interrupted\)/);
    await expect(t.runtime.deliverMessage({ instanceId: instance.id, messageId: 'Msg_Withdraw', actor: ola })).rejects.toThrow(/completed/);
  });

  it('a non-interrupting message adds a task; a message nobody waits for is refused', async () => {
    const { instance, task } = await startBasic('case-m2');
    const result = await t.runtime.deliverMessage({ instanceId: instance.id, messageId: 'Msg_Other', actor: ola });
    expect(result.openTasks.map((x) => x.elementId).sort()).toEqual(['Task_Assess', 'Task_Other']);
    expect((await t.models.Task.findById(task.id).lean())?.status).toBe('open');
    await expect(t.runtime.deliverMessage({ instanceId: instance.id, messageId: 'Msg_Unknown', actor: ola })).rejects.toBeInstanceOf(
      MessageNotExpectedError,
    );
    expect((await t.runtime.getInstance({ instanceId: instance.id })).rev).toBe(2);
  });
});

describe('timers', () => {
  it('a timer fired twice concurrently advances the instance once', async () => {
    const { instance } = await startBasic('case-t1');
    const reminder = (await t.models.Timer.findOne({ instanceId: instance.id, elementId: 'Reminder' }).lean())!;
    t.clock.advanceDays(8);
    const second = await t.createRuntime();
    const outcomes = await Promise.all([
      t.runtime.fireTimer({ timerId: reminder._id }),
      second.fireTimer({ timerId: reminder._id }),
      processTimerJob(t.runtime, { data: { kind: 'timer', timerId: reminder._id } }, t.logger),
    ]);
    expect(outcomes.map((o) => o.outcome).filter((o) => o === 'fired')).toHaveLength(1);
    expect(outcomes.map((o) => o.outcome).filter((o) => o !== 'fired').every((o) => o === 'already-fired')).toBe(true);
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.history.filter((h) => h.elementId === 'Reminder')).toHaveLength(1);
    expect(view.history.filter((h) => h.elementId === 'SendReminder')).toHaveLength(1);
    expect(await jobsNamed('sendReminder', instance.id)).toHaveLength(1);
    expect((await t.models.Timer.findById(reminder._id).lean())?.status).toBe('fired');
    // The cycle re-armed with a new timer document and job.
    const next = await t.models.Timer.find({ instanceId: instance.id, elementId: 'Reminder', status: 'scheduled' }).lean();
    expect(next).toHaveLength(1);
    expect(await (await timerQueue.getJob(next[0]!._id))?.getState()).toBe('delayed');
  });

  it('a repeating cycle keeps firing until the task completes; not-due timers do not fire', async () => {
    const { instance, task } = await startBasic('case-t2');
    const first = (await t.models.Timer.findOne({ instanceId: instance.id, elementId: 'Reminder' }).lean())!;
    expect((await t.runtime.fireTimer({ timerId: first._id })).outcome).toBe('not-due');
    for (let week = 1; week <= 3; week++) {
      t.clock.advanceDays(7.1);
      expect(await t.runDueTimers({ instanceId: instance.id })).toBe(1);
    }
    expect(await jobsNamed('sendReminder', instance.id)).toHaveLength(3);
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.history.filter((h) => h.elementId === 'Reminder' && h.trigger === 'timer')).toHaveLength(3);
    expect((await t.models.Task.findById(task.id).lean())?.status).toBe('open');
    await t.runtime.completeTask({ taskId: task.id, actor: kari, output: { decision: 'grant' } });
    expect(await t.models.Timer.countDocuments({ instanceId: instance.id, status: 'scheduled' })).toBe(0);
    expect(await t.models.Timer.countDocuments({ instanceId: instance.id, elementId: 'Reminder', status: 'fired' })).toBe(3);
  });

  it('an interrupting deadline timer closes the task as interrupted', async () => {
    const { instance, task } = await startBasic('case-t3');
    t.clock.advanceDays(31);
    await t.runDueTimers({ instanceId: instance.id });
    const view = await t.runtime.getInstance({ instanceId: instance.id });
    expect(view.status).toBe('completed');
    expect(await t.models.Task.findById(task.id).lean()).toMatchObject({ status: 'closed', closedReason: 'interrupted' });
    expect(view.history.find((h) => h.elementId === 'Task_Assess')).toMatchObject({ outcome: 'interrupted', interruptedBy: 'Deadline' });
    expect(await jobsNamed('closeCase', instance.id)).toHaveLength(1);
  });

  it('a 45-day catch timer is a delayed job and fires through the job handler', async () => {
    const started = await t.runtime.startInstance({ processKey: 'timer-catch', caseId: 'case-t4', actor: kari });
    expect(started.openTasks).toEqual([]);
    const timer = (await t.models.Timer.findOne({ instanceId: started.instance.id }).lean())!;
    const job = (await timerQueue.getJob(timer._id))!;
    expect(job.opts.delay).toBeGreaterThan(44 * 86_400_000);
    t.clock.advanceDays(46);
    expect((await processTimerJob(t.runtime, job, t.logger)).outcome).toBe('fired');
    expect((await processTimerJob(t.runtime, job, t.logger)).outcome).toBe('already-fired');
    const view = await t.runtime.getInstance({ instanceId: started.instance.id });
    expect(view.active.map((a) => a.elementId)).toEqual(['Task_After']);
    expect(view.history.find((h) => h.elementId === 'Wait')).toMatchObject({ trigger: 'timer', by: 'system-timer' });
  });

  it('restoreTimers re-creates a job missing from Redis and applies writes a crash left pending', async () => {
    const { instance, task } = await startBasic('case-t5');
    const timers = await t.models.Timer.find({ instanceId: instance.id, status: 'scheduled' }).lean();
    await timerQueue.remove(timers[0]!._id);
    expect(await timerQueue.getJob(timers[0]!._id)).toBeUndefined();
    // A process died after saving the state but before writing the derived task document.
    const doc = (await t.models.Instance.findById(instance.id).lean())!;
    await t.models.Task.deleteOne({ _id: task.id });
    await t.models.Instance.updateOne(
      { _id: instance.id },
      {
        $set: {
          pending: {
            ...emptyEffects(),
            tasksCreated: [{ taskId: task.id, executionId: task.id.slice(instance.id.length + 1), elementId: 'Task_Assess', candidateGroups: [], candidateUsers: [], createdAt: new Date() }],
          },
        },
      },
    );
    const restored = await t.runtime.restoreTimers();
    expect(restored.timersRestored).toBeGreaterThanOrEqual(1);
    expect(restored.instancesRepaired).toBeGreaterThanOrEqual(1);
    expect(await (await timerQueue.getJob(timers[0]!._id))?.getState()).toBe('delayed');
    expect((await t.models.Task.findById(task.id).lean())?.status).toBe('open');
    expect((await t.models.Instance.findById(instance.id).lean())?.pending).toBeNull();
    expect(doc.rev).toBe(1);
    const again = await t.runtime.restoreTimers();
    expect(again.instancesRepaired).toBe(0);
  });
});

describe('service handlers and incidents', () => {
  it('a failing handler is retried, then raises an incident; a staff retry resolves it', async () => {
    notifyFailing = true;
    const started = await t.runtime.startInstance({ processKey: 'flaky', caseId: 'case-s1', actor: kari });
    const instanceId = started.instance.id;
    expect(started.openTasks).toEqual([]);
    expect(started.instance.active).toEqual([expect.objectContaining({ kind: 'service', elementId: 'Notify' })]);
    const executionId = calls[0]!.executionId;
    const retryJob = await timerQueue.getJob(`retry-${instanceId}-${executionId}-2`);
    expect(await retryJob?.getState()).toBe('delayed');

    await processTimerJob(t.runtime, retryJob!, t.logger);
    await processTimerJob(t.runtime, { data: { kind: 'service-retry', instanceId, executionId, attempt: 3 } }, t.logger);
    // A stale retry job does nothing.
    await processTimerJob(t.runtime, { data: { kind: 'service-retry', instanceId, executionId, attempt: 2 } }, t.logger);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);

    const incidents = await t.runtime.listIncidents({ instanceId, status: 'open' });
    expect(incidents).toEqual([expect.objectContaining({ kind: 'service', handler: 'notify', attempts: 3, lastError: 'notifier unavailable' })]);
    expect((await t.runtime.getInstance({ instanceId })).openIncidents).toBe(1);

    // While the incident is open nothing calls the handler again.
    await t.runtime.retryService({ instanceId, executionId, attempt: 4 });
    expect(calls).toHaveLength(3);

    await t.runtime.retryIncident({ incidentId: incidents[0]!.id, actor: ola }).catch(() => undefined);
    expect(calls).toHaveLength(4);
    expect((await t.runtime.listIncidents({ instanceId, status: 'open' }))[0]?.attempts).toBe(4);

    notifyFailing = false;
    const retried = await t.runtime.retryIncident({ incidentId: incidents[0]!.id, actor: ola });
    expect(retried.openTasks.map((x) => x.elementId)).toEqual(['Task_Next']);
    expect(retried.instance.openIncidents).toBe(0);
    expect(retried.instance.variables).toMatchObject({ notified: true });
    expect(await t.runtime.listIncidents({ instanceId, status: 'resolved' })).toEqual([expect.objectContaining({ resolvedBy: 'ola' })]);
    const jobs = await jobsNamed('notify', instanceId);
    expect(jobs.map((j) => j.id)).toEqual([`notify-${instanceId}-${executionId}`]);
    await expect(t.runtime.retryIncident({ incidentId: incidents[0]!.id, actor: ola })).rejects.toThrow(/not open/);
  });
});
