// A step's derived writes: tasks, timers and incidents go together, and a document created and
// changed by the same step is created first, so the change finds it (on MongoDB and Redis).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { applyEffects } from '../../server/engine/apply-effects.js';
import { engineContext, type EngineContext } from '../../server/engine/context.js';
import { emptyEffects, type Effects, type TaskSpec, type TimerSpec } from '../../server/engine/step.js';
import { createTestEngine, type TestEngine } from '../support/engine.js';

let t: TestEngine;
let ctx: EngineContext;
const meta = { _id: 'instance-fx', caseId: 'case-fx', processKey: 'basic' };

beforeAll(async () => {
  t = await createTestEngine({ name: 'apply-effects' });
  ctx = engineContext({ connection: t.connection, redis: t.redis, registry: t.registry, logger: t.logger, clock: t.clock, queuePrefix: t.prefix }, t.models);
});

afterAll(async () => {
  await Promise.all([ctx?.timerQueue.close(), ctx?.jobQueue.close(), ctx?.steps.close()]);
  await t?.close();
});

const task = (taskId: string): TaskSpec => ({ taskId, executionId: `${taskId}-exec`, elementId: 'Task_Assess', candidateGroups: ['ke-caseworker'], candidateUsers: [], createdAt: t.clock.now() });
const timer = (timerId: string): TimerSpec => ({
  timerId,
  executionId: `${timerId}-exec`,
  activityExecutionId: `${timerId}-activity`,
  elementId: 'Deadline',
  dueAt: new Date(t.clock.now().getTime() + 86_400_000),
  createdAt: t.clock.now(),
});
const effects = (fields: Partial<Effects>): Effects => ({ ...emptyEffects(), ...fields });

describe('applying a step’s derived writes', () => {
  it('closes a task and cancels a timer the same step created, and writes the unrelated ones alongside', async () => {
    const at = t.clock.now();
    await applyEffects(ctx, meta, effects({ tasksCreated: [task('t-earlier')], timersScheduled: [timer('x-earlier')] }));

    await applyEffects(
      ctx,
      meta,
      effects({
        tasksCreated: [task('t-brief'), task('t-next')],
        tasksClosed: [
          { taskId: 't-brief', reason: 'interrupted', at },
          { taskId: 't-earlier', reason: 'completed', at, by: 'kari', output: { decision: 'grant' } },
        ],
        timersScheduled: [timer('x-brief'), timer('x-next')],
        timersCancelled: [
          { timerId: 'x-brief', at },
          { timerId: 'x-earlier', at },
        ],
      }),
    );

    const tasks = Object.fromEntries((await t.models.Task.find({ instanceId: meta._id }).lean()).map((doc) => [doc._id, doc.status]));
    expect(tasks).toEqual({ 't-earlier': 'completed', 't-brief': 'closed', 't-next': 'open' });
    const timers = Object.fromEntries((await t.models.Timer.find({ instanceId: meta._id }).lean()).map((doc) => [doc._id, doc.status]));
    expect(timers).toEqual({ 'x-earlier': 'cancelled', 'x-brief': 'cancelled', 'x-next': 'scheduled' });
    // Only the timer still scheduled has its job.
    expect(await ctx.timerQueue.getJob('x-next')).toBeDefined();
    expect(await ctx.timerQueue.getJob('x-brief')).toBeUndefined();
    expect(await ctx.timerQueue.getJob('x-earlier')).toBeUndefined();
  });
});
