// The in-memory step (no database): wait states become task/timer specs, commands advance the
// state, and a recovered state behaves like the original.
import { describe, expect, it } from '@jest/globals';
import { runStep, type StepCommand, type StepInput, type StepOutput } from '../../server/engine/step.js';
import { addIsoDuration, evaluateTaskDate } from '../../server/engine/dates.js';
import { EngineRunError, MessageNotExpectedError } from '../../server/engine/errors.js';
import { unpackState } from '../../server/engine/saved-state.js';
import type { ServiceHandler } from '../../server/engine/types.js';
import { stepInputOf } from '../support/engine.js';

const actor = { id: 'kari' };

async function baseInput(name: string, handlers: Record<string, ServiceHandler> = {}): Promise<Omit<StepInput, 'state' | 'active' | 'failures'>> {
  const { state: _state, active: _active, failures: _failures, ...base } = await stepInputOf(name, handlers);
  return base;
}

function next(base: Omit<StepInput, 'state' | 'active' | 'failures'>, previous: StepOutput, command: StepCommand) {
  return runStep({ ...base, state: previous.state, active: previous.active, failures: previous.failures, variables: previous.variables }, command);
}

describe('dates', () => {
  it('adds ISO durations and reads ISO dates', () => {
    const base = new Date('2026-01-31T10:00:00Z');
    expect(addIsoDuration(base, 'P14D')?.toISOString()).toBe('2026-02-14T10:00:00.000Z');
    expect(addIsoDuration(base, 'PT36H')?.toISOString()).toBe('2026-02-01T22:00:00.000Z');
    expect(addIsoDuration(base, 'P1W')?.toISOString()).toBe('2026-02-07T10:00:00.000Z');
    expect(addIsoDuration(base, 'P6M')?.toISOString()).toBe('2026-07-31T10:00:00.000Z');
    expect(addIsoDuration(base, 'nonsense')).toBeUndefined();
    expect(evaluateTaskDate('2030-01-01', base)?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(evaluateTaskDate('2030-01-01T12:00:00+01:00', base)?.toISOString()).toBe('2030-01-01T11:00:00.000Z');
    expect(evaluateTaskDate('', base)).toBeUndefined();
    expect(evaluateTaskDate('soon', base)).toBeUndefined();
  });
});

describe('runStep', () => {
  it('starts: a task spec with camunda attributes, timer specs, no source in the state', async () => {
    const base = await baseInput('basic');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: { coordinator: 'ola' }, actor });
    expect(started.status).toBe('running');
    expect(started.effects.tasksCreated).toHaveLength(1);
    const task = started.effects.tasksCreated[0]!;
    expect(task).toMatchObject({
      elementId: 'Task_Assess',
      name: 'Assess need',
      formKey: 'assess',
      candidateGroups: ['ke-caseworker', 'coordinator'],
      followUpDate: new Date('2030-01-01T00:00:00Z'),
    });
    expect(task.dueDate!.getTime() - task.createdAt.getTime()).toBe(14 * 86_400_000);
    expect(started.effects.timersScheduled.map((t) => [t.elementId, t.timerType, t.timerValue])).toEqual([
      ['Reminder', 'timeCycle', 'R/P7D'],
      ['Deadline', 'timeDuration', 'P30D'],
    ]);
    expect(started.active.map((a) => `${a.kind}:${a.elementId}`).sort()).toEqual(
      ['message:OtherRequested', 'message:Withdrawn', 'task:Task_Assess', 'timer:Deadline', 'timer:Reminder'].sort(),
    );
    expect((unpackState(started.state) as { definitions: { source?: string }[] }).definitions[0]!.source).toBeUndefined();
    expect(started.history.map((h) => h.elementId)).toEqual(['Start']);
    expect(started.history[0]!.by).toBe('kari');
  });

  it('completes a task from a recovered state: output into variables, next task, timers cancelled', async () => {
    const base = await baseInput('basic');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: { coordinator: 'ola' }, actor });
    const task = started.effects.tasksCreated[0]!;
    const done = await next(base, started, {
      kind: 'complete-task',
      executionId: task.executionId,
      elementId: task.elementId,
      output: { decision: 'grant' },
      actor,
    });
    expect(done.effects.tasksClosed).toEqual([expect.objectContaining({ taskId: task.taskId, reason: 'completed', by: 'kari', output: { decision: 'grant' } })]);
    expect(done.effects.tasksCreated).toEqual([expect.objectContaining({ elementId: 'Task_Draft', assignee: 'ola', dueDate: new Date('2031-05-01T00:00:00Z') })]);
    expect(done.effects.timersCancelled).toHaveLength(2);
    expect(done.effects.timersScheduled).toHaveLength(0);
    expect(done.variables).toMatchObject({ coordinator: 'ola', decision: 'grant' });
    expect(done.active.map((a) => a.elementId)).toEqual(['Task_Draft']);
  });

  it('fires a timer on command even before its real due time, and a cycle re-arms', async () => {
    const calls: string[] = [];
    const base = await baseInput('basic', { sendReminder: (call) => void calls.push(call.idempotencyKey) });
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    const reminder = started.active.find((a) => a.elementId === 'Reminder')!;
    const fired = await next(base, started, { kind: 'fire-timer', executionId: reminder.executionId, elementId: 'Reminder', actor });
    expect(fired.timerFired).toBe(true);
    expect(calls).toHaveLength(1);
    expect(fired.effects.timersFired).toEqual([expect.objectContaining({ timerId: reminder.timerId })]);
    expect(fired.effects.timersScheduled).toEqual([expect.objectContaining({ elementId: 'Reminder' })]);
    expect(fired.effects.tasksClosed).toHaveLength(0);
    const reminder2 = fired.active.find((a) => a.elementId === 'Reminder')!;
    expect(reminder2.executionId).not.toBe(reminder.executionId);
    const again = await next(base, fired, { kind: 'fire-timer', executionId: reminder2.executionId, elementId: 'Reminder', actor });
    expect(again.timerFired).toBe(true);
    expect(calls).toHaveLength(2);
    expect(new Set(calls).size).toBe(2);
  });

  it('an interrupting message closes the task as interrupted; an unexpected message is refused', async () => {
    const base = await baseInput('basic');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    await expect(next(base, started, { kind: 'message', messageId: 'Msg_Nothing', payload: {}, actor })).rejects.toBeInstanceOf(MessageNotExpectedError);
    const withdrawn = await next(base, started, { kind: 'message', messageId: 'Msg_Withdraw', payload: { reason: 'moved' }, actor });
    expect(withdrawn.status).toBe('completed');
    expect(withdrawn.effects.tasksClosed).toEqual([expect.objectContaining({ reason: 'interrupted' })]);
    expect(withdrawn.effects.timersCancelled).toHaveLength(2);
    expect(withdrawn.history.find((h) => h.elementId === 'Task_Assess')).toMatchObject({ outcome: 'interrupted', interruptedBy: 'Withdrawn' });
    expect(withdrawn.history.find((h) => h.elementId === 'Withdrawn')).toMatchObject({ by: 'kari', trigger: 'message' });
    expect(withdrawn.variables).toMatchObject({ reason: 'moved' });
    expect(withdrawn.active).toEqual([]);
  });

  it('a non-interrupting message adds a task and keeps the first', async () => {
    const base = await baseInput('basic');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    const other = await next(base, started, { kind: 'message', messageId: 'Msg_Other', payload: {}, actor });
    expect(other.effects.tasksCreated.map((t) => t.elementId)).toEqual(['Task_Other']);
    expect(other.effects.tasksClosed).toHaveLength(0);
    expect(other.active.filter((a) => a.kind === 'task').map((a) => a.elementId).sort()).toEqual(['Task_Assess', 'Task_Other']);
  });

  it('a failing handler leaves the service task running and asks for a retry, then an incident', async () => {
    let fail = true;
    const base = await baseInput('flaky', {
      notify: () => {
        if (fail) throw new Error('smtp down');
        return { jobs: [{ name: 'notify', data: { to: 'x' } }] };
      },
    });
    const first = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    expect(first.failures).toEqual([expect.objectContaining({ elementId: 'Notify', attempts: 1, lastError: 'smtp down' })]);
    expect(first.effects.retries).toEqual([expect.objectContaining({ attempt: 2, delayMs: 1000 })]);
    expect(first.effects.tasksCreated).toHaveLength(0);
    const second = await next(base, first, { kind: 'resume', actor });
    expect(second.effects.retries).toEqual([expect.objectContaining({ attempt: 3, delayMs: 2000 })]);
    const third = await next(base, second, { kind: 'resume', actor });
    expect(third.effects.incidentsOpened).toEqual([expect.objectContaining({ handler: 'notify', attempts: 3 })]);
    const parked = await next(base, third, { kind: 'resume', actor });
    expect(parked.failures[0]!.attempts).toBe(3);
    fail = false;
    const retried = await next(base, parked, { kind: 'resume', retryExecutionId: third.failures[0]!.executionId, actor });
    expect(retried.failures).toEqual([]);
    expect(retried.effects.incidentsResolved).toEqual([expect.objectContaining({ resolution: 'retried', by: 'kari' })]);
    expect(retried.effects.jobs).toEqual([expect.objectContaining({ name: 'notify', jobId: `notify-i1-${third.failures[0]!.executionId}` })]);
    expect(retried.effects.tasksCreated.map((t) => t.elementId)).toEqual(['Task_Next']);
  });

  it('refuses to complete a task execution that does not wait', async () => {
    const base = await baseInput('basic');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    const task = started.effects.tasksCreated[0]!;
    await expect(
      next(base, started, { kind: 'complete-task', executionId: 'nope', elementId: task.elementId, output: {}, actor }),
    ).rejects.toThrow(/no task execution/);
  });

  it('stops with EngineRunError when the allowlist refuses an expression', async () => {
    const base = await baseInput('bad-expression');
    const started = await runStep({ ...base, state: null, active: [], failures: [] }, { kind: 'start', variables: {}, actor });
    const task = started.effects.tasksCreated[0]!;
    await expect(
      next(base, started, { kind: 'complete-task', executionId: task.executionId, elementId: task.elementId, output: {}, actor }),
    ).rejects.toBeInstanceOf(EngineRunError);
  });
});
