import { Types } from 'mongoose';
import type {
  CaseDiagram,
  DoneTask,
  RelatedCase,
  StaffCaseDetail,
  StaffCaseListItem,
  StaffCaseListQuery,
  StaffIncident,
  TimelineEntry,
} from '../../contract/staff-cases.js';
import type { PersonRef } from '../../contract/tasks.js';
import { ageOn, todayInNorway } from '../../forms/national-id.js';
import type { SessionUser } from '../auth/types.js';
import type { CaseCommandContext } from './context.js';
import { definitionModel } from '../definitions/model.js';
import { engineModels, type IncidentDoc, type InstanceDoc, type TaskDoc } from '../engine/models/index.js';
import type { InstanceView } from '../engine/types.js';
import { can } from '../policies/index.js';
import { toTaskListItems } from '../tasks/items.js';
import { userModel } from '../users/model.js';
import { toAccessFacts } from './access.js';
import type { CaseDoc, CaseMessageDoc, RequestDoc } from './models.js';
import { decidedPairs, flaggedCaseIds, flaggedPairs } from './staff-duplicates.js';
import type { CaseSearch } from './staff-search.js';
import { caseStage, isClosedStage, stepKeys, type CaseStage } from './status.js';
import type { CaseFlag } from '../../contract/overview.js';
import { caseHasFlag, caseSignals, type OverviewSettings } from './overview.js';

/**
 * What staff see of cases: the list (their unit's cases for KE case workers, the cases they
 * coordinate for coordinators) and one case with everything a case worker needs beside a task's
 * form. Reads only; access and audit are the route's (authorizeCase).
 */

export const maxStaffCasePageSize = 100;
export const defaultStaffCasePageSize = 25;

type InstanceSummary = Pick<InstanceDoc, '_id' | 'status' | 'active' | 'history' | 'variables' | 'definitionId' | 'openIncidents'>;

/** The cases a staff member may list at all; null for roles without a staff case list. */
export function staffCaseScope(user: SessionUser): Record<string, unknown> | null {
  if (user.role === 'ke-caseworker' && user.unitId) return { unitId: user.unitId };
  if (user.role === 'coordinator') return { coordinatorId: user.id };
  return null;
}

function searchFilter(search: CaseSearch | undefined): Record<string, unknown> {
  if (!search) return {};
  if (search.kind === 'national-id') return { 'person.nationalId': search.nationalId };
  if (search.kind === 'case-number') return { caseNumber: { $regex: search.pattern } };
  return { 'person.name': { $regex: search.pattern } };
}

export function stageOf(doc: Pick<CaseDoc, 'consent' | 'closedAt'>, instance: Pick<InstanceView, 'status' | 'active' | 'history'> | null): CaseStage {
  if (doc.consent?.withdrawnAt && (!instance || instance.status !== 'running')) return 'closed-consent-withdrawn';
  return caseStage(instance);
}

const isClosed = (doc: Pick<CaseDoc, 'closedAt'>, stage: CaseStage) => doc.closedAt !== null || isClosedStage(stage);

async function instancesOf(ctx: CaseCommandContext, docs: readonly CaseDoc[], projection: Record<string, 1>): Promise<Map<string, InstanceSummary>> {
  const { Instance } = engineModels(ctx.models.Case.db);
  const ids = docs.filter((d) => d.processStartedAt).map((d) => d.instanceId);
  if (ids.length === 0) return new Map();
  const found = await Instance.find({ _id: { $in: ids } }, projection).lean<InstanceSummary[]>();
  return new Map(found.map((i) => [i._id, i]));
}

const summaryProjection = { _id: 1, status: 1, active: 1, 'history.elementId': 1, 'history.outcome': 1, 'variables.appointment': 1 } as const;

/** Names of users by id (staff and citizens who acted); ids of the system and unknown ids are left out. */
async function userNames(ctx: CaseCommandContext, ids: readonly (string | null | undefined)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id !== '' && !id.startsWith('system-')))];
  if (wanted.length === 0) return new Map();
  const users = await userModel(ctx.models.Case.db).find({ _id: { $in: wanted } }, { _id: 1, name: 1 }).lean<{ _id: string; name: string }[]>();
  return new Map(users.map((u) => [u._id, u.name]));
}

const personRef = (names: Map<string, string>, id: string | null | undefined): PersonRef | null => (id && names.has(id) ? { id, name: names.get(id)! } : null);

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The coordinator by the case's user id, or by the name the appointment recorded. */
function coordinatorOf(doc: CaseDoc, names: Map<string, string>, instance: Pick<InstanceSummary, 'variables'> | undefined): PersonRef | null {
  const byId = personRef(names, doc.coordinatorId);
  if (byId) return byId;
  const appointment = record(instance?.variables?.appointment);
  const name = typeof appointment?.coordinatorName === 'string' ? appointment.coordinatorName : null;
  return name ? { id: doc.coordinatorId ?? '', name } : null;
}

