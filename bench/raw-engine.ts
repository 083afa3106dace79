// The reference the engine figures are compared with: plain bpmn-engine on the same BPMN file,
// the definition compiled once, no database, no product code around it (a silent logger, timers that
// never run by themselves, and the same expression resolver as the product).
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';
import { compileSource } from '../server/definitions/compile.js';
import { allowlistExpressions, noScripts } from '../server/definitions/expressions.js';
import { createJobServiceHandlers } from '../server/definitions/service-handlers.js';
import { noTimers } from '../server/engine/step/timers.js';
import { processesDir } from '../server/services.js';
import { formsByKey, isFormKey } from '../forms/index.js';

export const startVariables = { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } };

export interface RawFigures {
  /** start → first user-task wait → getState, ms per instance */
  readonly start: number[];
  /** recover → resume → signal the waiting task → getState */
  readonly command: number[];
  /** recover → resume → let the first timer elapse → getState */
  readonly timer: number[];
}

const silent = { debug: () => undefined, error: () => undefined, warn: () => undefined };
/** Every service the file names answers at once. */
const services = Object.fromEntries(Object.keys(createJobServiceHandlers()).map((name) => [name, (_scope: unknown, callback: (error: null) => void) => callback(null)]));

let compiled: ReturnType<typeof compileSource> | undefined;

/**
 * `runs` measured instances after `warmUp` unmeasured ones (fewer than 10 in a fresh process leave
 * the first measured runs still compiling: a p50 up to a quarter higher).
 */
export async function rawEngine(runs: number, warmUp = 10): Promise<RawFigures> {
  // Compiled once per process, as the product does per version: the bench calls this once per turn.
  compiled ??= compileSource(readFileSync(`${processesDir}/individual-plan.bpmn`, 'utf8'));
  const sourceContext = await compiled;
  const figures: RawFigures = { start: [], command: [], timer: [] };
  for (let i = 0; i < runs + warmUp; i++) {
    const keep = i >= warmUp;
    const waits: { task?: { id: string; executionId: string; formKey?: string }; timer?: { id: string; executionId: string } } = {};
    const listener = new EventEmitter();
    listener.on('activity.wait', (api: { id: string; executionId: string; owner: { type: string; behaviour?: { formKey?: string } } }) => {
      if (api.owner.type === 'bpmn:UserTask') waits.task = { id: api.id, executionId: api.executionId, formKey: api.owner.behaviour?.formKey };
    });
    listener.on('activity.timer', (api: { id: string; executionId: string }) => {
      waits.timer ??= { id: api.id, executionId: api.executionId };
    });
    const engine = () => new Engine({ name: 'raw', sourceContext, listener, services, Logger: () => silent, timers: noTimers, expressions: allowlistExpressions, scripts: noScripts } as never);

    let started = performance.now();
    const first = engine();
    await first.execute({ variables: startVariables });
    const state = await first.getState();
    if (keep) figures.start.push(performance.now() - started);

    started = performance.now();
    const second = engine().recover(JSON.parse(JSON.stringify(state)) as never);
    await second.resume();
    const task = waits.task!;
    const output = task.formKey && isFormKey(task.formKey) ? (formsByKey[task.formKey].example as Record<string, unknown>) : {};
    second.execution.signal({ ...output, id: task.id, executionId: task.executionId });
    await second.getState();
    if (keep) figures.command.push(performance.now() - started);

    started = performance.now();
    const third = engine().recover(JSON.parse(JSON.stringify(state)) as never);
    await third.resume();
    const timer = waits.timer!;
    third.execution.cancelActivity({ id: timer.id, executionId: timer.executionId });
    await third.getState();
    if (keep) figures.timer.push(performance.now() - started);
  }
  return figures;
}
