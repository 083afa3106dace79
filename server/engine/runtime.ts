/**
 * The stateless engine runtime: every command that moves an instance runs load → recover → one
 * command → run to wait states → save (guarded by the instance revision) → apply derived writes
 * (execute.ts). Any number of processes may run it side by side on the same MongoDB and Redis.
 * Each command has its module in commands/; the atomic changes are in store.ts.
 */
import { completeTask } from './commands/complete-task.js';
import { deliverMessage } from './commands/deliver-message.js';
import { fireTimer } from './commands/fire-timer.js';
import { retryIncident, retryService } from './commands/retry.js';
import { startInstance } from './commands/start-instance.js';
import { engineContext, type EngineContext, type EngineRuntimeOptions } from './context.js';
import { engineModels, ensureEngineIndexes } from './models/index.js';
import { getInstance, getTask, listIncidents } from './queries.js';
import { restoreTimers } from './restore.js';
import { TaskCommands } from './tasks.js';
import type { EngineRuntime } from './types.js';

export type { EngineRuntimeOptions } from './context.js';

/** Creates the engine runtime and makes sure its indexes exist. */
export async function createEngineRuntime(options: EngineRuntimeOptions): Promise<EngineRuntime> {
  const models = engineModels(options.connection);
  await ensureEngineIndexes(models);
  return runtimeOver(engineContext(options, models));
}

function runtimeOver(ctx: EngineContext): EngineRuntime {
  const tasks = new TaskCommands(ctx.models, ctx.clock);
  return {
    startInstance: (input) => startInstance(ctx, input),
    completeTask: (input) => completeTask(ctx, input),
    claimTask: (input) => tasks.claim(input),
    unclaimTask: (input) => tasks.unclaim(input),
    assignTask: (input) => tasks.assign(input),
    saveTaskDraft: (input) => tasks.saveDraft(input),
    labelInstance: (input) => tasks.labelInstance(input),
    fireTimer: (input) => fireTimer(ctx, input),
    deliverMessage: (input) => deliverMessage(ctx, input),
    retryIncident: (input) => retryIncident(ctx, input),
    retryService: (input) => retryService(ctx, input),
    getInstance: (input) => getInstance(ctx.models, input),
    getTask: (input) => getTask(ctx.models, input),
    listIncidents: (input) => listIncidents(ctx.models, input),
    restoreTimers: () => restoreTimers(ctx),
    steps: ctx.steps,
    close: async () => {
      await Promise.all([ctx.timerQueue.close(), ctx.jobQueue.close(), ctx.steps.close()]);
    },
  };
}
