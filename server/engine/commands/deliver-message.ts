/** Delivers a BPMN message to a running instance; MessageNotExpectedError when nothing waits for it. */
import type { EngineContext } from '../context.js';
import { InstanceEndedError, NotFoundError } from '../errors.js';
import { commandResult, execute } from '../execute.js';
import type { StepCommand } from '../step.js';
import type { Actor, CommandResult } from '../types.js';

export async function deliverMessage(
  ctx: EngineContext,
  input: { instanceId: string; messageId: string; payload?: Record<string, unknown>; actor: Actor },
): Promise<CommandResult> {
  const executed = await execute(ctx, input.instanceId, (doc) => {
    if (doc.status !== 'running') throw new InstanceEndedError(doc._id, doc.status);
    return { kind: 'message', messageId: input.messageId, payload: input.payload ?? {}, actor: input.actor } satisfies StepCommand;
  }, { openTasks: true });
  if (!executed) throw new NotFoundError('instance', input.instanceId);
  return commandResult(ctx, executed.doc, executed.openTasks);
}
