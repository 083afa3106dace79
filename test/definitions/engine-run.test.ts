import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Timers } from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import { compileSource } from '../../server/definitions/compile.js';
import { allowlistExpressions, noScripts } from '../../server/definitions/expressions.js';
import { formVariable, processMessages } from '../../server/definitions/process-contract.js';
import { serviceHandlerNames } from '../../server/definitions/service-handlers.js';
import { realSource } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-engine's element APIs are loosely typed */

interface TimerRef {
  owner?: { id?: string };
  delay: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
}

const engines: { stop(): void }[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.stop();
});

/**
 * Runs the real BPMN in memory with the allowlist expressions, no scripts, handlers that record
 * their calls, and timers that only fire when the test says so. Completing a task stores the form
 * data under the form's variable, as the runtime does.
 */
async function start(variables: Record<string, unknown>) {
  const sourceContext = await compileSource(realSource);
  const calls: string[] = [];
  const services = Object.fromEntries(
    serviceHandlerNames.map((name) => [
      name,
      (_scope: unknown, callback: (error: Error | null) => void) => {
        calls.push(name);
        callback(null);
      },
    ]),
  );
  const timers = new Timers({ setTimeout: (() => 0) as never, clearTimeout: (() => undefined) as never });
  const listener = new EventEmitter();
  const userTasks: { id: string; formKey: string; candidateGroups: string; dueDate?: string; assignee?: string }[] = [];
  listener.on('wait', (api: any) => {
    if (api.type === 'bpmn:UserTask') {
      const { formKey, candidateGroups, dueDate, assignee } = api.owner.behaviour;
      userTasks.push({ id: api.id, formKey, candidateGroups, dueDate, assignee });
    }
  });
  listener.on('activity.end', (api: any) => {
    const formKey: unknown = api.owner?.behaviour?.formKey;
    if (api.type === 'bpmn:UserTask' && typeof formKey === 'string') {
      api.environment.variables[formVariable(formKey) ?? formKey] = api.content.output?.form;
    }
  });
  const engine = new Engine({
    name: 'individual-plan-test',
    sourceContext: sourceContext as never,
    services,
    expressions: allowlistExpressions as never,
    scripts: noScripts as never,
    timers,
    listener,
    variables,
  });
  engines.push(engine);
  const state = { ended: false };
  engine.once('end', () => {
    state.ended = true;
  });
  const execution = await engine.execute();

  const waiting = (): any[] => {
    const all: any[] = [];
    const visit = (api: any) => {
      all.push(api);
      for (const child of api.getPostponed?.() ?? []) if (child !== api && child.id !== api.id) visit(child);
    };
    for (const api of execution.getPostponed()) visit(api);
    return all;
  };
  const waitingIds = () => [...new Set(waiting().map((api) => api.id as string))].sort();
  const complete = (id: string, form: Record<string, unknown>) => {
    const api = waiting().find((candidate) => candidate.id === id && candidate.type === 'bpmn:UserTask');
    if (!api) throw new Error(`not waiting at ${id}; waiting at ${waitingIds().join(', ')}`);
    execution.signal({ id, executionId: api.executionId, form });
  };
  const pendingTimers = () => (timers.executing as unknown as TimerRef[]).map((timer) => timer.owner?.id ?? '?').sort();
  const fire = (eventId: string) => {
    const timer = (timers.executing as unknown as TimerRef[]).find((candidate) => candidate.owner?.id === eventId);
    if (!timer) throw new Error(`no timer at ${eventId}; timers: ${pendingTimers().join(', ')}`);
    timer.callback(...timer.args);
  };
  return { engine, execution, state, calls, userTasks, waitingIds, complete, fire, pendingTimers };
}

const citizenRequest = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };

describe('individual-plan.bpmn in bpmn-engine', () => {
  it('runs the main path from request to an active plan waiting for review', async () => {
    const run = await start({ ...citizenRequest, consent: { given: false } });
    expect(run.waitingIds()).toEqual([
      'BoundaryEvent_ConsentDeadline',
      'BoundaryEvent_ConsentReminder',
      'BoundaryEvent_ConsentWithdrawn',
      'BoundaryEvent_CoordinatorChangeRequested',
      'BoundaryEvent_InterimReplyDue',
      'SubProcess_Case',
      'Task_ObtainConsent',
    ]);
    expect(run.state.ended).toBe(false);
    // The interim reply's month runs on the whole case, from receipt.
    expect(run.pendingTimers()).toEqual(['BoundaryEvent_ConsentDeadline', 'BoundaryEvent_ConsentReminder', 'BoundaryEvent_InterimReplyDue']);

    // The reminder repeats and does not interrupt.
    run.fire('BoundaryEvent_ConsentReminder');
    run.fire('BoundaryEvent_ConsentReminder');
    expect(run.calls).toEqual(['sendConsentReminder', 'sendConsentReminder']);
    expect(run.waitingIds()).toContain('Task_ObtainConsent');

    run.complete('Task_ObtainConsent', { given: true, givenBy: 'parent', givenOn: '2025-03-12', shareWith: ['gp'] });
    expect(run.pendingTimers()).toEqual(['BoundaryEvent_InterimReplyDue']);
    expect(run.waitingIds()).toContain('Task_AssessNeed');

    // Not decided within a month of receipt: interim reply, once; the task stays.
    run.fire('BoundaryEvent_InterimReplyDue');
    expect(run.calls.filter((call) => call === 'sendInterimReply')).toEqual(['sendInterimReply']);
    expect(run.pendingTimers()).toEqual([]);
    expect(run.waitingIds()).toContain('Task_AssessNeed');
    run.complete('Task_AssessNeed', { decision: 'plan-and-coordinator' });
    run.complete('Task_AppointCoordinator', { coordinatorUserId: 'ingrid.bakke', establishResponsibilityGroup: true });
    expect(run.calls).toContain('notifyCoordinatorAppointed');
    run.complete('Task_EstablishResponsibilityGroup', { members: [] });
    run.complete('Task_DraftPlan', { goals: [] });
    run.complete('Task_ApprovePlan', { approved: false, requestedChanges: 'Flere tiltak på skolen' });
    run.complete('Task_DraftPlan', { goals: [] });
    run.complete('Task_ApprovePlan', { approved: true });

    expect(run.waitingIds()).toEqual(['BoundaryEvent_ConsentWithdrawn', 'BoundaryEvent_CoordinatorChangeRequested', 'Event_ReviewDue', 'SubProcess_Case']);
    expect(run.pendingTimers()).toEqual(['Event_ReviewDue']);

    run.fire('Event_ReviewDue');
    run.complete('Task_ReviewPlan', { outcome: 'continue' });
    expect(run.pendingTimers()).toEqual(['Event_ReviewDue']);
    run.fire('Event_ReviewDue');
    run.complete('Task_ReviewPlan', { outcome: 'revise' });
    expect(run.waitingIds()).toContain('Task_DraftPlan');
    run.complete('Task_DraftPlan', { goals: [] });
    run.complete('Task_ApprovePlan', { approved: true });
    run.fire('Event_ReviewDue');
    run.complete('Task_ReviewPlan', { outcome: 'close', closeReason: 'Målene er nådd' });
    expect(run.state.ended).toBe(true);

    const byId = Object.fromEntries(run.userTasks.map((task) => [task.id, task]));
    expect(byId.Task_AssessNeed).toMatchObject({ formKey: 'need-assessment', candidateGroups: 'ke-caseworker', dueDate: 'P4W' });
    expect(byId.Task_ApprovePlan).toMatchObject({ formKey: 'plan-approval', candidateGroups: 'citizen' });
    expect(byId.Task_DraftPlan).toMatchObject({ formKey: 'plan', candidateGroups: 'coordinator' });
  });

  it('rejects with a decision letter', async () => {
    const run = await start(citizenRequest);
    run.complete('Task_AssessNeed', { decision: 'reject', reasons: 'Personen har ikke behov for langvarige tjenester.' });
    expect(run.calls).toEqual(['sendDecisionLetter']);
    expect(run.state.ended).toBe(true);
  });

  it('starts a health notification with an offer, then asks for a signed request until it is valid', async () => {
    const run = await start({ intake: { channel: 'health-notification' }, signature: { valid: false }, consent: { given: true } });
    expect(run.waitingIds()).toContain('Task_OfferIndividualPlan');
    run.complete('Task_OfferIndividualPlan', { wantsPlan: true });
    run.complete('Task_ObtainSignedRequest', { valid: false, notes: 'Mangler signatur' });
    run.complete('Task_ObtainSignedRequest', { valid: true });
    expect(run.waitingIds()).toContain('Task_AssessNeed');
  });

  it('ends when the notified person declines', async () => {
    const run = await start({ intake: { channel: 'health-notification' }, signature: { valid: false }, consent: { given: false } });
    run.complete('Task_OfferIndividualPlan', { wantsPlan: false });
    expect(run.state.ended).toBe(true);
  });

  it('goes from coordinator only, without group, straight to the review wait', async () => {
    const run = await start(citizenRequest);
    run.complete('Task_AssessNeed', { decision: 'coordinator-only' });
    run.complete('Task_AppointCoordinator', { establishResponsibilityGroup: false });
    expect(run.pendingTimers()).toEqual(['BoundaryEvent_InterimReplyDue', 'Event_ReviewDue']);
  });

  it('cancels the interim reply when the case is rejected before the month is over', async () => {
    const run = await start(citizenRequest);
    expect(run.pendingTimers()).toEqual(['BoundaryEvent_InterimReplyDue']);
    run.complete('Task_AssessNeed', { decision: 'reject', reasons: 'Ingen langvarige behov.' });
    expect(run.state.ended).toBe(true);
    expect(run.pendingTimers()).toEqual([]);
  });

  it('closes the case when consent is missing at the deadline', async () => {
    const run = await start({ ...citizenRequest, consent: { given: false } });
    run.fire('BoundaryEvent_ConsentDeadline');
    expect(run.calls).toEqual(['closeCaseNoConsent']);
    expect(run.state.ended).toBe(true);
    expect(run.pendingTimers()).toEqual([]);
  });

  it('handles repeated requests for another coordinator without interrupting the case', async () => {
    const run = await start(citizenRequest);
    run.execution.signal({ id: processMessages.coordinatorChangeRequested });
    expect(run.waitingIds()).toEqual(expect.arrayContaining(['Task_AssessNeed', 'Task_ConsiderCoordinatorChange']));
    run.complete('Task_ConsiderCoordinatorChange', { decision: 'declined', reasons: 'Ikke mulig nå' });
    expect(run.waitingIds()).toContain('Event_NextCoordinatorChangeRequested');
    run.execution.signal({ id: processMessages.coordinatorChangeRequested });
    expect(run.waitingIds()).toEqual(expect.arrayContaining(['Task_AssessNeed', 'Task_ConsiderCoordinatorChange']));
  });

  it('closes the case with a letter when consent is withdrawn, whatever is open', async () => {
    const run = await start(citizenRequest);
    run.execution.signal({ id: processMessages.coordinatorChangeRequested });
    run.execution.signal({ id: processMessages.consentWithdrawn });
    expect(run.calls).toEqual(['closeCaseConsentWithdrawn']);
    expect(run.state.ended).toBe(true);
    expect(run.waitingIds()).toEqual([]);
    expect(run.pendingTimers()).toEqual([]);
  });
});