export interface StaffCaseListResult {
  readonly cases: StaffCaseListItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** The case documents shown, for the route's audit entries. */
  readonly docs: CaseDoc[];
}

/**
 * One page of the staff member's cases, newest first. Stage and status come from the process, so
 * with those filters the scoped, searched cases are read with their instances' positions and
 * filtered here; without them the database pages.
 */
export async function listStaffCases(
  ctx: CaseCommandContext,
  user: SessionUser,
  query: Required<Pick<StaffCaseListQuery, 'page' | 'pageSize'>> & {
    search?: CaseSearch;
    stage?: CaseStage;
    status?: 'open' | 'closed';
    /** The overview's rule (server/cases/overview.ts) with its settings. */
    flag?: { flag: CaseFlag; settings: OverviewSettings };
    /** Cases this coordinator (a user id) coordinates. */
    coordinatorId?: string;
  },
): Promise<StaffCaseListResult> {
  const scope = staffCaseScope(user);
  const empty = { cases: [], total: 0, page: query.page, pageSize: query.pageSize, docs: [] };
  if (!scope) return empty;
  if (query.coordinatorId && scope.coordinatorId !== undefined && scope.coordinatorId !== query.coordinatorId) return empty;
  const filter = { ...scope, ...searchFilter(query.search), ...(query.coordinatorId ? { coordinatorId: query.coordinatorId } : {}) };
  const skip = (query.page - 1) * query.pageSize;
  let docs: CaseDoc[];
  let total: number;
  let instances: Map<string, InstanceSummary>;
  if (query.stage || query.status || query.flag) {
    let all = await ctx.models.Case.find(filter).sort({ createdAt: -1, _id: -1 }).lean<CaseDoc[]>();
    if (query.flag) {
      const { flag, settings } = query.flag;
      const signals = await caseSignals(ctx, all);
      all = signals.filter((c) => caseHasFlag(c, flag, settings)).map((c) => c.doc);
    }
    instances = await instancesOf(ctx, all, summaryProjection);
    const matching = all.filter((doc) => {
      const stage = stageOf(doc, (instances.get(doc.instanceId) as InstanceView | undefined) ?? null);
      if (query.stage && stage !== query.stage) return false;
      if (query.status && isClosed(doc, stage) !== (query.status === 'closed')) return false;
      return true;
    });
    total = matching.length;
    docs = matching.slice(skip, skip + query.pageSize);
  } else {
    [docs, total] = await Promise.all([
      ctx.models.Case.find(filter).sort({ createdAt: -1, _id: -1 }).skip(skip).limit(query.pageSize).lean<CaseDoc[]>(),
      ctx.models.Case.countDocuments(filter),
    ]);
    instances = await instancesOf(ctx, docs, summaryProjection);
  }
  const { Task } = engineModels(ctx.models.Case.db);
  const ids = docs.map((d) => d._id.toHexString());
  const [openTasks, flagged, names] = await Promise.all([
    Task.find({ caseId: { $in: ids }, status: { $in: ['open', 'claimed'] } }, { caseId: 1 }).lean<Pick<TaskDoc, 'caseId'>[]>(),
    flaggedCaseIds(ctx, docs.map((d) => d._id)),
    userNames(ctx, docs.map((d) => d.coordinatorId)),
  ]);
  const taskCounts = new Map<string, number>();
  for (const task of openTasks) taskCounts.set(task.caseId, (taskCounts.get(task.caseId) ?? 0) + 1);
  const cases = docs.map((doc): StaffCaseListItem => {
    const id = doc._id.toHexString();
    const instance = instances.get(doc.instanceId);
    const stage = stageOf(doc, (instance as InstanceView | undefined) ?? null);
    return {
      id,
      caseNumber: doc.caseNumber,
      personName: doc.person.name,
      birthDate: doc.person.birthDate,
      askFor: doc.askFor,
      channel: doc.channel,
      stage,
      closed: isClosed(doc, stage),
      coordinator: coordinatorOf(doc, names, instance),
      openTasks: taskCounts.get(id) ?? 0,
      createdAt: doc.createdAt.toISOString(),
      duplicateFlag: flagged.has(id),
    };
  });
  return { cases, total, page: query.page, pageSize: query.pageSize, docs };
}

