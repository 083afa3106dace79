import type { SessionUser } from '../auth/types.js';
import { allow } from './policy.js';

/**
 * What access rules need to know about a task of the work queue. Whether the task is still open is
 * not a rule: a task that is claimed by someone else or completed answers 409, not 403.
 */
export interface TaskFacts {
  /** The coordinating unit that owns the task's case. */
  readonly unitId: string | null;
  /** Roles the task is offered to (BPMN camunda:candidateGroups). */
  readonly candidateGroups: readonly string[];
  /** User id of whoever has the task, or null while it waits in the queue. */
  readonly assignee: string | null;
  /** User id of the appointed coordinator of the task's case. */
  readonly caseCoordinatorId: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    task: { facts: TaskFacts; actions: 'read' | 'claim' | 'unclaim' | 'assign' | 'complete' };
    /** The active staff of a unit (whom a task can be given to); facts: the unit asked about. */
    staff: { facts: { readonly unitId: string | null }; actions: 'list' };
  }
}

const inUnit = (actor: SessionUser, t: TaskFacts): boolean => actor.unitId !== undefined && t.unitId === actor.unitId;
const offeredTo = (t: TaskFacts, group: string): boolean => t.candidateGroups.includes(group);
const assignedTo = (actor: SessionUser, t: TaskFacts): boolean => t.assignee === actor.id;
const coordinatesCase = (actor: SessionUser, t: TaskFacts): boolean => t.caseCoordinatorId !== null && t.caseCoordinatorId === actor.id;

allow('ke-caseworker', 'read', 'task', inUnit);
allow('ke-caseworker', 'claim', 'task', (actor, t) => inUnit(actor, t) && offeredTo(t, 'ke-caseworker'));
allow('ke-caseworker', 'complete', 'task', (actor, t) => inUnit(actor, t) && offeredTo(t, 'ke-caseworker') && assignedTo(actor, t));
allow('ke-caseworker', 'unclaim', 'task', (actor, t) => inUnit(actor, t) && assignedTo(actor, t));
// The unit's lead shares out the work: gives any task of the unit to someone, or back to the queue.
allow('ke-caseworker', ['assign', 'unclaim'], 'task', (actor, t) => actor.lead === true && inUnit(actor, t));
allow('coordinator', 'read', 'task', (actor, t) => assignedTo(actor, t) || (offeredTo(t, 'coordinator') && coordinatesCase(actor, t)));
allow('coordinator', 'claim', 'task', (actor, t) => offeredTo(t, 'coordinator') && coordinatesCase(actor, t));
// A coordinator completes, gives back or hands over (to another coordinator of the unit) their own task.
allow('coordinator', ['complete', 'unclaim', 'assign'], 'task', assignedTo);
allow(['ke-caseworker', 'coordinator'], 'list', 'staff', (actor, unit) => unit.unitId !== null && unit.unitId === actor.unitId);
