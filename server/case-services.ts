import type { Config } from './config.js';
import type { EngineRuntime } from './engine/types.js';
import type { Infrastructure } from './infrastructure.js';
import type { Logger } from './log.js';
import { fictionalUnitId } from './users/fictional.js';
import { startPendingProcesses, type CaseCommandContext } from './commands/requestSubmitter.js';
import { engineModels } from './engine/models/index.js';
import { labelUnlabelledTasks } from './tasks/backfill.js';
import { createCaseContext } from './cases/index.js';
import { createJobQueue } from './engine/queues.js';
import { queueLetterJob, type LetterJobSpec } from './letters/jobs.js';

/**
 * What the request and case routes need in a server process: the case context over the engine
 * runtime. Requests received while the engine could not start their process are started here.
 */
export async function startCaseServices(deps: {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
  engine: EngineRuntime;
  unitId?: string;
}): Promise<CaseCommandContext> {
  const { infrastructure, logger, engine } = deps;
  // Fails fast while Redis is away, so that a request is answered; the workers queue the letter later.
  const jobQueue = createJobQueue(infrastructure.createRedisConnection({ failFast: true }));
  const context = {
    ...(await createCaseContext({
      db: infrastructure.db,
      engine,
      logger,
      // One coordinating unit per installation for now; the unit's id is the one staff belong to.
      unitId: deps.unitId ?? fictionalUnitId,
      municipalityName: deps.config.municipalityName,
    })),
    queueLetter: (job: LetterJobSpec) => queueLetterJob(jobQueue, job),
  };
  const started = await startPendingProcesses(context);
  if (started > 0) logger.info({ started }, 'started processes of requests received earlier');
  const labelled = await labelUnlabelledTasks(context, engineModels(infrastructure.db).Task);
  if (labelled > 0) logger.info({ labelled }, 'labelled the work-queue tasks of instances started before tasks carried labels');
  return context;
}
