import { coordinatorChangedMessage, type CoordinatorContact } from '../../cases/event-messages.js';
import { record, text, type CaseEventHandler } from './types.js';

/** An approved change of coordinator: applied once per job (recorded in `appliedEventIds`). */
export const coordinatorChanged: CaseEventHandler = async (ctx, caseDoc, job) => {
  const change = record(job.variables.coordinatorChange);
  const coordinatorId = change?.decision === 'approved' ? text(change.newCoordinatorUserId) : undefined;
  if (!coordinatorId) return null;
  // Per service task run, whatever the job was named: a re-enqueued or redelivered job has the same key.
  const eventKey = `coordinator-changed-${job.idempotencyKey}`;
  const result = await ctx.models.Case.updateOne(
    { _id: caseDoc._id, appliedEventIds: { $ne: eventKey } },
    { $set: { coordinatorId }, $push: { appliedEventIds: eventKey } },
  );
  const contact: CoordinatorContact = {
    ...(text(change?.newCoordinatorName) ? { name: text(change?.newCoordinatorName)! } : {}),
    ...(text(change?.newCoordinatorEmail) ? { email: text(change?.newCoordinatorEmail)! } : {}),
  };
  return {
    changed: result.modifiedCount > 0,
    message: { kind: 'coordinator-changed', dedupeKey: `coordinator-changed-${job.idempotencyKey}`, text: (l) => coordinatorChangedMessage(l, caseDoc.caseNumber, contact) },
    coordinatorTasksFollow: true,
  };
};
