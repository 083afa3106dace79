/**
 * Service tasks in a step: the named handler is called (with a timeout); a failure is retried
 * later by the retry policy (exponential backoff) and after the last automatic attempt parks the
 * task with an incident until staff retry it.
 */
import type { ExecutionScope } from 'bpmn-elements';
import { incidentIdFor, safeJobId } from '../ids.js';
import type { ServiceCall, ServiceFailure, ServiceHandler, ServiceResult } from '../types.js';
import { errorText, type ServiceRetryPolicy, type StepState } from './state.js';
import { assignProcessVariables } from './variables.js';

export type ServiceCallback = (error: Error | null, result?: unknown) => void;

/** What happens after a failed attempt: another automatic attempt after a delay, or an incident. */
export function afterFailure(policy: ServiceRetryPolicy, attempt: number): { retryInMs: number } | 'incident' {
  return attempt >= policy.maxAttempts ? 'incident' : { retryInMs: policy.backoffMs * 2 ** (attempt - 1) };
}

export class ServiceTasks {
  /** Handler calls still running; the step settles when none is left. */
  readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly state: StepState) {}

  /** The engine calls the service `name` (one of the step's handlers). */
  call(name: string, scope: ExecutionScope, callback: ServiceCallback): void {
    const handler = this.state.input.handlers.get(name);
    if (handler) this.run(name, handler, scope, callback);
    else this.state.errors.push({ message: `no service handler ${name}`, elementId: scope.id });
  }

  /** The failure of an execution ends when it leaves: an incident it had is resolved. */
  onLeave(executionId: string): void {
    const { state } = this;
    const failure = state.failures.get(executionId);
    if (!failure) return;
    state.failures.delete(executionId);
    if (failure.incidentId) {
      state.effects.incidentsResolved.push({ incidentId: failure.incidentId, at: state.now(), by: state.actor.id, resolution: 'element-left' });
    }
  }

  /** The instance ended: every incident it had is resolved. */
  endAll(): void {
    const { state } = this;
    for (const failure of state.failures.values()) {
      if (failure.incidentId) {
        state.effects.incidentsResolved.push({ incidentId: failure.incidentId, at: state.now(), by: state.actor.id, resolution: 'instance-ended' });
      }
    }
    state.failures.clear();
  }

  private run(name: string, handler: ServiceHandler, scope: ExecutionScope, callback: ServiceCallback): void {
    const { state } = this;
    const { input } = state;
    const executionId: string = scope.content.executionId ?? scope.id;
    const elementId = scope.id;
    const previous = state.failures.get(executionId);
    const retryRequested = state.command.kind === 'resume' && state.command.retryExecutionId === executionId;
    if (previous?.incidentId && !retryRequested) {
      // Parked until staff retry the incident: the task stays running in the saved state.
      return;
    }
    const attempt = (previous?.attempts ?? 0) + 1;
    const idempotencyKey = `${input.instanceId}-${executionId}`;
    // The execute message's content names the element (bpmn-elements).
    const elementName: unknown = scope.content.name;
    const call: ServiceCall = {
      handler: name,
      instanceId: input.instanceId,
      caseId: input.caseId,
      processKey: input.processKey,
      elementId,
      ...(typeof elementName === 'string' && elementName ? { elementName } : {}),
      executionId,
      idempotencyKey,
      variables: Object.freeze({ ...scope.environment.variables }),
      attempt,
    };
    const run = async () => {
      let result: ServiceResult | void;
      let timeout: NodeJS.Timeout | undefined;
      try {
        result = await Promise.race([
          Promise.resolve().then(() => handler(call)),
          new Promise<never>((_, reject) => {
            timeout = setTimeout(() => reject(new Error(`handler ${name} timed out after ${input.serviceRetry.timeoutMs} ms`)), input.serviceRetry.timeoutMs);
          }),
        ]);
      } catch (error) {
        this.recordFailure(call, previous, error);
        return;
      } finally {
        clearTimeout(timeout);
      }
      this.recordSuccess(executionId, previous);
      for (const job of result?.jobs ?? []) {
        state.effects.jobs.push({ ...job, jobId: safeJobId(job.jobId ?? `${job.name}-${idempotencyKey}`) });
      }
      if (result?.variables) assignProcessVariables(state, result.variables, scope.environment);
      callback(null, result?.variables ?? {});
    };
    const promise = run().catch((error: unknown) => {
      state.errors.push({ message: errorText(error), elementId });
    });
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private recordFailure(call: ServiceCall, previous: ServiceFailure | undefined, error: unknown): void {
    const { state } = this;
    const { input } = state;
    const { handler, elementId, executionId, attempt, elementName } = call;
    const at = state.now();
    const lastError = errorText(error).slice(0, 2000);
    input.logger.warn({ instanceId: input.instanceId, elementId, handler, attempt, err: lastError }, 'service handler failed');
    let incidentId = previous?.incidentId;
    const next = afterFailure(input.serviceRetry, attempt);
    if (incidentId) {
      state.effects.incidentsUpdated.push({ incidentId, attempts: attempt, lastError, at });
    } else if (next === 'incident') {
      incidentId = incidentIdFor(input.instanceId, executionId);
      state.effects.incidentsOpened.push({ incidentId, executionId, elementId, handler, attempts: attempt, lastError, at });
    } else {
      state.effects.retries.push({ executionId, attempt: attempt + 1, delayMs: next.retryInMs });
    }
    state.failures.set(executionId, {
      executionId,
      elementId,
      handler,
      attempts: attempt,
      lastError,
      firstFailedAt: previous?.firstFailedAt ?? at,
      ...(incidentId ? { incidentId } : {}),
    });
    if (!state.active.has(executionId)) {
      state.active.set(executionId, {
        kind: 'service',
        elementId,
        elementType: 'bpmn:ServiceTask',
        ...(elementName ? { name: elementName } : {}),
        executionId,
        startedAt: state.enteredAt.get(executionId) ?? at,
      });
    }
  }

  private recordSuccess(executionId: string, previous: ServiceFailure | undefined): void {
    if (!previous) return;
    const { state } = this;
    state.failures.delete(executionId);
    if (previous.incidentId) {
      state.effects.incidentsResolved.push({ incidentId: previous.incidentId, at: state.now(), by: state.actor.id, resolution: 'retried' });
    }
  }
}
