import { Types } from 'mongoose';
import { reassignTasks } from '../engine/index.js';
import type { Clock } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { CaseDoc, CaseMessageDoc, CaseMessageKind, CaseModels, RequestDoc } from '../cases/models.js';
import {
  caseClosedMessage,
  coordinatorAppointedMessage,
  coordinatorChangedMessage,
  groupEstablishedMessage,
  inEveryLanguage,
  isLanguage,
  type CaseEventMessage,
  type ClosingReason,
  type CoordinatorContact,
} from '../cases/event-messages.js';
import type { OutboundJobData } from '../definitions/service-handlers.js';
import { isDuplicateKeyError } from '../mongo-errors.js';

/**
 * The case events the process produces (server/definitions/service-handlers.ts), applied to the case: who
 * coordinates it, who is in the responsibility group, and when it closed. The job worker calls
 * this for every `case-event` job (workers/index.ts), in every worker process.
 *
 * Idempotent: BullMQ may deliver a job again (a retry after a crash, a stalled job), and the
 * runtime may enqueue the same job id again on recovery. Each write is conditional (a closed case
 * keeps its first closedAt; an appointment never overrides a coordinator already set; a coordinator
 * change is applied once per job, recorded in `appliedEventIds`), and the person's message has a
 * dedupe key, so a repeated delivery changes nothing more.
 */
export const caseEventNames = [
  'coordinator-appointed',
  'responsibility-group-established',
  'coordinator-changed',
  'closed-no-consent',
  'closed-consent-withdrawn',
  'closed-rejected',
  'closed-plan-ended',
  'closed-offer-declined',
] as const;

export type CaseEventName = (typeof caseEventNames)[number];

const closingReasons: Partial<Record<CaseEventName, ClosingReason>> = {
  'closed-no-consent': 'no-consent',
  'closed-consent-withdrawn': 'consent-withdrawn',
  'closed-rejected': 'rejected',
  'closed-plan-ended': 'plan-ended',
  'closed-offer-declined': 'offer-declined',
};

