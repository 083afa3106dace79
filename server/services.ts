import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { allowlistExpressions, noScripts } from './definitions/expressions.js';
import { deployProcesses, watchProcesses, type ProcessWatcher } from './definitions/deploy.js';
import { formVariable } from './definitions/process-contract.js';
import { DefinitionStore } from './definitions/store.js';
import { createEngineRuntime } from './engine/runtime.js';
import type { Clock, EngineRuntime } from './engine/types.js';
import type { Infrastructure } from './infrastructure.js';
import type { Logger } from './log.js';
import { createJobServiceHandlers } from './definitions/service-handlers.js';

export const processesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../processes');

/** The domain services every process of the product shares: process definitions and the engine runtime. */
export interface Services {
  readonly definitions: DefinitionStore;
  readonly engine: EngineRuntime;
  close(): Promise<void>;
}

/** `clock` moves the engine's time (the demo data's stories happen over weeks); the system clock by default. */
export async function createServices(context: { config: Config; logger: Logger; infrastructure: Infrastructure; clock?: Clock }): Promise<Services> {
  const { logger, infrastructure } = context;
  // Checked off the main thread: a large file never holds up the requests being served.
  const definitions = new DefinitionStore(infrastructure.db, logger, { limits: context.config.definitionLimits, offThread: true });
  await definitions.init();
  const engine = await createEngineRuntime({
    connection: infrastructure.db,
    // The engine adds jobs while a request waits: those fail fast too when Redis is away.
    redis: infrastructure.createRedisConnection({ failFast: true }),
    registry: definitions,
    logger,
    serviceHandlers: createJobServiceHandlers(),
    engineOptions: { expressions: allowlistExpressions, scripts: noScripts },
    taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined),
    stepThreads: context.config.engineThreads,
    liveEngines: context.config.engineLiveEngines,
    liveEngineIdleMs: context.config.engineLiveEngineIdleMs,
    stepThreadMemoryMb: context.config.engineThreadMemoryMb,
    stepThreadYoungMb: context.config.engineThreadYoungMb,
    ...(context.clock ? { clock: context.clock } : {}),
  });
  return {
    definitions,
    engine,
    async close() {
      await engine.close();
      await definitions.close();
    },
  };
}

/**
 * Checks and deploys every BPMN file in processes/ and redeploys a file when it changes while
 * the product runs. A refused file is logged with its problems; its last good version keeps serving.
 */
export async function deployAndWatchProcesses(
  context: { services: Services; infrastructure: Infrastructure; logger: Logger },
  dir = processesDir,
): Promise<ProcessWatcher> {
  const { services, infrastructure, logger } = context;
  // The store logs each deployment and each refusal with its problems.
  await deployProcesses({ dir, connection: infrastructure.db, logger, store: services.definitions });
  return watchProcesses({ dir, store: services.definitions, logger });
}

/** processes/ when this process may write it (PROCESS_FILES_WRITABLE), else undefined with a warning: versions then live in the store only. */
export async function writableProcessesDir(logger: Logger, dir = processesDir): Promise<string | undefined> {
  try {
    await access(dir, constants.W_OK);
    return dir;
  } catch {
    logger.warn({ dir }, 'PROCESS_FILES_WRITABLE is true but processes/ is not writable: versions deployed in the browser are kept in the definition store only');
    return undefined;
  }
}
