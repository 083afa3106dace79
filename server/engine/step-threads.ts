/**
 * Steps in a pool of worker threads, so that bpmn-engine's work (tens of milliseconds a command)
 * never blocks the event loop that serves requests, and commands run on as many cores as there
 * are threads. Loading, the revision guard, saving and the derived writes stay with the caller:
 * a thread gets a step's input and gives back its output, nothing else.
 *
 * Each thread keeps its own live engines (live-engines.ts); the steps of an instance go to the
 * thread that ran its last step unless that thread is busier than another. A thread runs at most
 * `stepsPerThread` steps at once (each holds an engine of a few MB); the rest wait here, in order, up
 * to `maxWaiting`; beyond that a step is refused at once (EngineBusyError) rather than queued for
 * longer than anyone waits. Threads start with the pool, one is started again when it dies (its
 * steps fail), and close() ends them all.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import { defaultIdleMs, type StepRunner } from './live-engines.js';
import type { StepCommand, StepInput, StepOutput } from './step.js';
import { EngineBusyError } from './errors.js';
import { stepError, type FromThread, type StepRequest, type ToThread } from './step-wire.js';

interface Pending {
  readonly thread: Thread;
  readonly input: StepInput;
  readonly resolve: (output: StepOutput) => void;
  readonly reject: (error: Error) => void;
}

interface Waiting {
  readonly input: StepInput;
  readonly command: StepCommand;
  readonly definitionId: string;
  readonly resolve: (output: StepOutput) => void;
  readonly reject: (error: Error) => void;
}

/** Steps a thread runs at once: they interleave only while a service call is away on the caller's thread. */
const stepsPerThread = 2;

interface Thread {
  readonly worker: Worker;
  /** The definition versions this thread has. */
  readonly definitions: Set<string>;
  running: number;
}

export interface StepThreadOptions {
  readonly threads: number;
  /** Live engines each thread keeps. */
  readonly liveEngines: number;
  /** How long a thread keeps a live engine unused (ms; default 10 s). */
  readonly liveEngineIdleMs?: number;
  /** The old-generation heap limit of each thread (MB): the heap stays within it instead of growing while memory is plentiful. */
  readonly memoryMb?: number;
  /** The young generation of each thread (MB); unset or 0 leaves it to V8. */
  readonly youngMb?: number;
  /** Steps that may wait for a thread (default 64 per thread). */
  readonly maxWaiting?: number;
  readonly logger: Logger;
}

export class StepThreads implements StepRunner {
  private readonly threads: (Thread | undefined)[];
  private readonly pending = new Map<number, Pending>();
  private readonly waiting: Waiting[] = [];
  /** The thread that ran an instance's last step, least recently used first (bounded). */
  private readonly lastThread = new Map<string, number>();
  private nextStep = 0;
  private closed = false;

  constructor(private readonly options: StepThreadOptions) {
    // Started at once: a thread takes a while to load the engine, which no request should wait for.
    this.threads = Array.from({ length: options.threads }, () => this.start());
  }

  run(input: StepInput, command: StepCommand, definitionId: string): Promise<StepOutput> {
    if (this.closed) return Promise.reject(new Error('the engine runtime is closed'));
    const index = this.pick(input.instanceId);
    if (index === undefined) {
      if (this.waiting.length >= (this.options.maxWaiting ?? 64 * this.threads.length)) return Promise.reject(new EngineBusyError());
      return new Promise<StepOutput>((resolve, reject) => this.waiting.push({ input, command, definitionId, resolve, reject }));
    }
    return this.send(index, input, command, definitionId);
  }

