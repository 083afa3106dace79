// Live engines: the next step of an instance goes on from the engine its last step left, only when
// the loaded state is the one that engine saved, and does exactly what a recovered engine does.
import { describe, expect, it } from '@jest/globals';
import { LiveEngines, type ReleaseTimer } from '../../server/engine/live-engines.js';
import type { StepCommand, StepOutput } from '../../server/engine/step.js';
import type { ServiceHandler } from '../../server/engine/types.js';
import { stepInputOf } from '../support/engine.js';

const actor = { id: 'kari' };

/** A timer the test moves by hand. */
class ManualTimer implements ReleaseTimer {
  private time = 0;
  private readonly due: { at: number; run: () => void }[] = [];
  now = () => this.time;
  after = (ms: number, run: () => void) => void this.due.push({ at: this.time + ms, run });
  advance(ms: number): void {
    this.time += ms;
    for (let runs = 0; ; runs++) {
      // A timer that keeps setting itself for now would never let the time move on.
      if (runs > 100) throw new Error('the timers keep running at the same time');
      this.due.sort((a, b) => a.at - b.at);
      if (!this.due[0] || this.due[0].at > this.time) return;
      this.due.shift()!.run();
    }
  }
}

const baseInput = (handlers: Record<string, ServiceHandler>) => stepInputOf('basic', handlers);

/** What a step did, without the engine's random execution ids and the times. */
function outcome(output: StepOutput) {
  const ids = (items: readonly { elementId: string }[]) => items.map((item) => item.elementId).sort();
  return {
    status: output.status,
    variables: output.variables,
    active: output.active.map((a) => `${a.kind}:${a.elementId}`).sort(),
    history: output.history.map((h) => `${h.elementId}:${h.outcome}:${h.by ?? ''}:${h.trigger ?? ''}`),
    tasksCreated: ids(output.effects.tasksCreated),
    tasksClosed: output.effects.tasksClosed.map((t) => `${t.reason}:${t.by ?? ''}:${JSON.stringify(t.output ?? null)}`),
    timersScheduled: ids(output.effects.timersScheduled),
    timersFired: output.effects.timersFired.length,
    timersCancelled: output.effects.timersCancelled.length,
    jobs: output.effects.jobs.map((job) => job.name),
    timerFired: output.timerFired,
  };
}

/** Start, fire the reminder twice, a non-interrupting message, complete the second task, then the first. */
async function drive(engines: LiveEngines, calls: string[]) {
  const base = await baseInput({ sendReminder: (call) => void calls.push(call.elementId), sendLetter: () => ({ jobs: [{ name: 'letter', data: {} }] }) });
  const outcomes: ReturnType<typeof outcome>[] = [];
  let previous: StepOutput | undefined;
  const step = async (command: (last: StepOutput | undefined) => StepCommand) => {
    const input = previous ? { ...base, state: previous.state, active: previous.active, failures: previous.failures, variables: previous.variables } : base;
    previous = await engines.run(input, command(previous), 'v1');
    outcomes.push(outcome(previous));
    return previous;
  };
  const waiting = (last: StepOutput | undefined, elementId: string) => last!.active.find((a) => a.elementId === elementId)!;
  await step(() => ({ kind: 'start', variables: { coordinator: 'ola' }, actor }));
  for (let i = 0; i < 2; i++) {
    await step((last) => ({ kind: 'fire-timer', executionId: waiting(last, 'Reminder').executionId, elementId: 'Reminder', actor }));
  }
  await step(() => ({ kind: 'message', messageId: 'Msg_Other', payload: { other: true }, actor }));
  await step((last) => ({ kind: 'complete-task', executionId: waiting(last, 'Task_Other').executionId, elementId: 'Task_Other', output: { seen: 'yes' }, actor }));
  await step((last) => ({ kind: 'complete-task', executionId: waiting(last, 'Task_Assess').executionId, elementId: 'Task_Assess', output: { decision: 'grant' }, actor }));
  return { outcomes, last: previous! };
}

