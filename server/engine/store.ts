/**
 * The engine's atomic changes on MongoDB, each one guarded update: an instance is saved only on
 * the revision it was loaded at, one completion at a time holds a task, a claim wins only on an
 * open task. Concurrent callers cannot both win; the loser sees null (or a conflict naming why).
 */
import { randomUUID } from 'node:crypto';
import type { CreateOptions, mongo } from 'mongoose';
import { isDuplicateKeyError } from '../mongo-errors.js';
import { hasEffects } from './effects.js';
import { NotFoundError, TaskConflictError } from './errors.js';
import type { EngineModels, InstanceDoc, TaskDoc } from './models/index.js';
import { stateForSave } from './saved-state.js';
import type { StepOutput } from './step.js';
import type { Actor, TaskLabels, TaskStatus } from './types.js';

const openStatuses: TaskStatus[] = ['open', 'claimed'];

/**
 * For a write that a later write of the same command, acknowledged only once on disk, always
 * follows: the completion lock (the save, or releasing the lock, follows it), and a save or a
 * start's insert with derived writes pending and those derived writes (clearing the pending marker
 * follows them). It need not wait for the disk itself: the database writes its journal in order,
 * so the later write's acknowledgement covers it, and a crash before that loses nothing the
 * command acknowledged.
 */
export const orderedBeforeAJournaledWrite = { writeConcern: { j: false } } as const;

/** The write concern of an instance write that leaves `pending` derived writes: clearing the marker always follows it then. */
const coveredByClearingPending = (pending: InstanceDoc['pending']) => (pending ? orderedBeforeAJournaledWrite : {});

/**
 * The instances through the driver, for the reads and writes every command makes: an instance's
 * fields are plain values or Mixed, so mongoose has nothing to cast, and its query layer cost about
 * a millisecond of a task completion's event-loop time each.
 */
const instances = (models: EngineModels) => models.Instance.collection as unknown as mongo.Collection<InstanceDoc>;

export async function loadInstance(models: EngineModels, instanceId: string): Promise<InstanceDoc> {
  const doc = await instances(models).findOne({ _id: instanceId });
  if (!doc) throw new NotFoundError('instance', instanceId);
  return doc;
}

/**
 * Inserts a new instance; false when one with its id exists already (an idempotent start that lost
 * the race). With derived writes pending, clearing the marker waits for the disk and covers it.
 */