function related(doc: CaseDoc, instance: Pick<InstanceView, 'status' | 'active' | 'history'> | null): RelatedCase {
  return { id: doc._id.toHexString(), caseNumber: doc.caseNumber, stage: stageOf(doc, instance), createdAt: doc.createdAt.toISOString() };
}

function elementName(instance: InstanceDoc | null, elementId: string): string | null {
  if (!instance) return null;
  const active = instance.active.find((element) => element.elementId === elementId && element.name);
  if (active?.name) return active.name;
  return [...instance.history].reverse().find((entry) => entry.elementId === elementId && entry.name)?.name ?? null;
}

/** Everything about one case a staff member may read (the route has authorized `read-as-staff`). */
export async function staffCaseDetail(
  ctx: CaseCommandContext,
  user: SessionUser,
  doc: CaseDoc,
): Promise<StaffCaseDetail> {
  const { Instance, Task, Incident } = engineModels(ctx.models.Case.db);
  const caseId = doc._id.toHexString();
  const [instance, request, messages, tasks, incidents, pairs, decided] = await Promise.all([
    doc.processStartedAt ? Instance.findById(doc.instanceId).lean<InstanceDoc>() : Promise.resolve(null),
    ctx.models.Request.findById(doc.requestId).lean<RequestDoc>(),
    ctx.models.CaseMessage.find({ caseId: doc._id }).sort({ createdAt: 1 }).lean<CaseMessageDoc[]>(),
    Task.find({ caseId }).sort({ createdAt: 1 }).lean<TaskDoc[]>(),
    Incident.find({ instanceId: doc.instanceId, caseId, status: 'open' }).sort({ createdAt: -1 }).lean<IncidentDoc[]>(),
    flaggedPairs(ctx, doc._id),
    decidedPairs(ctx, doc._id),
  ]);
  const facts = toAccessFacts(doc);
  const view = instance as unknown as InstanceView | null;
  const stage = stageOf(doc, view);
  const history = instance?.history ?? [];
  const openTasks = tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  const doneTasks = tasks.filter((t) => t.status === 'completed' || t.status === 'closed').sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0));

  const relatedIds = [...new Set([...pairs.map((p) => p.otherCaseId), ...decided.flatMap((d) => [d.openCaseId.toHexString(), d.newerCaseId.toHexString()])])].filter((id) => id !== caseId);
  const relatedDocs = relatedIds.length > 0 ? await ctx.models.Case.find({ _id: { $in: relatedIds.map((id) => new Types.ObjectId(id)) } }).lean<CaseDoc[]>() : [];
  // Only cases the user may see themselves are named.
  const visible = new Map(relatedDocs.filter((other) => can(user, 'read-as-staff', 'case', toAccessFacts(other))).map((other) => [other._id.toHexString(), other]));
  const relatedInstances = await instancesOf(ctx, [...visible.values()], summaryProjection);
  const relatedOf = (id: string): RelatedCase | null => {
    const other = visible.get(id);
    return other ? related(other, (relatedInstances.get(other.instanceId) as InstanceView | undefined) ?? null) : null;
  };

  const names = await userNames(ctx, [
    doc.coordinatorId,
    ...history.map((h) => h.by),
    ...doneTasks.map((t) => t.completedBy),
    ...openTasks.map((t) => t.assignee),
    ...decided.map((d) => d.decidedBy?.id),
  ]);

  const timeline: TimelineEntry[] = [
    { key: 'received', at: doc.createdAt.toISOString(), by: request?.signature.fullName ?? null },
    ...history
      .filter((entry) => entry.outcome === 'completed' && stepKeys[entry.elementId] !== undefined && stepKeys[entry.elementId] !== 'received')
      .map((entry) => ({ key: stepKeys[entry.elementId]!, at: new Date(entry.endedAt).toISOString(), by: entry.by ? (names.get(entry.by) ?? null) : null })),
    ...history
      .filter((entry) => entry.elementType === 'bpmn:Process' && entry.outcome === 'terminated' && entry.by)
      .map((entry): TimelineEntry => ({ key: 'process-ended', at: new Date(entry.endedAt).toISOString(), by: names.get(entry.by!) ?? null })),
    ...decided.map((d): TimelineEntry => ({
      key: d.status === 'kept' ? 'duplicate-kept' : d.newerCaseId.equals(doc._id) ? 'merged-into-open-case' : 'duplicate-merged-here',
      at: (d.decidedAt ?? d.flaggedAt).toISOString(),
      by: d.decidedBy?.name ?? null,
    })),
  ];
  timeline.sort((a, b) => a.at.localeCompare(b.at));

  const appointment = record(instance?.variables?.appointment);
  const birthDate = doc.person.birthDate;
  const duplicates = pairs.map((p) => relatedOf(p.otherCaseId)).filter((r): r is RelatedCase => r !== null);
  const retryIncident = can(user, 'retry', 'incident', facts) && instance?.status === 'running';
  return {
    id: caseId,
    caseNumber: doc.caseNumber,
    stage,
    closed: isClosed(doc, stage),
    createdAt: doc.createdAt.toISOString(),
    channel: doc.channel,
    askFor: doc.askFor,
    person: { name: doc.person.name, birthDate, age: birthDate ? ageOn(birthDate, todayInNorway((ctx.clock ?? { now: () => new Date() }).now())) : 0 },
    coordinator: coordinatorOf(doc, names, instance ?? undefined) ?? (typeof appointment?.coordinatorName === 'string' ? { id: '', name: appointment.coordinatorName } : null),
    request: request
      ? {
          data: request.data as unknown as Record<string, unknown>,
          signature: {
            fullName: request.signature.fullName,
            signedAt: new Date(request.signature.signedAt).toISOString(),
            signerRole: request.signature.signerRole,
            identityVerified: request.signature.identityVerified,
          },
          attachment: request.attachment ? { name: request.attachment.name, size: request.attachment.size, url: `/api/staff/cases/${caseId}/attachment` } : null,
        }
      : null,
    consent: {
      active: facts.consent.active,
      givenAt: doc.consent.givenAt ? new Date(doc.consent.givenAt).toISOString() : null,
      sharing: doc.consent.sharing ?? [],
      validUntil: doc.consent.validUntil ?? null,
      withdrawnAt: doc.consent.withdrawnAt ? new Date(doc.consent.withdrawnAt).toISOString() : null,
    },
    timeline,
    openTasks: await toTaskListItems(ctx, user, openTasks, (ctx.clock ?? { now: () => new Date() }).now()),
    doneTasks: doneTasks.map(
      (task): DoneTask => ({
        id: task._id,
        formKey: task.formKey ?? null,
        name: task.name ?? null,
        status: task.status === 'completed' ? 'completed' : 'closed',
        closedAt: task.closedAt?.toISOString() ?? null,
        completedBy: personRef(names, task.completedBy),
        output: task.output ?? null,
      }),
    ),
    messages: messages.map((m) => ({ kind: m.kind, subject: m.subject, body: m.body, createdAt: m.createdAt.toISOString() })),
    plan: can(user, 'read', 'plan', facts) ? record(instance?.variables?.plan) : null,
    incidents: incidents.map(
      (incident): StaffIncident => ({
        id: incident._id,
        elementId: incident.elementId,
        elementName: elementName(instance, incident.elementId),
        error: incident.lastError,
        attempts: incident.attempts,
        openedAt: incident.createdAt.toISOString(),
      }),
    ),
    duplicates,
    mergedCases: decided.filter((d) => d.status === 'merged' && d.openCaseId.equals(doc._id)).map((d) => relatedOf(d.newerCaseId.toHexString())).filter((r): r is RelatedCase => r !== null),
    mergedInto: (() => {
      const merged = decided.find((d) => d.status === 'merged' && d.newerCaseId.equals(doc._id));
      return merged ? relatedOf(merged.openCaseId.toHexString()) : null;
    })(),
    actions: { retryIncident: Boolean(retryIncident), resolveDuplicate: duplicates.length > 0 && can(user, 'resolve-duplicate', 'case', facts) },
  };
}

