import type { Clock, EngineRuntime } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { PopulationRegister } from '../population-register/index.js';
import type { LetterJobSpec } from '../letters/jobs.js';
import type { CaseModels } from './models.js';

/** What the case commands, queries and routes share. */
export interface CaseCommandContext {
  readonly models: CaseModels;
  /** The engine runtime; when the engine cannot start a process, the request is kept and started later. */
  readonly engine: EngineRuntime;
  readonly logger: Logger;
  /** The coordinating unit that receives requests. */
  readonly unitId: string;
  readonly municipalityName: string;
  readonly clock?: Clock;
  /** Verifies parents and guardians named in requests (default: the fictional families). */
  readonly populationRegister?: PopulationRegister;
  /**
   * Queues a letter on the job queue (server/letters/jobs.ts): the receipt of a new case (without
   * it, the workers' scan queues that later) and a version of the plan sent as a letter.
   */
  readonly queueLetter?: (job: LetterJobSpec) => Promise<void>;
}
