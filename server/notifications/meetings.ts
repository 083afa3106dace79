/**
 * What the meeting reminder needs to know about responsibility-group meetings, behind one small
 * query. The meetings belong to the living plan: `planMeetingSource` reads them from the plans'
 * responsibility groups (what the workers use); `meetingCollectionSource` reads a plain `meetings`
 * collection `{ _id, caseId, startsAt, cancelledAt? }`. Who is told is read from the case: the
 * group's members who use the product, and the coordinator.
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

interface PlanGroupRecord {
  _id: Types.ObjectId;
  group?: { meetings?: { id: string; at: string }[] };
}

const osloParts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A moment as Norwegian wall-clock time, `YYYY-MM-DDTHH:mm` (how the plan keeps its meetings). */
export function osloLocal(date: Date): string {
  const p = Object.fromEntries(osloParts.formatToParts(date).map((part) => [part.type, part.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** Norwegian wall-clock time `YYYY-MM-DDTHH:mm` as a moment. */
export function fromOsloLocal(at: string): Date {
  const guess = Date.parse(`${at}:00Z`);
  const offset = Date.parse(`${osloLocal(new Date(guess))}:00Z`) - guess;
  return new Date(guess - offset);
}

/**
 * The living plan's meetings: the responsibility group of each plan (`plans`, one per case, keyed by
 * the case id) lists its meetings with their Norwegian wall-clock time. A meeting's id here is
 * `<case id>-<meeting id>`; a meeting removed from the group is gone, one moved has a new time.
 */
export function planMeetingSource(connection: Connection): MeetingSource {
  const plans = connection.collection<PlanGroupRecord>('plans');
  return {
    async startingBetween(from, to) {
      const [low, high] = [osloLocal(from), osloLocal(to)];
      const docs = await plans.find({ 'group.meetings.at': { $gte: low, $lt: high } }, { projection: { 'group.meetings': 1 } }).toArray();
      return docs.flatMap((doc) =>
        (doc.group?.meetings ?? [])
          .filter((m) => typeof m.at === 'string' && m.at >= low && m.at < high)
          .map((m) => ({ id: `${doc._id.toHexString()}-${m.id}`, caseId: doc._id.toHexString(), startsAt: fromOsloLocal(m.at) })),
      );
    },
    async meeting(id) {
      const [caseId, meetingId] = [id.slice(0, 24), id.slice(25)];
      if (!/^[0-9a-f]{24}$/i.test(caseId) || !meetingId) return null;
      const doc = await plans.findOne({ _id: new Types.ObjectId(caseId) }, { projection: { 'group.meetings': 1 } });
      const found = doc?.group?.meetings?.find((m) => m.id === meetingId);
      return found ? { id, caseId, startsAt: fromOsloLocal(found.at) } : null;
    },
  };
}
