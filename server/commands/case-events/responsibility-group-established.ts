import { groupEstablishedMessage } from '../../cases/event-messages.js';
import { record, text, type CaseEventHandler } from './types.js';

/** The responsibility group members' user ids (the form's optional `userId` per member), once each. */
export function groupMemberIdsOf(responsibilityGroup: unknown): string[] {
  const members = record(responsibilityGroup)?.members;
  if (!Array.isArray(members)) return [];
  return [...new Set(members.map((member) => text(record(member)?.userId)).filter((id): id is string => id !== undefined))];
}

/** The responsibility group is established: its members may read the case. */
export const responsibilityGroupEstablished: CaseEventHandler = async (ctx, caseDoc, job) => {
  const group = record(job.variables.responsibilityGroup);
  const result = await ctx.models.Case.updateOne({ _id: caseDoc._id }, { $set: { groupMemberIds: groupMemberIdsOf(group) } });
  const meeting = {
    ...(text(group?.firstMeetingOn) ? { on: text(group?.firstMeetingOn)! } : {}),
    ...(text(group?.firstMeetingPlace) ? { place: text(group?.firstMeetingPlace)! } : {}),
  };
  return {
    changed: result.modifiedCount > 0,
    message: { kind: 'responsibility-group-established', dedupeKey: `responsibility-group-established-${job.idempotencyKey}`, text: (l) => groupEstablishedMessage(l, caseDoc.caseNumber, meeting) },
  };
};
