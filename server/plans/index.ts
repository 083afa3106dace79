/**
 * The living plan: one draft per case, the responsibility group, frozen versions, reviews and the
 * members' reports on their measures (./model.ts); the difference of two versions (./diff.ts); the
 * plan as a document (./document.ts). Commands that change it live in server/commands/plan*.ts.
 */
import { Types } from 'mongoose';
import type { GroupMember, PlanDraft, PlanPhase, PlanVersion, PlanVersionContext, PlanVersionSummary, ResponsibilityGroup } from '../../contract/plan.js';
import type { CaseCommandContext } from '../cases/context.js';
import type { CaseDoc } from '../cases/models.js';
import { engineModels, NotFoundError, type InstanceView, type TaskDoc } from '../engine/index.js';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { emptyDraft, planModels, type PlanDoc, type PlanModels, type PlanVersionDoc } from './model.js';

export { planDiff, isEmptyDiff } from './diff.js';
export { planDocument } from './document.js';
export { planModels, ensurePlanIndexes, emptyDraft, type PlanDoc, type PlanVersionDoc, type PlanModels } from './model.js';

/** The catch event the process waits on between reviews (processes/individual-plan.bpmn). */
export const reviewTimerElementId = 'Event_ReviewDue';
/** The forms of the process's plan tasks. */
export const planTaskForms = { draft: 'plan', approval: 'plan-approval', review: 'review' } as const;

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

let idCounter = 0;
/** A short id for a goal, measure, member or meeting made on the server (the browser makes its own). */
export function newItemId(prefix: string): string {
  idCounter = (idCounter + 1) % 1_000_000;
  return `${prefix}${Date.now().toString(36)}${idCounter.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A plan written before the plan had ids (the generic task form): every goal and measure gets one. */
export function withItemIds(plan: Record<string, unknown>): PlanDraft {
  const goals = Array.isArray(plan.goals) ? plan.goals.map((g) => ({ ...record(g), id: text(record(g)?.id) ?? newItemId('g') })) : [];
  const measures = Array.isArray(plan.measures) ? plan.measures.map((m) => ({ status: 'planned', ...record(m), id: text(record(m)?.id) ?? newItemId('m') })) : [];
  return { ...emptyDraft(), ...plan, goals, measures } as PlanDraft;
}

/** The group as the responsibility-group task registered it, when the plan starts. */
function groupFromProcess(variables: Readonly<Record<string, unknown>>): ResponsibilityGroup {
  const form = record(variables.responsibilityGroup);
  const members: GroupMember[] = (Array.isArray(form?.members) ? form.members : []).map((m) => {
    const member = record(m) ?? {};
    return {
      id: newItemId('p'),
      name: text(member.name) ?? '',
      kind: 'professional',
      ...(text(member.role) ? { role: text(member.role)! } : {}),
      ...(text(member.responsibility) ? { responsibility: text(member.responsibility)! } : {}),
      ...(text(member.email) ? { contact: text(member.email)! } : {}),
      ...(text(member.userId) ? { userId: text(member.userId)! } : {}),
    };
  });
  const on = text(form?.firstMeetingOn);
  const meetings = on ? [{ id: newItemId('t'), at: `${on}T10:00`, ...(text(form?.firstMeetingPlace) ? { place: text(form?.firstMeetingPlace)! } : {}), video: false, attendeeIds: [], followUps: [] }] : [];
  return { members, meetings };
}

export async function instanceOfCase(ctx: CaseCommandContext, doc: CaseDoc): Promise<InstanceView | null> {
  if (!doc.processStartedAt) return null;
  try {
    return await ctx.engine.getInstance({ instanceId: doc.instanceId });
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * The case's plan, made the first time it is asked for: its draft from a plan the process already
 * holds (if any), its group from the responsibility-group task. Two first reads at once make one.
 */
export async function loadPlan(ctx: CaseCommandContext, doc: CaseDoc, instance?: InstanceView | null): Promise<PlanDoc> {
  const { Plan } = planModels(ctx.models.Case.db);
  const existing = await Plan.findById(doc._id).lean<PlanDoc>();
  if (existing) return existing;
  const variables = (instance === undefined ? await instanceOfCase(ctx, doc) : instance)?.variables ?? {};
  const fromProcess = record(variables.plan);
  const fresh: PlanDoc = {
    _id: doc._id,
    unitId: doc.unitId,
    revision: 1,
    draft: fromProcess ? withItemIds(fromProcess) : emptyDraft(),
    draftSavedAt: null,
    draftSavedBy: null,
    groupRevision: 1,
    group: groupFromProcess(variables),
    reviews: [],
    reports: [],
    createdAt: (ctx.clock ?? { now: () => new Date() }).now(),
  };
  try {
    await Plan.create(fresh);
    return fresh;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return (await Plan.findById(doc._id).lean<PlanDoc>())!;
  }
}

/** What the process is doing with the plan now, from its open tasks and its review timer. */
export async function planPhase(ctx: CaseCommandContext, doc: CaseDoc, instance: InstanceView | null): Promise<{ phase: PlanPhase; openTasks: TaskDoc[] }> {
  if (!instance) return { phase: doc.closedAt ? 'closed' : 'not-started', openTasks: [] };
  if (instance.status !== 'running' || doc.closedAt) return { phase: 'closed', openTasks: [] };
  const { Task } = engineModels(ctx.models.Case.db);
  const openTasks = await Task.find({ instanceId: doc.instanceId, formKey: { $in: Object.values(planTaskForms) }, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc[]>();
  const forms = new Set(openTasks.map((t) => t.formKey));
  if (forms.has(planTaskForms.review)) return { phase: 'reviewing', openTasks };
  if (forms.has(planTaskForms.draft)) return { phase: 'drafting', openTasks };
  if (forms.has(planTaskForms.approval)) return { phase: 'awaiting-approval', openTasks };
  if (instance.active.some((a) => a.kind === 'timer' && a.elementId === reviewTimerElementId)) return { phase: 'active', openTasks };
  return { phase: 'not-started', openTasks };
}

/** The coordinator (c) and the consent (h) as the case has them now: frozen into a version when it is sent. */
export function versionContext(doc: CaseDoc, variables: Readonly<Record<string, unknown>>): PlanVersionContext {
  const appointment = record(variables.appointment);
  const name = text(appointment?.coordinatorName);
  return {
    coordinator: name
      ? { name, ...(text(appointment?.coordinatorPhone) ? { phone: text(appointment?.coordinatorPhone)! } : {}), ...(text(appointment?.coordinatorEmail) ? { email: text(appointment?.coordinatorEmail)! } : {}) }
      : null,
    consent: {
      active: doc.consent.active && !doc.consent.withdrawnAt,
      givenAt: doc.consent.givenAt ? new Date(doc.consent.givenAt).toISOString() : null,
      sharedWith: (doc.consent.sharing ?? []).map((s) => s.party),
    },
  };
}

export function toVersionSummary(v: PlanVersionDoc): PlanVersionSummary {
  return { number: v.number, status: v.status, sentAt: v.sentAt.toISOString(), sentBy: v.sentBy.name, answeredAt: v.answeredAt?.toISOString() ?? null, comment: v.comment };
}

export function toVersion(v: PlanVersionDoc): PlanVersion {
  return { ...toVersionSummary(v), content: v.content, coordinator: v.coordinator, consent: v.consent };
}

export async function planVersions(models: PlanModels, caseId: Types.ObjectId): Promise<PlanVersionDoc[]> {
  return models.PlanVersion.find({ caseId }).sort({ number: 1 }).lean<PlanVersionDoc[]>();
}
