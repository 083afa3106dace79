// Steps in worker threads: the same outputs as on the calling thread, service handlers called where
// they live, errors as the same classes, the runtime's clock, and threads ended by close().
import { afterAll, describe, expect, it } from '@jest/globals';
import { EngineBusyError, EngineRunError, MessageNotExpectedError } from '../../server/engine/errors.js';
import type { StepInput } from '../../server/engine/step.js';
import { StepThreads } from '../../server/engine/step-threads.js';
import { stepInputOf, testLogger, TestClock } from '../support/engine.js';

const actor = { id: 'kari' };
const threads = new StepThreads({ threads: 2, liveEngines: 4, logger: testLogger() });
afterAll(() => threads.close());

const input = (name: string, overrides: Partial<StepInput> = {}) => stepInputOf(name, {}, { instanceId: `i-${name}`, ...overrides });

describe('step threads', () => {
  it('call the service handlers where they live and carry a failure back as the handler said it', async () => {
    const calls: string[] = [];
    let fail = true;
    const base = await input('flaky', {
      handlers: new Map([
        [
          'notify',
          (call) => {
            calls.push(call.elementId);
            if (fail) throw new Error('smtp down');
            return { jobs: [{ name: 'notify', data: { to: 'x' } }] };
          },
        ],
      ]),
    });
    const first = await threads.run(base, { kind: 'start', variables: {}, actor }, 'flaky-v1');
    expect(calls).toEqual(['Notify']);
    expect(first.failures).toEqual([expect.objectContaining({ elementId: 'Notify', attempts: 1, lastError: 'smtp down' })]);
    fail = false;
    const second = await threads.run({ ...base, state: first.state, active: first.active, failures: first.failures }, { kind: 'resume', actor }, 'flaky-v1');
    expect(second.failures).toEqual([]);
    expect(second.effects.jobs).toEqual([expect.objectContaining({ name: 'notify' })]);
    expect(second.effects.tasksCreated.map((task) => task.elementId)).toEqual(['Task_Next']);
  });

  it('use the runtime clock, and go on from a live engine', async () => {
    const clock = new TestClock();
    clock.advanceDays(10);
    const base = await input('basic', { clock });
    const started = await threads.run(base, { kind: 'start', variables: {}, actor }, 'basic-v1');
    const task = started.effects.tasksCreated[0]!;
    expect(Math.abs(task.createdAt.getTime() - clock.now().getTime())).toBeLessThan(60_000);
    const other = await threads.run({ ...base, state: started.state, active: started.active }, { kind: 'message', messageId: 'Msg_Other', payload: {}, actor }, 'basic-v1');
    expect(other.effects.tasksCreated.map((t) => t.elementId)).toEqual(['Task_Other']);
  });

  it('give the step errors back as the same classes', async () => {
    const base = await input('basic');
    const started = await threads.run(base, { kind: 'start', variables: {}, actor }, 'basic-v1');
    await expect(
      threads.run({ ...base, state: started.state, active: started.active }, { kind: 'message', messageId: 'Msg_Nothing', payload: {}, actor }, 'basic-v1'),
    ).rejects.toBeInstanceOf(MessageNotExpectedError);

    const bad = await input('bad-expression');
    const badStarted = await threads.run(bad, { kind: 'start', variables: {}, actor }, 'bad-v1');
    const task = badStarted.effects.tasksCreated[0]!;
    await expect(
      threads.run(
        { ...bad, state: badStarted.state, active: badStarted.active },
        { kind: 'complete-task', executionId: task.executionId, elementId: task.elementId, output: {}, actor },
        'bad-v1',
      ),
    ).rejects.toBeInstanceOf(EngineRunError);
  });

  it('refuse steps once closed', async () => {
    const closing = new StepThreads({ threads: 1, liveEngines: 0, logger: testLogger() });
    const base = await input('basic');
    await closing.run(base, { kind: 'start', variables: {}, actor }, 'basic-v1');
    await closing.close();
    await expect(closing.run(base, { kind: 'start', variables: {}, actor }, 'basic-v1')).rejects.toThrow(/closed/);
  });

  it('run at most two steps a thread at once, let the others wait in order, and refuse a step beyond the waiting room', async () => {
    const bounded = new StepThreads({ threads: 1, liveEngines: 0, maxWaiting: 1, logger: testLogger() });
    try {
      const called: string[] = [];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let twoCalled!: () => void;
      const twoInFlight = new Promise<void>((resolve) => (twoCalled = resolve));
      const base = await input('flaky', {
        handlers: new Map([
          [
            'notify',
            async (call) => {
              called.push(call.caseId);
              if (called.length === 2) twoCalled();
              await gate;
              return { jobs: [] };
            },
          ],
        ]),
      });
      const start = (caseId: string) => bounded.run({ ...base, instanceId: `i-${caseId}`, caseId }, { kind: 'start', variables: {}, actor }, 'flaky-v1');
      const running = [start('a'), start('b')];
      await twoInFlight;
      const waiting = start('c');
      await expect(start('d')).rejects.toBeInstanceOf(EngineBusyError);
      // The waiting step has not reached its service call while both places are taken.
      expect(called).toEqual(['a', 'b']);
      release();
      const outputs = await Promise.all([...running, waiting]);
      expect(called).toEqual(['a', 'b', 'c']);
      expect(outputs.map((output) => output.status)).toEqual(['running', 'running', 'running']);
    } finally {
      await bounded.close();
    }
  });
});
