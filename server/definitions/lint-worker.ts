/**
 * Runs bpmnlint (recommended rules plus the product's rules) on one BPMN source in a worker
 * thread and posts back the reports. See lint.ts for why this runs in a worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lintParsed } from './lint.js';
import { parseBpmn } from './compile.js';
import type { DefinitionLimits } from './limits.js';

const { source, limits } = workerData as { source: string; limits: DefinitionLimits };
try {
  const parsed = await parseBpmn(source);
  parentPort?.postMessage({ reports: await lintParsed(parsed.rootElement, limits) });
} catch (error) {
  parentPort?.postMessage({ error: (error as Error).message });
}
