/** The engine's documents as its callers see them. */
import type { IncidentDoc, InstanceDoc, TaskDoc } from './models/index.js';
import type { IncidentView, InstanceView, TaskView } from './types.js';

export function toInstanceView(doc: InstanceDoc): InstanceView {
  return {
    id: doc._id,
    processKey: doc.processKey,
    definitionId: doc.definitionId,
    caseId: doc.caseId,
    status: doc.status,
    rev: doc.rev,
    variables: doc.variables ?? {},
    active: doc.active ?? [],
    history: doc.history ?? [],
    openIncidents: doc.openIncidents ?? 0,
    startedAt: doc.startedAt,
    startedBy: doc.startedBy,
    ...(doc.endedAt ? { endedAt: doc.endedAt } : {}),
  };
}

export function toIncidentView(doc: IncidentDoc): IncidentView {
  return {
    id: doc._id,
    instanceId: doc.instanceId,
    caseId: doc.caseId,
    kind: doc.kind,
    elementId: doc.elementId,
    ...(doc.handler ? { handler: doc.handler } : {}),
    ...(doc.timerId ? { timerId: doc.timerId } : {}),
    attempts: doc.attempts,
    lastError: doc.lastError,
    status: doc.status,
    createdAt: doc.createdAt,
    ...(doc.resolvedAt ? { resolvedAt: doc.resolvedAt } : {}),
    ...(doc.resolvedBy ? { resolvedBy: doc.resolvedBy } : {}),
  };
}

export function toTaskView(doc: TaskDoc): TaskView {
  return {
    id: doc._id,
    instanceId: doc.instanceId,
    caseId: doc.caseId,
    processKey: doc.processKey,
    elementId: doc.elementId,
    ...(doc.name ? { name: doc.name } : {}),
    ...(doc.formKey ? { formKey: doc.formKey } : {}),
    candidateGroups: doc.candidateGroups ?? [],
    candidateUsers: doc.candidateUsers ?? [],
    ...(doc.assignee ? { assignee: doc.assignee } : {}),
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    ...(doc.followUpDate ? { followUpDate: doc.followUpDate } : {}),
    status: doc.status,
    ...(doc.closedReason ? { closedReason: doc.closedReason } : {}),
    createdAt: doc.createdAt,
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    ...(doc.completedBy ? { completedBy: doc.completedBy } : {}),
    ...(doc.labels ? { labels: doc.labels } : {}),
    ...(doc.draft ? { draft: doc.draft } : {}),
    ...(doc.draftSavedAt ? { draftSavedAt: doc.draftSavedAt } : {}),
    ...(doc.draftBy ? { draftBy: doc.draftBy } : {}),
  };
}
