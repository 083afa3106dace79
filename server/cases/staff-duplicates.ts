import { Schema, Types, type Connection, type Model, type QueryFilter } from 'mongoose';
import type { SessionUser } from '../auth/types.js';
import type { CaseCommandContext } from './context.js';
import { endInstance } from '../engine/end-instance.js';
import { engineModels } from '../engine/models/index.js';
import { can } from '../policies/index.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { toAccessFacts } from './access.js';
import type { CaseDoc, RequestDoc } from './models.js';

/**
 * A second request for a person who already has an open case. Both cases are flagged for staff
 * (one document per pair: the open case and the newer one), and a KE case worker decides: merge
 * (the newer case is closed into the open one: its request stays stored and is linked there, its
 * process is ended) or keep (both go on, the flag is cleared). Who asked is told about the open
 * case only when they may already see it themselves: the person or a representative on that
 * case, signed in. An anonymous sender learns nothing.
 */
/** `merging`: a merge has won and is being carried out (one that stays so, after a crash, is taken over). */
export type DuplicateStatus = 'flagged' | 'merging' | 'merged' | 'kept';

export interface DuplicateDoc {
  /** `<open case id>-<newer case id>`: one flag per pair, however often the check runs. */
  _id: string;
  openCaseId: Types.ObjectId;
  newerCaseId: Types.ObjectId;
  /** The newer case's request: after a merge, the request linked to the open case. */
  newerRequestId: Types.ObjectId;
  status: DuplicateStatus;
  flaggedAt: Date;
  decidedAt: Date | null;
  decidedBy: { id: string; name: string } | null;
}

const schema = new Schema<DuplicateDoc>(
  {
    _id: { type: String, required: true },
    openCaseId: { type: Schema.Types.ObjectId, required: true },
    newerCaseId: { type: Schema.Types.ObjectId, required: true },
    newerRequestId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, required: true },
    flaggedAt: { type: Date, required: true },
    decidedAt: { type: Date, default: null },
    decidedBy: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false, autoIndex: false, collection: 'case_duplicates' },
);
schema.index({ openCaseId: 1, status: 1 });
schema.index({ newerCaseId: 1, status: 1 });

export type DuplicateModel = Model<DuplicateDoc>;

const indexed = new WeakSet<Connection>();

export async function duplicateModel(connection: Connection): Promise<DuplicateModel> {
  const model = (connection.models.CaseDuplicate as DuplicateModel | undefined) ?? connection.model<DuplicateDoc>('CaseDuplicate', schema);
  if (!indexed.has(connection)) {
    indexed.add(connection);
    await model.createIndexes();
  }
  return model;
}

const clock = (ctx: CaseCommandContext) => (ctx.clock ?? { now: () => new Date() }).now();

/** The person's other cases that are still open (not closed, process not ended). */
async function otherOpenCases(ctx: CaseCommandContext, caseDoc: Pick<CaseDoc, '_id' | 'person'>): Promise<CaseDoc[]> {
  const others = await ctx.models.Case.find({ 'person.nationalId': caseDoc.person.nationalId, _id: { $ne: caseDoc._id }, closedAt: null }).lean<CaseDoc[]>();
  if (others.length === 0) return [];
  const { Instance } = engineModels(ctx.models.Case.db);
  const ended = new Set(
    (await Instance.find({ _id: { $in: others.map((c) => c.instanceId) }, status: { $ne: 'running' } }, { _id: 1 }).lean<{ _id: string }[]>()).map((i) => i._id),
  );
  return others.filter((other) => !ended.has(other.instanceId));
}

const older = (a: Pick<CaseDoc, '_id' | 'createdAt'>, b: Pick<CaseDoc, '_id' | 'createdAt'>) =>
  a.createdAt.getTime() < b.createdAt.getTime() || (a.createdAt.getTime() === b.createdAt.getTime() && a._id.toHexString() < b._id.toHexString());

/**
 * Called when a request has opened its case: flags it with every other open case of the same
 * person (idempotent). Returns the case number of the open case the sender may be told about.
 */
