import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { allowlistExpressions, deployProcesses, formVariable, noScripts } from '../definitions/index.js';
import { createEngineRuntime } from '../engine/runtime.js';
import type { EngineRuntime } from '../engine/types.js';
import type { Infrastructure } from '../infrastructure.js';
import type { Logger } from '../log.js';
import { fictionalUnitId } from '../users/fictional.js';
import { createJobServiceHandlers } from '../../workers/jobs/handlers.js';
import { startPendingProcesses, type CaseCommandContext } from '../commands/requestSubmitter.js';
import { createCaseContext } from './index.js';

const processesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../processes');

export interface CaseServices {
  readonly context: CaseCommandContext;
  readonly engine: EngineRuntime;
  close(): Promise<void>;
}

/**
 * What the request and case routes need in a server process: the deployed processes, an engine
 * runtime and the case context. Requests received while the engine could not start their process
 * are started here.
 */
export async function startCaseServices(deps: { config: Config; logger: Logger; infrastructure: Infrastructure; engine?: EngineRuntime; unitId?: string }): Promise<CaseServices> {
  const { infrastructure, logger } = deps;
  const redis = infrastructure.createRedisConnection();
  let engine = deps.engine;
  if (!engine) {
    const { store } = await deployProcesses({ dir: processesDir, connection: infrastructure.db, logger });
    engine = await createEngineRuntime({
      connection: infrastructure.db,
      redis,
      registry: store,
      logger,
      serviceHandlers: createJobServiceHandlers(),
      engineOptions: { expressions: allowlistExpressions, scripts: noScripts },
      taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined),
    });
  }
  const context = await createCaseContext({
    db: infrastructure.db,
    engine,
    logger,
    // One coordinating unit per installation for now; the unit's id is the one staff belong to.
    unitId: deps.unitId ?? process.env.CASE_UNIT_ID ?? fictionalUnitId,
    municipalityName: deps.config.municipalityName,
  });
  const started = await startPendingProcesses(context);
  if (started > 0) logger.info({ started }, 'started processes of requests received earlier');
  const ownEngine = deps.engine ? undefined : engine;
  return {
    context,
    engine,
    async close() {
      await ownEngine?.close();
    },
  };
}
