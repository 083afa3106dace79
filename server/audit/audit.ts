import { Types, type Connection } from 'mongoose';
import type { Request } from 'express';
import type { AuditAction } from '../../contract/audit.js';
import type { AccessLogLine } from '../../contract/cases.js';
import type { SessionUser } from '../auth/types.js';

export type { AccessLogLine } from '../../contract/cases.js';
import { auditEntryModel, type AuditEntryDoc, type AuditEntryModel, type AuditOutcome } from './model.js';

export interface AuditInput {
  /** `<resource>.<action>`, e.g. case.read, plan.update: one of contract/audit.ts. */
  readonly action: AuditAction;
  /** The case's id (CaseAccessFacts.id), not a case number, so that one case has one key. */
  readonly caseId?: string;
  /** The unit owning the case: pass it, so that the unit's lead finds the entry. */
  readonly unitId?: string;
  readonly targetUserId?: string;
  /** Default 'allowed'. */
  readonly outcome?: AuditOutcome;
  /** What was asked, when the action alone does not say it (e.g. a masked identity number searched for). Never personal data in the clear. */
  readonly detail?: string;
}

export interface AuditFilter {
  caseId?: string;
  actorId?: string;
  from?: Date;
  to?: Date;
  /** Restrict to one unit's entries (a lead's search); undefined: every unit. */
  unitId?: string;
  /** An action (`case.read`), or every action of a resource (`case.`). */
  action?: string;
  limit?: number;
  /** Entries to pass over first (paging by page number). */
  skip?: number;
  /** Entries older than this one only (paging by cursor: the last entry of the page before). */
  olderThan?: AuditCursor;
  /** Entries newer than this one only, the `limit` nearest it (the page before the one that starts with it). */
  newerThan?: AuditCursor;
}

/** An entry's place in the order of the search: newest first, ties by id. */
export interface AuditCursor {
  time: Date;
  id: string;
}

export interface AuditEntryView {
  time: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  actorLead: boolean;
  action: string;
  outcome: AuditOutcome;
  caseId: string | null;
  unitId: string | null;
  targetUserId: string | null;
  route: string | null;
}

/**
 * Seeing the case in a list is audited once per case each time a list is fetched, and a list
 * page fetches again on every refresh; the plan workspace saves the plan as the coordinator types.
 * For the person, one look at a list or one sitting over the plan is one line: entries of one actor
 * with one of these actions no further apart than this show as one line (the latest).
 */
export const listViewWindowMs = 30 * 60 * 1000;
const foldedActions: ReadonlySet<string> = new Set(['case.list', 'plan.update']);

/** The append-only audit log: record and search, nothing else. */
export class AuditLog {
  readonly model: AuditEntryModel;

