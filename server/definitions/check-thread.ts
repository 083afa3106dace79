import { Worker } from 'node:worker_threads';
import type { SerializableContext } from 'moddle-context-serializer';
import type { CheckResult, DefinitionProblem } from './check.js';
import type { CheckRequest } from './check-worker.js';
import { deserializeDefinition } from './compile.js';
import type { DefinitionLimits } from './limits.js';
import { pluginName } from './rules.js';

/**
 * Checks and compiles BPMN sources in a worker thread, so that parsing and linting a large file
 * never blocks the event loop that serves requests. One worker, started on first use and reused;
 * a check that takes longer than `timeoutMs` ends the worker and refuses the file.
 */
export interface OffThreadCheck {
  check(source: string, file: string): Promise<CheckResult & { sourceContext?: SerializableContext }>;
  close(): Promise<void>;
}

interface Pending {
  readonly worker: Worker;
  readonly resolve: (result: CheckResult & { sourceContext?: SerializableContext }) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface Answer {
  readonly id: number;
  readonly result?: CheckResult;
  readonly serialized?: string;
  readonly error?: string;
}

export function offThreadCheck(limits: DefinitionLimits, timeoutMs = 30_000): OffThreadCheck {
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (of: Worker, error: Error) => {
    for (const [id, entry] of pending) {
      if (entry.worker !== of) continue;
      clearTimeout(entry.timer);
      pending.delete(id);
      entry.reject(error);
    }
  };

  const start = (): Worker => {
    const started = new Worker(new URL('./check-worker-entry.mjs', import.meta.url));
    started.unref();
    started.on('message', (answer: Answer) => {
      const entry = pending.get(answer.id);
      if (!entry) return;
      pending.delete(answer.id);
      clearTimeout(entry.timer);
      if (!answer.result) return entry.reject(new Error(answer.error ?? 'the definition check failed'));
      try {
        entry.resolve({ ...answer.result, ...(answer.serialized !== undefined && { sourceContext: deserializeDefinition(answer.serialized) }) });
      } catch (error) {
        entry.reject(error as Error);
      }
    });
    started.on('error', (error) => failAll(started, error));
    started.on('exit', () => {
      if (worker === started) worker = undefined;
      failAll(started, new Error('the definition check worker stopped'));
    });
    return started;
  };

  return {
    check(source, file) {
      worker ??= start();
      const current = worker;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          const problem: DefinitionProblem = {
            file,
            elementId: '(document)',
            rule: `${pluginName}/check-time`,
            message: `Checking the file took longer than ${Math.round(timeoutMs / 1000)} s`,
            severity: 'error',
          };
          resolve({ file, ok: false, problems: [problem] });
          // The worker may be stuck in the file: start afresh for the next one.
          if (worker === current) worker = undefined;
          void current.terminate();
        }, timeoutMs);
        pending.set(id, { worker: current, resolve, reject, timer });
        current.postMessage({ id, source, file, limits } satisfies CheckRequest);
      });
    },
    async close() {
      const current = worker;
      worker = undefined;
      if (current) await current.terminate();
    },
  };
}
