import type { Clock, EngineRuntime } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { PopulationRegister } from '../population-register/index.js';
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
  /** Queues the receipt letter of a new case (server/letters/receipt.ts); without it, the workers' scan queues it. */
  readonly queueReceiptLetter?: (input: { caseId: string; instanceId: string }) => Promise<void>;
}
