/**
 * The messages between a runtime and its step threads (step-threads.ts, step-thread.ts), and the
 * step errors as they cross: by name and fields, rebuilt as the same classes on the other side.
 */
import { EngineRunError, MessageNotExpectedError } from './errors.js';
import { TaskNotWaitingError, type StepCommand, type StepInput, type StepOutput } from './step.js';
import type { ServiceCall, ServiceResult } from './types.js';

/** A step's input without what cannot cross a thread: the handlers by name, the clock as its offset. */
export type StepRequest = Omit<StepInput, 'sourceContext' | 'handlers' | 'engineOptions' | 'clock' | 'logger'> & {
  readonly definitionId: string;
  readonly command: StepCommand;
  readonly handlerNames: readonly string[];
  /** The runtime's clock minus the real one (tests move their clock). */
  readonly clockOffsetMs: number;
};

export interface StepErrorText {
  readonly name: string;
  readonly message: string;
  readonly elementId?: string;
  readonly executionId?: string;
  readonly instanceId?: string;
  readonly messageId?: string;
}

export type ToThread =
  | {
      readonly type: 'step';
      readonly stepId: number;
      readonly request: StepRequest;
      /** The version's compiled context, serialized: sent once per version and thread. */
      readonly definition?: string;
      /** How many live engines the thread keeps, and how long one is kept unused (ms). */
      readonly liveEngines: number;
      readonly liveEngineIdleMs: number;
    }
  | { readonly type: 'called'; readonly callId: number; readonly result?: ServiceResult | void; readonly error?: string };

export type FromThread =
  | { readonly type: 'done'; readonly stepId: number; readonly output?: StepOutput; readonly error?: StepErrorText }
  | { readonly type: 'call'; readonly stepId: number; readonly callId: number; readonly name: string; readonly call: ServiceCall }
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly fields: object; readonly message: string };

export function describeStepError(error: unknown): StepErrorText {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & Partial<Record<'elementId' | 'executionId' | 'instanceId' | 'messageId', string>>;
  return {
    name: error.name,
    message: error.message,
    ...(fields.elementId !== undefined && { elementId: fields.elementId }),
    ...(fields.executionId !== undefined && { executionId: fields.executionId }),
    ...(fields.instanceId !== undefined && { instanceId: fields.instanceId }),
    ...(fields.messageId !== undefined && { messageId: fields.messageId }),
  };
}

export function stepError(text: StepErrorText): Error {
  if (text.name === 'EngineRunError') return new EngineRunError(text.message, text.elementId);
  if (text.name === 'TaskNotWaitingError' && text.executionId !== undefined) return new TaskNotWaitingError(text.executionId);
  if (text.name === 'MessageNotExpectedError' && text.instanceId !== undefined && text.messageId !== undefined) {
    return new MessageNotExpectedError(text.instanceId, text.messageId);
  }
  return new Error(text.message);
}