export async function flagDuplicateRequest(ctx: CaseCommandContext, request: Pick<RequestDoc, 'caseId' | 'signature'>, user: SessionUser | undefined): Promise<{ caseNumber: string } | null> {
  const caseDoc = await ctx.models.Case.findById(request.caseId).lean<CaseDoc>();
  if (!caseDoc) return null;
  const others = await otherOpenCases(ctx, caseDoc);
  if (others.length === 0) return null;
  const Duplicate = await duplicateModel(ctx.models.Case.db);
  const now = clock(ctx);
  const flags = others.map((other) => {
    const [open, newer] = older(other, caseDoc) ? [other, caseDoc] : [caseDoc, other];
    return {
      updateOne: {
        filter: { _id: `${open._id.toHexString()}-${newer._id.toHexString()}` },
        update: { $setOnInsert: { openCaseId: open._id, newerCaseId: newer._id, newerRequestId: newer.requestId, status: 'flagged' as const, flaggedAt: now, decidedAt: null, decidedBy: null } },
        upsert: true,
      },
    };
  });
  try {
    // One round trip however many open cases the person has; a pair another check flagged meanwhile is a duplicate key.
    await Duplicate.bulkWrite(flags, { ordered: false });
  } catch (error) {
    // A bulk error carries the code of its first failure only: decide by every failure it lists.
    const failures = (error as { writeErrors?: unknown[] }).writeErrors;
    if (failures && failures.length > 0 ? !failures.every(isDuplicateKeyError) : !isDuplicateKeyError(error)) throw error;
  }
  // Told only to whom the open case is no secret: a signed-in party to it, who sent this request.
  if (!user || request.signature.signedInUserId !== user.id) return null;
  const visible = others.filter((other) => older(other, caseDoc) && can(user, 'read', 'case', toAccessFacts(other)));
  return visible[0] ? { caseNumber: visible[0].caseNumber } : null;
}

export interface DuplicatePair {
  readonly doc: DuplicateDoc;
  /** The other case of the pair, seen from the case asked about. */
  readonly otherCaseId: string;
  /** The case asked about is the newer one (the one a merge closes). */
  readonly isNewer: boolean;
}

/** A merge not finished after this long was interrupted: the next decision takes it over. */
const mergeLockMs = 60_000;

/** The undecided flags of a case whose both cases are still open (with `unfinished`: also interrupted merges). */
export async function flaggedPairs(ctx: CaseCommandContext, caseId: Types.ObjectId, options: { unfinished?: boolean } = {}): Promise<DuplicatePair[]> {
  const Duplicate = await duplicateModel(ctx.models.Case.db);
  const status: DuplicateStatus[] = options.unfinished ? ['flagged', 'merging'] : ['flagged'];
  const docs = await Duplicate.find({ status: { $in: status }, $or: [{ openCaseId: caseId }, { newerCaseId: caseId }] }).sort({ flaggedAt: 1 }).lean<DuplicateDoc[]>();
  if (docs.length === 0) return [];
  const self = await ctx.models.Case.findById(caseId, { _id: 1, person: 1, closedAt: 1, instanceId: 1, processStartedAt: 1 }).lean<CaseDoc>();
  if (!self || self.closedAt) return [];
  if (self.processStartedAt && (await engineModels(ctx.models.Case.db).Instance.exists({ _id: self.instanceId, status: { $ne: 'running' } }))) return [];
  const open = new Set((await otherOpenCases(ctx, self)).map((c) => c._id.toHexString()));
  return docs
    .map((doc) => {
      const isNewer = doc.newerCaseId.equals(caseId);
      return { doc, isNewer, otherCaseId: (isNewer ? doc.openCaseId : doc.newerCaseId).toHexString() };
    })
    .filter((pair) => open.has(pair.otherCaseId));
}