  constructor(connection: Connection) {
    this.model = auditEntryModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  async record(actor: SessionUser | undefined, input: AuditInput, route?: string): Promise<void> {
    await this.recordEach(actor, [input], route);
  }

  /** Entries of one request (a list's cases) in one write. */
  async recordEach(actor: SessionUser | undefined, inputs: readonly AuditInput[], route?: string): Promise<void> {
    if (inputs.length === 0) return;
    const time = new Date();
    await this.model.insertMany(inputs.map((input) => this.entry(actor, input, time, route)));
  }

  private entry(actor: SessionUser | undefined, input: AuditInput, time: Date, route: string | undefined) {
    return {
      _id: new Types.ObjectId().toHexString(),
      time,
      actorId: actor?.id ?? 'anonymous',
      actorName: actor?.name ?? '',
      actorRole: actor?.role ?? 'anonymous',
      ...(actor?.lead ? { actorLead: true } : {}),
      action: input.action,
      outcome: input.outcome ?? 'allowed',
      ...(input.caseId ? { caseId: input.caseId } : {}),
      ...(input.unitId ? { unitId: input.unitId } : {}),
      ...(input.targetUserId ? { targetUserId: input.targetUserId } : {}),
      ...(route ? { route } : {}),
      ...(input.detail ? { detail: input.detail } : {}),
    };
  }

  async search(filter: AuditFilter): Promise<(AuditEntryView & { id: string })[]> {
    const limit = Math.min(filter.limit ?? 200, 1001);
    const query = searchQuery(filter);
    const cursor = filter.olderThan ?? filter.newerThan;
    if (!cursor) {
      const docs = await this.model.find(query).sort({ time: -1, _id: -1 }).skip(filter.skip ?? 0).limit(limit).lean();
      return docs.map((doc) => ({ id: doc._id, ...toView(doc) }));
    }
    // Keyset paging on a time index: the entries from the cursor's time on, in the direction asked,
    // less those at its very time on the cursor's side of it (the cursor's own entry at least; ties
    // within a millisecond are few, so a page is read with two more, and again with more while they fill it).
    const newer = filter.olderThan === undefined;
    const time = (query.time ?? {}) as { $gte?: Date; $lte?: Date };
    query.time = newer
      ? { ...time, $gte: time.$gte && time.$gte > cursor.time ? time.$gte : cursor.time }
      : { ...time, $lte: time.$lte && time.$lte < cursor.time ? time.$lte : cursor.time };
    const at = cursor.time.getTime();
    const beyond = (doc: AuditEntryDoc) => doc.time.getTime() !== at || (newer ? doc._id > cursor.id : doc._id < cursor.id);
    const direction = newer ? 1 : -1;
    for (let extra = 2; ; extra *= 8) {
      // Straight through the driver: the fields need no casting, and a long walk asks for many pages.
      const docs = await this.model.collection
        .find<AuditEntryDoc>(query, { sort: { time: direction, _id: direction }, limit: limit + extra, batchSize: limit + extra })
        .toArray();
      const found = docs.filter(beyond);
      if (found.length >= limit || docs.length < limit + extra) {
        const page = found.slice(0, limit);
        if (newer) page.reverse();
        return page.map((doc) => ({ id: doc._id, ...toView(doc) }));
      }
    }
  }

  /** How many entries the search finds in all. */
  async count(filter: AuditFilter): Promise<number> {
    return this.model.countDocuments(searchQuery(filter));
  }

  /** Every entry the search finds, newest first, one at a time (the export). */
  async *export(filter: AuditFilter, max: number): AsyncGenerator<AuditEntryView & { detail: string | null }> {
    const cursor = this.model.find(searchQuery(filter)).sort({ time: -1, _id: -1 }).limit(max).lean().cursor();
    for await (const doc of cursor) yield { ...toView(doc as AuditEntryDoc), detail: (doc as AuditEntryDoc).detail ?? null };
  }

  /**
   * Who has read or changed the case, newest first, leaving out the asking person's own entries.
   * Every entry stays in the log (the audit search shows them all); only repeated list views and
   * plan saves (the plan workspace saves as the coordinator types) fold.
   */
  async accessLog(caseId: string, exceptActorId: string): Promise<AccessLogLine[]> {
    const docs = await this.model
      .find({ caseId, outcome: 'allowed', actorId: { $ne: exceptActorId } })
      .sort({ time: -1 })
      .limit(1000)
      .lean();
    const lines: AccessLogLine[] = [];
    // The latest repeated action of each actor already shown, to fold earlier ones within the window into it.
    const lastRepeated = new Map<string, Date>();
    for (const doc of docs) {
      if (foldedActions.has(doc.action)) {
        const key = `${doc.actorId} ${doc.action}`;
        const later = lastRepeated.get(key);
        lastRepeated.set(key, doc.time);
        if (later && later.getTime() - doc.time.getTime() <= listViewWindowMs) continue;
      }
      lines.push({ name: doc.actorName, role: doc.actorRole, ...(doc.actorLead ? { lead: true as const } : {}), action: doc.action, time: doc.time.toISOString() });
    }
    return lines;
  }
}

function searchQuery(filter: AuditFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.caseId) query.caseId = filter.caseId;
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.unitId !== undefined) query.unitId = filter.unitId;
  // Every action of a resource (`case.`) is the range of names from `case.` up to `case/` ('/' follows '.'), which an index bounds.
  if (filter.action) query.action = filter.action.endsWith('.') ? { $gte: filter.action, $lt: `${filter.action.slice(0, -1)}/` } : filter.action;
  if (filter.from || filter.to) query.time = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  return query;
}

function toView(doc: AuditEntryDoc): AuditEntryView {
  return {
    time: doc.time.toISOString(),
    actorId: doc.actorId,
    actorName: doc.actorName,
    actorRole: doc.actorRole,
    actorLead: doc.actorLead === true,
    action: doc.action,
    outcome: doc.outcome,
    caseId: doc.caseId ?? null,
    unitId: doc.unitId ?? null,
    targetUserId: doc.targetUserId ?? null,
    route: doc.route ?? null,
  };
}

const auditLogKey = Symbol('auditLog');

/** Makes the audit log reachable from the request (the security middleware does this). */
export function attachAuditLog(req: Request, log: AuditLog): void {
  (req as Request & { [auditLogKey]?: AuditLog })[auditLogKey] = log;
}

/** The route pattern of the request, e.g. `GET /api/cases/:id`, without the query string. */
export function routeOf(req: Request): string {
  const pattern = typeof req.route?.path === 'string' ? req.route.path : req.path;
  return `${req.method} ${req.baseUrl}${pattern}`;
}

/**
 * Records one audit entry for the request's user: call it for every read and write of case data,
 * and await it before answering (no answer without its entry).
 *
 *   await audit(req, { action: 'case.read', caseId: facts.id, unitId: facts.unitId });
 */
export async function audit(req: Request, input: AuditInput): Promise<void> {
  await auditEach(req, [input]);
}

/** One entry per input (each case a list shows), written together. */
export async function auditEach(req: Request, inputs: readonly AuditInput[]): Promise<void> {
  const log = (req as Request & { [auditLogKey]?: AuditLog })[auditLogKey];
  if (!log) throw new Error('audit(): the security middleware is not mounted before this route');
  await log.recordEach(req.user, inputs, routeOf(req));
}
