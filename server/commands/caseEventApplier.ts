import { Types } from 'mongoose';
import { reassignTasks } from '../engine/index.js';
import { caseParty, sendCaseMessage, writtenLanguage } from '../cases/case-messages.js';
import type { CaseDoc, RequestDoc } from '../cases/models.js';
import { caseClosed } from './case-events/case-closed.js';
import { coordinatorAppointed } from './case-events/coordinator-appointed.js';
import { coordinatorChanged } from './case-events/coordinator-changed.js';
import { responsibilityGroupEstablished } from './case-events/responsibility-group-established.js';
import type { CaseEventContext, CaseEventHandler, CaseEventJob, EventMessage } from './case-events/types.js';

export { groupMemberIdsOf } from './case-events/responsibility-group-established.js';
export type { CaseEventContext, CaseEventJob } from './case-events/types.js';

/**
 * The case events the process produces (server/definitions/service-handlers.ts), applied to the case: who
 * coordinates it, who is in the responsibility group, and when it closed. The job worker calls
 * this for every `case-event` job (workers/index.ts), in every worker process. One handler per
 * event (case-events/).
 *
 * Idempotent: BullMQ may deliver a job again (a retry after a crash, a stalled job), and the
 * runtime may enqueue the same job id again on recovery. Each write is conditional (a closed case
 * keeps its first closedAt; an appointment never overrides a coordinator already set; a coordinator
 * change is applied once per job, recorded in `appliedEventIds`), and the person's message has a
 * dedupe key, so a repeated delivery changes nothing more.
 */
const handlers = {
  'coordinator-appointed': coordinatorAppointed,
  'responsibility-group-established': responsibilityGroupEstablished,
  'coordinator-changed': coordinatorChanged,
  'closed-no-consent': caseClosed('no-consent'),
  'closed-consent-withdrawn': caseClosed('consent-withdrawn'),
  'closed-rejected': caseClosed('rejected'),
  'closed-plan-ended': caseClosed('plan-ended'),
  'closed-offer-declined': caseClosed('offer-declined'),
} as const satisfies Record<string, CaseEventHandler>;

export type CaseEventName = keyof typeof handlers;

export const caseEventNames = Object.keys(handlers) as readonly CaseEventName[];

export interface CaseEventOutcome {
  /** applied: the case changed; unchanged: it was applied before (or there was nothing to change); ignored: unknown event or case. */
  readonly outcome: 'applied' | 'unchanged' | 'ignored';
}

function isCaseEventName(value: string): value is CaseEventName {
  return Object.hasOwn(handlers, value);
}

export async function caseEventApplier(ctx: CaseEventContext, job: CaseEventJob): Promise<CaseEventOutcome> {
  const event = job.template;
  if (!isCaseEventName(event)) {
    ctx.logger.warn({ caseId: job.caseId, event }, 'unknown case event: ignored');
    return { outcome: 'ignored' };
  }
  if (!Types.ObjectId.isValid(job.caseId) || !/^[0-9a-f]{24}$/i.test(job.caseId)) {
    ctx.logger.warn({ caseId: job.caseId, event }, 'case event for a case id that is not one: ignored');
    return { outcome: 'ignored' };
  }
  const caseDoc = await ctx.models.Case.findById(job.caseId).lean<CaseDoc>();
  if (!caseDoc) {
    ctx.logger.warn({ caseId: job.caseId, event }, 'case event for an unknown case: ignored');
    return { outcome: 'ignored' };
  }
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  const applied = await handlers[event](ctx, caseDoc, job, now);
  if (!applied) return { outcome: 'unchanged' };
  if (applied.coordinatorTasksFollow) await reassignCoordinatorTasks(ctx, caseDoc, now);
  if (applied.message) await tellPerson(ctx, caseDoc, applied.message, now);
  ctx.logger.info({ caseNumber: caseDoc.caseNumber, event, changed: applied.changed }, 'case event applied');
  return { outcome: applied.changed ? 'applied' : 'unchanged' };
}

/** Gives the instance's open coordinator tasks to the case's current coordinator (e.g. a plan draft waiting when the change was approved). */
async function reassignCoordinatorTasks(ctx: CaseEventContext, caseDoc: CaseDoc, now: Date): Promise<void> {
  const current = await ctx.models.Case.findById(caseDoc._id, { coordinatorId: 1 }).lean<Pick<CaseDoc, 'coordinatorId'>>();
  const coordinatorId = current?.coordinatorId;
  if (!coordinatorId) return;
  await reassignTasks(ctx.models.Case.db, { instanceId: caseDoc.instanceId, candidateGroup: 'coordinator', assignee: coordinatorId, now });
}

/** The person's message in their written language, to the person or whoever applied for them (caseParty). */
export async function tellPerson(ctx: Pick<CaseEventContext, 'models'>, caseDoc: CaseDoc, message: EventMessage, now: Date): Promise<void> {
  const request = await ctx.models.Request.findById(caseDoc.requestId).lean<RequestDoc>();
  await sendCaseMessage(ctx.models, { ...message, caseId: caseDoc._id, language: writtenLanguage(request), to: caseParty(request, caseDoc), createdAt: now });
}
