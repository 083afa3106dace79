/**
 * What one step knows while bpmn-engine runs: the elements the instance waits in, the service
 * failures, the history it appends and the derived writes it collects. The element kinds
 * (user-tasks.ts, timers.ts, messages.ts, service-tasks.ts) read and change it; step.ts turns it
 * into the step's output.
 */
import type { Engine } from 'bpmn-engine';
import type { SerializableContext } from 'moddle-context-serializer';
import type { Logger } from '../../log.js';
import { emptyEffects } from '../effects.js';
import type { SavedState } from '../saved-state.js';
import type { ActiveElement, Actor, Clock, HistoryEntry, ServiceFailure, ServiceHandler } from '../types.js';

export type StepCommand =
  | { readonly kind: 'start'; readonly variables: Record<string, unknown>; readonly actor: Actor }
  | {
      readonly kind: 'complete-task';
      readonly executionId: string;
      readonly elementId: string;
      readonly output: Record<string, unknown>;
      /** Store the output under this process variable; without it the output's fields are merged into the variables. */
      readonly variable?: string;
      readonly actor: Actor;
    }
  | { readonly kind: 'fire-timer'; readonly executionId: string; readonly elementId: string; readonly actor: Actor }
  | { readonly kind: 'message'; readonly messageId: string; readonly payload: Record<string, unknown>; readonly actor: Actor }
  /** Recover and run what is due; `retryExecutionId` lets a parked (incident) service task run again. */
  | { readonly kind: 'resume'; readonly retryExecutionId?: string; readonly actor: Actor };

/** How often a failing service handler is tried, how long the first wait is, how long a call may take. */
export interface ServiceRetryPolicy {
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly timeoutMs: number;
}

export interface StepInput {
  readonly instanceId: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly instanceStartedAt: Date;
  readonly sourceContext: SerializableContext;
  /** The engine state without sources (saved-state.ts); null to start. */
  readonly state: SavedState | null;
  readonly active: readonly ActiveElement[];
  readonly failures: readonly ServiceFailure[];
  readonly variables: Readonly<Record<string, unknown>>;
  readonly handlers: ReadonlyMap<string, ServiceHandler>;
  /** bpmn-engine options from server/definitions: the allowlist `expressions` resolver and an empty `scripts`. */
  readonly engineOptions: Readonly<Record<string, unknown>>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly serviceRetry: ServiceRetryPolicy;
}

export class StepState {
  readonly effects = emptyEffects();
  readonly history: HistoryEntry[] = [];
  /** By engine execution id. */
  readonly active = new Map<string, ActiveElement>();
  /** By engine execution id. */
  readonly failures = new Map<string, ServiceFailure>();
  readonly enteredAt = new Map<string, Date>();
  /** Executions that ran to their end in this step. */
  readonly ended = new Set<string>();
  /** What triggered an event element: written into its history entry. */
  readonly triggers = new Map<string, 'timer' | 'message'>();
  /** Executions the command acted on directly: their history entry names the actor. */
  readonly actedOn = new Set<string>();
  readonly errors: { message: string; elementId?: string }[] = [];
  /** The process variables as the step leaves them. */
  readonly variables: Record<string, unknown>;
  /** The interrupting boundary event that fired in this step, if any. */
  interruptedBy: string | undefined;
  terminated = false;
  completed = false;
  engine: Engine | undefined;

  constructor(
    readonly input: StepInput,
    readonly command: StepCommand,
  ) {
    for (const element of input.active) this.active.set(element.executionId, element);
    for (const failure of input.failures) this.failures.set(failure.executionId, failure);
    this.variables = { ...input.variables, ...(command.kind === 'start' ? command.variables : {}) };
  }

  now(): Date {
    return this.input.clock.now();
  }

  get actor(): Actor {
    return this.command.actor;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