describe('live engines', () => {
  it('a step on the live engine does what a step on a recovered engine does', async () => {
    const coldCalls: string[] = [];
    const cold = new LiveEngines(0);
    const recovered = await drive(cold, coldCalls);
    const hotCalls: string[] = [];
    const hot = new LiveEngines(4);
    const live = await drive(hot, hotCalls);

    expect(live.outcomes).toEqual(recovered.outcomes);
    expect(hotCalls).toEqual(coldCalls);
    expect(coldCalls).toEqual(['SendReminder', 'SendReminder']);
    expect(live.last.active.map((a) => a.elementId)).toEqual(['Task_Draft']);
    expect(hot.hits).toBe(5);
    expect(cold.hits).toBe(0);
  });

  it('a state the live engine did not save (another process moved the instance) is recovered', async () => {
    const base = await baseInput({});
    const engines = new LiveEngines(4);
    const started = await engines.run(base, { kind: 'start', variables: {}, actor }, 'v1');
    // Another process delivered a message meanwhile: the saved state is its one.
    const elsewhere = await new LiveEngines(0).run(
      { ...base, state: started.state, active: started.active, failures: started.failures, variables: started.variables },
      { kind: 'message', messageId: 'Msg_Other', payload: {}, actor },
      'v1',
    );
    const other = elsewhere.active.find((a) => a.elementId === 'Task_Other')!;
    const done = await engines.run(
      { ...base, state: elsewhere.state, active: elsewhere.active, failures: elsewhere.failures, variables: elsewhere.variables },
      { kind: 'complete-task', executionId: other.executionId, elementId: 'Task_Other', output: {}, actor },
      'v1',
    );
    expect(engines.hits).toBe(0);
    expect(done.history.map((h) => h.elementId)).toContain('Task_Other');
    expect(done.active.map((a) => a.elementId)).toEqual(expect.arrayContaining(['Task_Assess']));
  });

  it('keeps at most its size, dropping the least recently used', async () => {
    const engines = new LiveEngines(1);
    const base = await baseInput({});
    const first = await engines.run({ ...base, instanceId: 'a' }, { kind: 'start', variables: {}, actor }, 'v1');
    await engines.run({ ...base, instanceId: 'b' }, { kind: 'start', variables: {}, actor }, 'v1');
    await engines.run(
      { ...base, instanceId: 'a', state: first.state, active: first.active, failures: first.failures, variables: first.variables },
      { kind: 'message', messageId: 'Msg_Other', payload: {}, actor },
      'v1',
    );
    expect(engines.hits).toBe(0);
    expect(engines.misses).toBe(1);
  });

  it('lets go of an engine left unused for its idle time, and keeps one used again within it', async () => {
    const timer = new ManualTimer();
    const engines = new LiveEngines(4, 1000, timer);
    const base = await baseInput({});
    const started = (output: StepOutput, instanceId: string) => ({ ...base, instanceId, state: output.state, active: output.active, failures: output.failures, variables: output.variables });
    const a = await engines.run({ ...base, instanceId: 'a' }, { kind: 'start', variables: {}, actor }, 'v1');
    timer.advance(600);
    const b = await engines.run({ ...base, instanceId: 'b' }, { kind: 'start', variables: {}, actor }, 'v1');
    timer.advance(399);
    expect(engines.count).toBe(2);
    timer.advance(1);
    expect(engines.count).toBe(1);

    // b, used again before its time, stays; a is recovered and does what its live engine would have.
    timer.advance(500);
    const bAgain = await engines.run(started(b, 'b'), { kind: 'message', messageId: 'Msg_Other', payload: {}, actor }, 'v1');
    const aAgain = await engines.run(started(a, 'a'), { kind: 'message', messageId: 'Msg_Other', payload: {}, actor }, 'v1');
    expect(engines.hits).toBe(1);
    expect(engines.misses).toBe(1);
    expect(outcome(aAgain)).toEqual(outcome(bAgain));
    timer.advance(999);
    expect(engines.count).toBe(2);
    timer.advance(1);
    expect(engines.count).toBe(0);
  });
});
