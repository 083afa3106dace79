import { coordinatorAppointedMessage, type CoordinatorContact } from '../../cases/event-messages.js';
import { record, text, type CaseEventHandler } from './types.js';

/** The coordinator is appointed: only the first appointment, so a late or repeated delivery never undoes a later change. */
export const coordinatorAppointed: CaseEventHandler = async (ctx, caseDoc, job) => {
  const appointment = record(job.variables.appointment);
  const coordinatorId = text(appointment?.coordinatorUserId);
  let changed = false;
  if (coordinatorId) {
    const result = await ctx.models.Case.updateOne({ _id: caseDoc._id, coordinatorId: null }, { $set: { coordinatorId } });
    changed = result.modifiedCount > 0;
  }
  const contact: CoordinatorContact = {
    ...(text(appointment?.coordinatorName) ? { name: text(appointment?.coordinatorName)! } : {}),
    ...(text(appointment?.coordinatorUnit) ? { unit: text(appointment?.coordinatorUnit)! } : {}),
    ...(text(appointment?.coordinatorPhone) ? { phone: text(appointment?.coordinatorPhone)! } : {}),
    ...(text(appointment?.coordinatorEmail) ? { email: text(appointment?.coordinatorEmail)! } : {}),
  };
  return {
    changed,
    message: { kind: 'coordinator-appointed', dedupeKey: `coordinator-appointed-${job.idempotencyKey}`, text: (l) => coordinatorAppointedMessage(l, caseDoc.caseNumber, contact) },
    coordinatorTasksFollow: true,
  };
};
