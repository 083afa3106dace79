/**
 * What the meeting reminder needs to know about responsibility-group meetings, behind one small
 * query. The meetings themselves belong to the living plan (the coordinator records them there);
 * the plan's meeting records fill the `meetings` collection in this shape (or replace this source):
 * `{ _id, caseId, startsAt, cancelledAt? }`. Who is told is read from the case: the group's members
 * who use the product, and the coordinator.
 */
import { Types, type Connection } from 'mongoose';

export interface MeetingFacts {
  readonly id: string;
  readonly caseId: string;
  readonly startsAt: Date;
}

export interface MeetingSource {
  /** Meetings not cancelled that start in [from, to). */
  startingBetween(from: Date, to: Date): Promise<MeetingFacts[]>;
  /** The meeting as it is now; null when it is gone or cancelled. */
  meeting(id: string): Promise<MeetingFacts | null>;
}

interface MeetingRecord {
  _id: unknown;
  caseId: unknown;
  startsAt: Date;
  cancelledAt?: Date | null;
}

function facts(doc: MeetingRecord): MeetingFacts {
  return { id: String(doc._id), caseId: String(doc.caseId), startsAt: doc.startsAt };
}

export const meetingCollectionName = 'meetings';

/** Reads the `meetings` collection. */
export function meetingCollectionSource(connection: Connection): MeetingSource {
  const collection = connection.collection<MeetingRecord>(meetingCollectionName);
  return {
    async startingBetween(from, to) {
      const docs = await collection.find({ startsAt: { $gte: from, $lt: to }, cancelledAt: null }).toArray();
      return docs.map((doc) => facts(doc as MeetingRecord));
    },
    async meeting(id) {
      // The plan's records may be keyed by ObjectId or by string.
      const ids: unknown[] = Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? [id, new Types.ObjectId(id)] : [id];
      const doc = await collection.findOne({ _id: { $in: ids } as never });
      if (!doc || doc.cancelledAt) return null;
      return facts(doc as MeetingRecord);
    },
  };
}
