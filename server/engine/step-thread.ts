/**
 * A step thread (see step-threads.ts): runs the steps it is sent on its own live engines. Service
 * handlers stay with the runtime that owns them: a call goes back to it and its answer returns
 * here. Log lines go back too, to the runtime's logger.
 */
import { parentPort } from 'node:worker_threads';
import type { SerializableContext } from 'moddle-context-serializer';
import { deserializeDefinition } from '../definitions/compile.js';
import { allowlistExpressions, noScripts } from '../definitions/expressions.js';
import type { Logger } from '../log.js';
import { LiveEngines } from './live-engines.js';
import type { StepInput } from './step.js';
import { describeStepError, type FromThread, type ToThread } from './step-wire.js';
import type { ServiceHandler, ServiceResult } from './types.js';

const port = parentPort;
if (!port) throw new Error('step-thread.ts runs in a worker thread');
const post = (message: FromThread) => port.postMessage(message);

let engines: LiveEngines | undefined;
const definitions = new Map<string, SerializableContext>();
const calls = new Map<number, { resolve: (result: ServiceResult | void) => void; reject: (error: Error) => void }>();
let nextCall = 0;

const logger = {
  warn: (fields: object, message: string) => post({ type: 'log', level: 'warn', fields, message }),
  error: (fields: object, message: string) => post({ type: 'log', level: 'error', fields, message }),
} as unknown as Logger;

function handlerFor(stepId: number, name: string): ServiceHandler {
  return (call) =>
    new Promise<ServiceResult | void>((resolve, reject) => {
      const callId = nextCall++;
      calls.set(callId, { resolve, reject });
      post({ type: 'call', stepId, callId, name, call });
    });
}

port.on('message', (message: ToThread) => {
  if (message.type === 'called') {
    const pending = calls.get(message.callId);
    calls.delete(message.callId);
    if (message.error !== undefined) pending?.reject(new Error(message.error));
    else pending?.resolve(message.result);
    return;
  }
  engines ??= new LiveEngines(message.liveEngines, message.liveEngineIdleMs);
  const { request } = message;
  if (message.definition !== undefined) definitions.set(request.definitionId, deserializeDefinition(message.definition));
  const sourceContext = definitions.get(request.definitionId);
  if (!sourceContext) {
    post({ type: 'done', stepId: message.stepId, error: { name: 'Error', message: `definition ${request.definitionId} was not sent to this thread` } });
    return;
  }
  const { clockOffsetMs, handlerNames, definitionId, command, ...fields } = request;
  const input: StepInput = {
    ...fields,
    sourceContext,
    handlers: new Map(handlerNames.map((name) => [name, handlerFor(message.stepId, name)])),
    engineOptions: { expressions: allowlistExpressions, scripts: noScripts },
    clock: { now: () => new Date(Date.now() + clockOffsetMs) },
    logger,
  };
  engines.run(input, command, definitionId).then(
    (output) => post({ type: 'done', stepId: message.stepId, output }),
    (error: unknown) => post({ type: 'done', stepId: message.stepId, error: describeStepError(error) }),
  );
});
