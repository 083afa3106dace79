/**
 * The definition check in a worker thread (see check-thread.ts): checks and compiles one source
 * per message and posts back the problems and the compiled context as text.
 */
import { parentPort } from 'node:worker_threads';
import { checkAndCompile } from './check.js';
import type { DefinitionLimits } from './limits.js';

export interface CheckRequest {
  readonly id: number;
  readonly source: string;
  readonly file: string;
  readonly limits: DefinitionLimits;
}

parentPort?.on('message', (request: CheckRequest) => {
  checkAndCompile(request.source, request.file, request.limits).then(
    (result) =>
      parentPort?.postMessage({
        id: request.id,
        result: { file: result.file, ok: result.ok, problems: result.problems, ...(result.processKey && { processKey: result.processKey }) },
        ...(result.sourceContext && { serialized: result.sourceContext.serialize() }),
      }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: (error as Error).message }),
  );
});
