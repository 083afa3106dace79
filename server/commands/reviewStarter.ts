import type { CaseDoc } from '../cases/models.js';
import { instanceOfCase, planPhase, reviewTimerElementId } from '../plans/index.js';
import { CaseCommandError } from './errors.js';
import type { CaseCommandContext } from './requestSubmitter.js';

/**
 * Holds the periodic review now rather than on its date (a change in the person's life, a meeting
 * that asks for it): fires the process's review timer early, so the review task opens as it would.
 */
export async function reviewStarter(ctx: CaseCommandContext, input: { caseDoc: CaseDoc }): Promise<void> {
  const instance = await instanceOfCase(ctx, input.caseDoc);
  const { phase } = await planPhase(ctx, input.caseDoc, instance);
  const timer = instance?.active.find((a) => a.kind === 'timer' && a.elementId === reviewTimerElementId);
  if (phase !== 'active' || !timer?.timerId) throw new CaseCommandError('no review waits on its date', 'no-review-due');
  const fired = await ctx.engine.fireTimer({ timerId: timer.timerId, force: true });
  if (fired.outcome !== 'fired' && fired.outcome !== 'already-fired') throw new CaseCommandError('the review could not be started', 'no-review-due');
}
