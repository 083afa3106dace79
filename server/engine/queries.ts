/** What callers outside the engine ask it, instead of reading its collections. */
import type { Connection } from 'mongoose';
import { NotFoundError } from './errors.js';
import { engineModels, type EngineModels, type IncidentDoc, type InstanceDoc, type TaskDoc } from './models/index.js';
import { reassignOpenTasks as reassign } from './store.js';
import type { IncidentStatus, IncidentView, InstanceView, TaskView } from './types.js';
import { toIncidentView, toInstanceView, toTaskView } from './views.js';

export async function getInstance(models: EngineModels, input: { instanceId: string }): Promise<InstanceView> {
  const doc = await models.Instance.findById(input.instanceId).lean<InstanceDoc>();
  if (!doc) throw new NotFoundError('instance', input.instanceId);
  return toInstanceView(doc);
}

export async function getTask(models: EngineModels, input: { taskId: string }): Promise<TaskView> {
  const doc = await models.Task.findById(input.taskId).lean<TaskDoc>();
  if (!doc) throw new NotFoundError('task', input.taskId);
  return toTaskView(doc);
}

export async function listIncidents(models: EngineModels, input: { instanceId?: string; status?: IncidentStatus }): Promise<IncidentView[]> {
  const filter: Record<string, unknown> = {};
  if (input.instanceId) filter.instanceId = input.instanceId;
  if (input.status) filter.status = input.status;
  const docs = await models.Incident.find(filter).sort({ createdAt: 1 }).lean<IncidentDoc[]>();
  return docs.map(toIncidentView);
}

/** The open (or claimed) task of an instance with this form, if one waits. */
export async function findOpenTask(connection: Connection, input: { instanceId: string; formKey: string }): Promise<TaskView | undefined> {
  const { Task } = engineModels(connection);
  const doc = await Task.findOne({ instanceId: input.instanceId, formKey: input.formKey, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  return doc ? toTaskView(doc) : undefined;
}

/**
 * Gives an instance's open tasks offered to `candidateGroup` to `assignee` (e.g. the coordinator's
 * tasks to the case's new coordinator). A completion in progress finishes with whoever started it.
 */
export async function reassignTasks(connection: Connection, input: { instanceId: string; candidateGroup: string; assignee: string; now: Date }): Promise<void> {
  await reassign(engineModels(connection), input);
}