/** Which of these cases have an undecided flag with another open case (for the case list). */
export async function flaggedCaseIds(ctx: CaseCommandContext, caseIds: readonly Types.ObjectId[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const Duplicate = await duplicateModel(ctx.models.Case.db);
  const docs = await Duplicate.find({ status: 'flagged', $or: [{ openCaseId: { $in: caseIds } }, { newerCaseId: { $in: caseIds } }] }).lean<DuplicateDoc[]>();
  if (docs.length === 0) return new Set();
  const ids = [...new Set(docs.flatMap((d) => [d.openCaseId.toHexString(), d.newerCaseId.toHexString()]))];
  const cases = await ctx.models.Case.find({ _id: { $in: ids }, closedAt: null }, { _id: 1, instanceId: 1 }).lean<Pick<CaseDoc, '_id' | 'instanceId'>[]>();
  const { Instance } = engineModels(ctx.models.Case.db);
  const ended = new Set((await Instance.find({ _id: { $in: cases.map((c) => c.instanceId) }, status: { $ne: 'running' } }, { _id: 1 }).lean<{ _id: string }[]>()).map((i) => i._id));
  const open = new Set(cases.filter((c) => !ended.has(c.instanceId)).map((c) => c._id.toHexString()));
  const flagged = new Set<string>();
  for (const doc of docs) {
    const [a, b] = [doc.openCaseId.toHexString(), doc.newerCaseId.toHexString()];
    if (open.has(a) && open.has(b)) flagged.add(a).add(b);
  }
  return flagged;
}

/** Decided merges and keeps that involve the case, oldest first (for the timeline and the links). */
export async function decidedPairs(ctx: CaseCommandContext, caseId: Types.ObjectId): Promise<DuplicateDoc[]> {
  const Duplicate = await duplicateModel(ctx.models.Case.db);
  return Duplicate.find({ status: { $in: ['merged', 'kept'] }, $or: [{ openCaseId: caseId }, { newerCaseId: caseId }] }).sort({ decidedAt: 1 }).lean<DuplicateDoc[]>();
}

export class DuplicateDecisionError extends Error {
  constructor(readonly code: 'not-flagged' | 'choose-case' | 'already-decided') {
    super(`duplicate decision refused: ${code}`);
    this.name = 'DuplicateDecisionError';
  }
}

/**
 * Applies a KE case worker's decision on one flagged pair: exactly one decision wins when several
 * people decide at once (the others get `already-decided`). A merge interrupted by a crash is
 * taken over by the next merge decision after a minute.
 */
export async function decideDuplicate(
  ctx: CaseCommandContext,
  input: { pair: DuplicatePair; decision: 'merge' | 'keep'; user: SessionUser },
): Promise<DuplicateDoc> {
  const Duplicate = await duplicateModel(ctx.models.Case.db);
  const now = clock(ctx);
  const decidedBy = { id: input.user.id, name: input.user.name };
  const claimable: QueryFilter<DuplicateDoc> =
    input.decision === 'merge'
      ? { $or: [{ status: 'flagged' }, { status: 'merging', decidedAt: { $lt: new Date(now.getTime() - mergeLockMs) } }] }
      : { status: 'flagged' };
  const claimed = await Duplicate.findOneAndUpdate(
    { _id: input.pair.doc._id, ...claimable },
    { $set: { status: input.decision === 'merge' ? 'merging' : 'kept', decidedAt: now, decidedBy } },
    { returnDocument: 'after' },
  ).lean<DuplicateDoc>();
  if (!claimed) throw new DuplicateDecisionError('already-decided');
  if (input.decision === 'keep') return claimed;

  const newer = await ctx.models.Case.findById(claimed.newerCaseId).lean<CaseDoc>();
  if (newer) {
    if (newer.processStartedAt) await endInstance(ctx.models.Case.db, { instanceId: newer.instanceId, actor: decidedBy, ...(ctx.clock ? { clock: ctx.clock } : {}) });
    await ctx.models.Case.updateOne({ _id: newer._id, closedAt: null }, { $set: { closedAt: now } });
  }
  const merged = await Duplicate.findOneAndUpdate({ _id: claimed._id, status: 'merging' }, { $set: { status: 'merged' } }, { returnDocument: 'after' }).lean<DuplicateDoc>();
  return merged ?? { ...claimed, status: 'merged' };
}