export interface CaseEventContext {
  readonly models: CaseModels;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** A case-event job as the job worker hands it over. */
export type CaseEventJob = Pick<OutboundJobData, 'template' | 'caseId' | 'instanceId' | 'idempotencyKey' | 'variables'>;

export interface CaseEventOutcome {
  /** applied: the case changed; unchanged: it was applied before (or there was nothing to change); ignored: unknown event or case. */
  readonly outcome: 'applied' | 'unchanged' | 'ignored';
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isCaseEventName(value: string): value is CaseEventName {
  return (caseEventNames as readonly string[]).includes(value);
}

/** The responsibility group members' user ids (the form's optional `userId` per member), once each. */
export function groupMemberIdsOf(responsibilityGroup: unknown): string[] {
  const members = record(responsibilityGroup)?.members;
  if (!Array.isArray(members)) return [];
  return [...new Set(members.map((member) => text(record(member)?.userId)).filter((id): id is string => id !== undefined))];
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
  const { Case } = ctx.models;
  const caseDoc = await Case.findById(job.caseId).lean<CaseDoc>();
  if (!caseDoc) {
    ctx.logger.warn({ caseId: job.caseId, event }, 'case event for an unknown case: ignored');
    return { outcome: 'ignored' };
  }
  const now = (ctx.clock ?? { now: () => new Date() }).now();
  // Per service task run, whatever the job was named: a re-enqueued or redelivered job has the same key.
  const eventKey = `${event}-${job.idempotencyKey}`;
  let changed = false;
  let message: { kind: CaseMessageKind; dedupeKey: string; text: (language: 'nb' | 'nn' | 'en') => CaseEventMessage } | undefined;

  switch (event) {
    case 'coordinator-appointed': {
      const appointment = record(job.variables.appointment);
      const coordinatorId = text(appointment?.coordinatorUserId);
      if (coordinatorId) {
        // Only the first appointment: a late or repeated delivery must not undo a later change.
        const result = await Case.updateOne({ _id: caseDoc._id, coordinatorId: null }, { $set: { coordinatorId } });
        changed = result.modifiedCount > 0;
      }
      const contact: CoordinatorContact = {
        ...(text(appointment?.coordinatorName) ? { name: text(appointment?.coordinatorName)! } : {}),
        ...(text(appointment?.coordinatorUnit) ? { unit: text(appointment?.coordinatorUnit)! } : {}),
        ...(text(appointment?.coordinatorPhone) ? { phone: text(appointment?.coordinatorPhone)! } : {}),
        ...(text(appointment?.coordinatorEmail) ? { email: text(appointment?.coordinatorEmail)! } : {}),
      };
      message = { kind: 'coordinator-appointed', dedupeKey: `coordinator-appointed-${job.idempotencyKey}`, text: (l) => coordinatorAppointedMessage(l, caseDoc.caseNumber, contact) };
      break;
    }
    case 'coordinator-changed': {
      const change = record(job.variables.coordinatorChange);
      const coordinatorId = change?.decision === 'approved' ? text(change.newCoordinatorUserId) : undefined;
      if (!coordinatorId) return { outcome: 'unchanged' };
      const result = await Case.updateOne(
        { _id: caseDoc._id, appliedEventIds: { $ne: eventKey } },
        { $set: { coordinatorId }, $push: { appliedEventIds: eventKey } },
      );
      changed = result.modifiedCount > 0;
      const contact: CoordinatorContact = {
        ...(text(change?.newCoordinatorName) ? { name: text(change?.newCoordinatorName)! } : {}),
        ...(text(change?.newCoordinatorEmail) ? { email: text(change?.newCoordinatorEmail)! } : {}),
      };
      message = { kind: 'coordinator-changed', dedupeKey: `coordinator-changed-${job.idempotencyKey}`, text: (l) => coordinatorChangedMessage(l, caseDoc.caseNumber, contact) };
      break;
    }
    case 'responsibility-group-established': {
      const group = record(job.variables.responsibilityGroup);
      const memberIds = groupMemberIdsOf(group);
      const result = await Case.updateOne({ _id: caseDoc._id }, { $set: { groupMemberIds: memberIds } });
      changed = result.modifiedCount > 0;
      const meeting = { ...(text(group?.firstMeetingOn) ? { on: text(group?.firstMeetingOn)! } : {}), ...(text(group?.firstMeetingPlace) ? { place: text(group?.firstMeetingPlace)! } : {}) };
      message = {
        kind: 'responsibility-group-established',
        dedupeKey: `responsibility-group-established-${job.idempotencyKey}`,
        text: (l) => groupEstablishedMessage(l, caseDoc.caseNumber, meeting),
      };
      break;
    }
    default: {
      const reason = closingReasons[event];
      if (!reason) return { outcome: 'ignored' };
      const result = await Case.updateOne({ _id: caseDoc._id, closedAt: null }, { $set: { closedAt: now } });
      changed = result.modifiedCount > 0;
      message =
        reason === 'consent-withdrawn'
          ? // The same message the person got when they withdrew it: one, not two.
            { kind: 'consent-withdrawn', dedupeKey: `consent-withdrawn-${caseDoc._id.toHexString()}`, text: (l) => caseClosedMessage(l, caseDoc.caseNumber, reason) }
          : { kind: 'case-closed', dedupeKey: `case-closed-${caseDoc._id.toHexString()}`, text: (l) => caseClosedMessage(l, caseDoc.caseNumber, reason) };
    }
  }

  // The coordinator's open tasks follow the case's coordinator (e.g. a plan draft waiting when the change was approved).
  if (event === 'coordinator-appointed' || event === 'coordinator-changed') await reassignCoordinatorTasks(ctx, caseDoc, now);
  if (message) await sendMessage(ctx, caseDoc, message, now);
  ctx.logger.info({ caseNumber: caseDoc.caseNumber, event, changed }, 'case event applied');
  return { outcome: changed ? 'applied' : 'unchanged' };
}

/** Gives the instance's open coordinator tasks to the case's current coordinator. Convergent: repeating it changes nothing. */
async function reassignCoordinatorTasks(ctx: CaseEventContext, caseDoc: CaseDoc, now: Date): Promise<void> {
  const current = await ctx.models.Case.findById(caseDoc._id, { coordinatorId: 1 }).lean<Pick<CaseDoc, 'coordinatorId'>>();
  const coordinatorId = current?.coordinatorId;
  if (!coordinatorId) return;
  await reassignTasks(ctx.models.Case.db, { instanceId: caseDoc.instanceId, candidateGroup: 'coordinator', assignee: coordinatorId, now });
}

/** The person's message in the language they wrote the request in, to whoever sent it (as the receipt). */
async function sendMessage(
  ctx: CaseEventContext,
  caseDoc: CaseDoc,
  message: { kind: CaseMessageKind; dedupeKey: string; text: (language: 'nb' | 'nn' | 'en') => CaseEventMessage },
  now: Date,
): Promise<void> {
  const request = await ctx.models.Request.findById(caseDoc.requestId).lean<RequestDoc>();
  const language = isLanguage(request?.language) ? request.language : 'nb';
  const data = request?.data;
  const to = data ? (data.applicantRole === 'person' ? data.person : (data.applicant ?? data.person)) : { name: caseDoc.person.name };
  const { subject, body, texts } = inEveryLanguage(language, message.text);
  const doc: Omit<CaseMessageDoc, '_id'> = {
    dedupeKey: message.dedupeKey,
    caseId: caseDoc._id,
    kind: message.kind,
    language,
    to: { name: to.name, email: ('email' in to ? to.email : undefined) ?? null, phone: ('phone' in to ? to.phone : undefined) ?? null },
    subject,
    body,
    texts,
    createdAt: now,
    deliveredAt: null,
  };
  try {
    await ctx.models.CaseMessage.create(doc);
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