export async function insertInstance(models: EngineModels, doc: InstanceDoc): Promise<boolean> {
  try {
    // Mongoose passes `writeConcern` on to the insert, though its create options do not declare it.
    await models.Instance.create([doc], coveredByClearingPending(doc.pending) as CreateOptions);
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}

type StepFields = Pick<InstanceDoc, 'state' | 'status' | 'variables' | 'active' | 'failures' | 'pending' | 'openIncidents' | 'pendingRetries' | 'updatedAt' | 'endedAt'>;

/** The instance fields a step's output sets. */
export function stepFields(output: StepOutput, now: Date): StepFields {
  return {
    state: stateForSave(output.state),
    status: output.status,
    variables: output.variables,
    active: output.active,
    failures: output.failures,
    pending: hasEffects(output.effects) ? output.effects : null,
    openIncidents: output.failures.filter((f) => f.incidentId).length,
    pendingRetries: output.failures.filter((f) => !f.incidentId).length,
    updatedAt: now,
    ...(output.status !== 'running' ? { endedAt: now } : {}),
  };
}

/**
 * Saves a step's output only if the instance is still at `rev`; returns the fields set, or null on
 * a revision conflict. A save with derived writes pending does not wait for the disk: clearing
 * the pending marker after them does, and the command answers only after that.
 */
export async function saveIfRevision(models: EngineModels, doc: InstanceDoc, output: StepOutput, now: Date): Promise<StepFields | null> {
  const set = stepFields(output, now);
  const update: Record<string, unknown> = { $set: set, $inc: { rev: 1 } };
  if (output.history.length > 0) update.$push = { history: { $each: output.history } };
  const saved = await instances(models).updateOne({ _id: doc._id, rev: doc.rev }, update, coveredByClearingPending(set.pending));
  return saved.matchedCount === 1 ? set : null;
}

/** The derived writes of the save at `rev` are applied (acknowledged once on disk, and with it the derived writes before it). */
export async function clearPending(models: EngineModels, instanceId: string, rev: number): Promise<void> {
  await instances(models).updateOne({ _id: instanceId, rev }, { $set: { pending: null } });
}

export async function openTasksOf(models: EngineModels, instanceId: string): Promise<TaskDoc[]> {
  return models.Task.find({ instanceId, status: { $in: openStatuses } }).sort({ createdAt: 1 }).lean<TaskDoc[]>();
}

/**
 * Takes the completion of an open or claimed task (with `assignee`: only while that user has it);
 * a lock older than `staleBefore` is taken over. Null when another completion holds it or the task is not open.
 */
export async function lockForCompletion(
  models: EngineModels,
  input: { taskId: string; assignee?: string; by: Actor; now: Date; staleBefore: Date },
): Promise<{ task: TaskDoc; token: string } | null> {
  const token = randomUUID();
  const task = await models.Task.findOneAndUpdate(
    {
      _id: input.taskId,
      status: { $in: openStatuses },
      ...(input.assignee ? { assignee: input.assignee } : {}),
      $or: [{ completion: null }, { 'completion.at': { $lt: input.staleBefore } }],
    },
    { $set: { completion: { token, at: input.now, by: input.by.id } } },
    { returnDocument: 'after', ...orderedBeforeAJournaledWrite },
  ).lean<TaskDoc>();
  return task ? { task, token } : null;
}

export async function releaseCompletion(models: EngineModels, taskId: string, token: string): Promise<void> {
  await models.Task.updateOne({ _id: taskId, 'completion.token': token }, { $set: { completion: null } });
}

/** Why a guarded update on a task matched nothing: not found, or a conflict naming its state. */
export async function taskRefusal(models: EngineModels, taskId: string, what: string): Promise<never> {
  const task = await models.Task.findById(taskId, { status: 1, assignee: 1, completedBy: 1, closedReason: 1 }).lean<TaskDoc>();
  if (!task) throw new NotFoundError('task', taskId);
  if (task.status === 'completed') throw new TaskConflictError(task._id, task.status, `already completed by ${task.completedBy ?? 'someone'}`, task.completedBy);
  if (task.status === 'closed') throw new TaskConflictError(task._id, task.status, `closed (${task.closedReason ?? 'unknown reason'})`);
  if (task.status === 'claimed') throw new TaskConflictError(task._id, task.status, `claimed by ${task.assignee ?? 'someone'}; cannot ${what}`, task.assignee);
  throw new TaskConflictError(task._id, task.status, `is ${task.status}; cannot ${what}`);
}

/** Claims an open task (or keeps the actor's own claim); null otherwise. */
export function claimTask(models: EngineModels, input: { taskId: string; userId: string; now: Date }): Promise<TaskDoc | null> {
  return models.Task.findOneAndUpdate(
    { _id: input.taskId, completion: null, $or: [{ status: 'open' }, { status: 'claimed', assignee: input.userId }] },
    { $set: { status: 'claimed', assignee: input.userId, claimedAt: input.now } },
    { returnDocument: 'after' },
  ).lean<TaskDoc>();
}

/** Gives a claimed task back to the queue (with `assignee`: only while that user has it); null otherwise. */
export function unclaimTask(models: EngineModels, input: { taskId: string; assignee?: string }): Promise<TaskDoc | null> {
  return models.Task.findOneAndUpdate(
    { _id: input.taskId, status: 'claimed', completion: null, ...(input.assignee ? { assignee: input.assignee } : {}) },
    { $set: { status: 'open', assignee: null, claimedAt: null } },
    { returnDocument: 'after' },
  ).lean<TaskDoc>();
}

/** Gives an open or claimed task to `userId` (with `from`: only while that user has it); null otherwise. */
export function assignTask(models: EngineModels, input: { taskId: string; userId: string; from?: string; now: Date }): Promise<TaskDoc | null> {
  return models.Task.findOneAndUpdate(
    { _id: input.taskId, status: { $in: openStatuses }, completion: null, ...(input.from ? { assignee: input.from } : {}) },
    { $set: { status: 'claimed', assignee: input.userId, claimedAt: input.now } },
    { returnDocument: 'after' },
  ).lean<TaskDoc>();
}

/** Saves a draft on a task its assignee holds; null otherwise. */
export function saveTaskDraft(models: EngineModels, input: { taskId: string; userId: string; draft: Record<string, unknown>; now: Date }): Promise<TaskDoc | null> {
  return models.Task.findOneAndUpdate(
    { _id: input.taskId, status: 'claimed', assignee: input.userId, completion: null },
    { $set: { draft: input.draft, draftSavedAt: input.now, draftBy: input.userId } },
    { returnDocument: 'after' },
  ).lean<TaskDoc>();
}

/** Sets an instance's labels and copies them onto its tasks. */
export async function labelInstance(models: EngineModels, input: { instanceId: string; labels: TaskLabels }): Promise<void> {
  const found = await models.Instance.updateOne({ _id: input.instanceId }, { $set: { labels: input.labels } });
  if (found.matchedCount !== 1) throw new NotFoundError('instance', input.instanceId);
  await models.Task.updateMany({ instanceId: input.instanceId }, { $set: { labels: input.labels } });
}

/**
 * Gives an instance's open tasks offered to `candidateGroup` to `assignee`. A task whose completion
 * is in progress is left to the person completing it. Convergent: repeating it changes nothing.
 */
export async function reassignOpenTasks(models: EngineModels, input: { instanceId: string; candidateGroup: string; assignee: string; now: Date }): Promise<void> {
  await models.Task.updateMany(
    { instanceId: input.instanceId, candidateGroups: input.candidateGroup, status: { $in: openStatuses }, assignee: { $ne: input.assignee }, completion: null },
    { $set: { assignee: input.assignee, status: 'claimed', claimedAt: input.now } },
  );
}

/** A scheduled timer the engine no longer waits on is cancelled. */
export async function cancelScheduledTimer(models: EngineModels, timerId: string, at: Date): Promise<void> {
  await models.Timer.updateOne({ _id: timerId, status: 'scheduled' }, { $set: { status: 'cancelled', cancelledAt: at } });
}

/** Opens (or counts another failure on) the incident of a timer whose run failed, and links it to the timer. */
export async function raiseTimerIncident(
  models: EngineModels,
  timer: { _id: string; instanceId: string; caseId: string; processKey: string; elementId: string },
  lastError: string,
  now: Date,
): Promise<string> {
  const incidentId = `${timer._id}-incident`;
  await models.Incident.updateOne(
    { _id: incidentId },
    {
      $set: { status: 'open', lastError, updatedAt: now },
      $inc: { attempts: 1 },
      $setOnInsert: { kind: 'timer', instanceId: timer.instanceId, caseId: timer.caseId, processKey: timer.processKey, elementId: timer.elementId, timerId: timer._id, createdAt: now },
    },
    { upsert: true },
  );
  await models.Timer.updateOne({ _id: timer._id }, { $set: { incidentId } });
  return incidentId;
}

export async function resolveIncident(models: EngineModels, incidentId: string, by: Actor, resolution: string, now: Date): Promise<void> {
  await models.Incident.updateOne(
    { _id: incidentId, status: 'open' },
    { $set: { status: 'resolved', resolvedAt: now, resolvedBy: by.id, resolution, updatedAt: now } },
  );
}
