/**
 * Cases: the immutable signed request, the case it opens, case numbers, receipts and the access
 * facts policies read. Commands that change cases live in server/commands/, routes in server/http/routes/.
 */
import type { Connection } from 'mongoose';
import type { EngineRuntime, Clock } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { CaseCommandContext } from './context.js';
import { caseModels, ensureCaseIndexes } from './models.js';
import { ensurePlanIndexes, planModels } from '../plans/model.js';

export { caseModels, ensureCaseIndexes, allocateCaseNumber, type CaseModels, type CaseDoc, type RequestDoc, type CaseMessageDoc } from './models.js';
export { caseFactsLookup, caseNumbersLookup, consentActive, findCase, toAccessFacts } from './access.js';
export { caseStage, caseSteps, caseStages, type CaseStage } from './status.js';
export type { CaseCommandContext } from './context.js';

/** The context the case commands and routes share; creates the collections' indexes. */
export async function createCaseContext(deps: {
  db: Connection;
  engine: EngineRuntime;
  logger: Logger;
  unitId: string;
  municipalityName: string;
  clock?: Clock;
}): Promise<CaseCommandContext> {
  const models = caseModels(deps.db);
  await ensureCaseIndexes(models);
  await ensurePlanIndexes(planModels(deps.db));
  return {
    models,
    engine: deps.engine,
    logger: deps.logger.child({ component: 'cases' }),
    unitId: deps.unitId,
    municipalityName: deps.municipalityName,
    ...(deps.clock ? { clock: deps.clock } : {}),
  };
}