/** The BPMN of the case's definition version and where the case is in it. */
export async function staffCaseDiagram(ctx: CaseCommandContext, doc: CaseDoc): Promise<CaseDiagram | null> {
  if (!doc.processStartedAt) return null;
  const { Instance, Incident } = engineModels(ctx.models.Case.db);
  const instance = await Instance.findById(doc.instanceId, { definitionId: 1, active: 1, history: 1 }).lean<InstanceDoc>();
  if (!instance) return null;
  const definition = await definitionModel(ctx.models.Case.db).findById(instance.definitionId, { source: 1 }).lean<{ source: string }>();
  if (!definition) return null;
  const incidents = await Incident.find({ instanceId: instance._id, status: 'open' }, { elementId: 1 }).lean<{ elementId: string }[]>();
  // Boundary events wait on a step rather than being one: the step they are attached to is marked.
  const active = [...new Set(instance.active.filter((a) => a.elementType !== 'bpmn:BoundaryEvent').map((a) => a.elementId))];
  const completed = [...new Set(instance.history.filter((h) => h.outcome === 'completed' && h.elementType !== 'bpmn:Process').map((h) => h.elementId))].filter((id) => !active.includes(id));
  return { xml: definition.source, active, completed, incidents: [...new Set(incidents.map((i) => i.elementId))] };
}