  private send(index: number, input: StepInput, command: StepCommand, definitionId: string): Promise<StepOutput> {
    const thread = (this.threads[index] ??= this.start());
    const stepId = this.nextStep++;
    const { sourceContext, handlers, engineOptions: _engineOptions, clock, logger: _logger, ...fields } = input;
    const request: StepRequest = {
      ...fields,
      definitionId,
      command,
      handlerNames: [...handlers.keys()],
      clockOffsetMs: clock.now().getTime() - Date.now(),
    };
    const definition = thread.definitions.has(definitionId) ? undefined : sourceContext.serialize();
    thread.definitions.add(definitionId);
    this.remember(input.instanceId, index);
    thread.running++;
    return new Promise<StepOutput>((resolve, reject) => {
      this.pending.set(stepId, { thread, input, resolve, reject });
      this.post(thread, { type: 'step', stepId, request, liveEngines: this.options.liveEngines, liveEngineIdleMs: this.options.liveEngineIdleMs ?? defaultIdleMs, ...(definition !== undefined && { definition }) });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const step of this.waiting.splice(0)) step.reject(new Error('the engine runtime is closed'));
    const threads = this.threads.splice(0).filter((thread) => thread !== undefined);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** The thread that ran the instance last, unless another has fewer steps running; else the least busy; undefined when all are full. */
  private pick(instanceId: string): number | undefined {
    const running = (i: number) => this.threads[i]?.running ?? 0;
    let least = 0;
    for (let i = 1; i < this.threads.length; i++) if (running(i) < running(least)) least = i;
    if (running(least) >= stepsPerThread) return undefined;
    const last = this.lastThread.get(instanceId);
    return last !== undefined && running(last) <= running(least) ? last : least;
  }

  /** A thread has room again (or a new one will start): the longest-waiting steps go. */
  private next(): void {
    for (let step = this.waiting[0]; step && !this.closed; step = this.waiting[0]) {
      const index = this.pick(step.input.instanceId);
      if (index === undefined) return;
      this.waiting.shift();
      this.send(index, step.input, step.command, step.definitionId).then(step.resolve, step.reject);
    }
  }

  private remember(instanceId: string, index: number): void {
    this.lastThread.delete(instanceId);
    this.lastThread.set(instanceId, index);
    const max = Math.max(1000, this.options.liveEngines * this.threads.length * 2);
    for (const oldest of this.lastThread.keys()) {
      if (this.lastThread.size <= max) break;
      this.lastThread.delete(oldest);
    }
  }

  private post(thread: Thread, message: ToThread): void {
    thread.worker.postMessage(message);
  }

  private start(): Thread {
    const { memoryMb, youngMb } = this.options;
    const resourceLimits = { ...(memoryMb ? { maxOldGenerationSizeMb: memoryMb } : {}), ...(youngMb ? { maxYoungGenerationSizeMb: youngMb } : {}) };
    const worker = new Worker(new URL('./step-thread-entry.mjs', import.meta.url), { resourceLimits });
    // A runtime that is never closed must not keep its process alive.
    worker.unref();
    const thread: Thread = { worker, definitions: new Set(), running: 0 };
    worker.on('message', (message: FromThread) => this.receive(thread, message));
    const fail = (error: Error) => {
      const index = this.threads.indexOf(thread);
      if (index >= 0) this.threads[index] = undefined;
      for (const [stepId, pending] of this.pending) {
        if (pending.thread !== thread) continue;
        this.pending.delete(stepId);
        pending.reject(error);
      }
      this.next();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a step thread stopped (exit code ${code})`)));
    return thread;
  }

  private receive(thread: Thread, message: FromThread): void {
    if (message.type === 'log') {
      this.options.logger[message.level](message.fields, message.message);
      return;
    }
    const pending = this.pending.get(message.stepId);
    if (!pending) return;
    if (message.type === 'call') {
      const handler = pending.input.handlers.get(message.name);
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`no service handler ${message.name}`);
          return handler(message.call);
        })
        .then(
          (result) => this.post(thread, { type: 'called', callId: message.callId, result }),
          (error: unknown) => this.post(thread, { type: 'called', callId: message.callId, error: error instanceof Error ? error.message || error.name : String(error) }),
        );
      return;
    }
    this.pending.delete(message.stepId);
    thread.running--;
    if (message.output) pending.resolve(message.output);
    else pending.reject(stepError(message.error ?? { name: 'Error', message: 'the step thread gave no answer' }));
    this.next();
  }
}
