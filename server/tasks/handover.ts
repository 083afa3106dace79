import type { Connection } from 'mongoose';
import { engineModels, type TaskDoc } from '../engine/models/index.js';
import { isRole, type Role } from '../auth/roles.js';
import { userModel } from '../users/model.js';

/**
 * A staff member's claimed tasks when an admin deactivates them: shown first (what will happen),
 * then given to a colleague or returned to the group queue. Each move is one guarded update (the
 * task still claimed by them and not being completed), so a task completed or taken meanwhile is
 * left alone and nothing is moved twice.
 */

export interface HandoverCandidate {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

export type HeldTask = Pick<TaskDoc, '_id' | 'caseId' | 'formKey' | 'elementId' | 'name' | 'dueDate' | 'candidateGroups' | 'labels'>;

/** The open tasks the user has claimed, earliest due first. */
export async function heldTasks(db: Connection, userId: string): Promise<HeldTask[]> {
  return engineModels(db)
    .Task.find({ assignee: userId, status: 'claimed' }, { _id: 1, caseId: 1, formKey: 1, elementId: 1, name: 1, dueDate: 1, candidateGroups: 1, labels: 1 })
    .sort({ dueDate: 1, _id: 1 })
    .lean<HeldTask[]>();
}

/** Whether `user` may be given every one of the tasks: active, in each task's unit, and of a role each is offered to. */
export function fitsAll(user: { role: string; unitId?: string | null; active: boolean }, tasks: readonly HeldTask[]): boolean {
  return user.active && tasks.every((task) => task.candidateGroups.includes(user.role) && (task.labels?.unitId ?? null) === (user.unitId ?? null));
}

/** Colleagues who could take over all of the user's tasks (the same unit, a role the tasks are offered to). */
export async function handoverCandidates(db: Connection, user: { id: string; role: string; unitId: string | null }, tasks: readonly HeldTask[]): Promise<HandoverCandidate[]> {
  if (!user.unitId) return [];
  const roles = tasks.length > 0 ? [...new Set(tasks.flatMap((task) => task.candidateGroups))] : [user.role];
  const docs = await userModel(db)
    .find({ _id: { $ne: user.id }, active: true, unitId: user.unitId, role: { $in: roles.filter((role): role is Role => isRole(role) && role !== 'citizen') } }, { _id: 1, name: 1, role: 1, unitId: 1, active: 1 })
    .sort({ name: 1 })
    .lean<{ _id: string; name: string; role: string; unitId?: string; active: boolean }[]>();
  return docs.filter((doc) => fitsAll(doc, tasks)).map((doc) => ({ id: doc._id, name: doc.name, role: doc.role }));
}

/**
 * Moves the tasks `from` holds: to `to` (claimed by them) or, with null, back to the queue of the
 * groups they are offered to. Answers the tasks actually moved.
 */
export async function handOver(db: Connection, input: { from: string; to: string | null; tasks: readonly HeldTask[]; now: Date }): Promise<HeldTask[]> {
  const { Task } = engineModels(db);
  const moved: HeldTask[] = [];
  for (const task of input.tasks) {
    const update = input.to ? { $set: { assignee: input.to, claimedAt: input.now } } : { $set: { status: 'open', assignee: null, claimedAt: null } };
    const result = await Task.updateOne({ _id: task._id, status: 'claimed', assignee: input.from, completion: null }, update);
    if (result.modifiedCount === 1) moved.push(task);
  }
  return moved;
}
