/**
 * How a process behaves, in numbers only: where running instances wait, where incidents are
 * open, how long steps take. Nothing here names a person or a case: only element ids and names,
 * counts and durations.
 */
import type { Connection } from 'mongoose';
import { engineModels, type EngineModels, type TaskDoc } from './models/index.js';
import type { ActiveElement } from './types.js';

export interface ElementCount {
  readonly elementId: string;
  /** Running instances waiting at the element (a task, a timer, a message or a service step). */
  readonly running: number;
  /** Open incidents at the element. */
  readonly incidents: number;
}

export interface Durations {
  /** How many finished cases the figures are over. */
  readonly count: number;
  /** Milliseconds; null without any. */
  readonly p50Ms: number | null;
  readonly p90Ms: number | null;
}

export interface TaskFigures extends Durations {
  readonly elementId: string;
  readonly name: string | null;
  /** Open now. */
  readonly open: number;
  /** Open now and past their due date. */
  readonly overdue: number;
}

/** Reviews of the plan: held (the review task completed) by its due date or after it, and overdue now. */
export interface ReviewFigures {
  readonly held: number;
  readonly onTime: number;
  readonly late: number;
  /** Open review tasks past their due date. */
  readonly overdueNow: number;
}

export interface ProcessFigures {
  /** From the start of the instance (the request received) to the coordinator-appointment task completed. */
  readonly requestToCoordinator: Durations;
  /** From the start of the instance to the first plan approval whose answer was "approved". */
  readonly requestToApprovedPlan: Durations;
  readonly reviews: ReviewFigures;
  readonly tasks: readonly TaskFigures[];
}

/** The form whose completion appoints the coordinator. */
export const coordinatorAppointmentForm = 'coordinator-appointment';
/** The person's approval of the plan; its output's `approved` is true when they approved it. */
export const planApprovalForm = 'plan-approval';
/** The periodic review of the plan. */
export const reviewForm = 'review';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

function durations(values: number[]): Durations {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
}

export class ProcessOverview {
  private readonly models: EngineModels;

  constructor(connection: Connection) {
    this.models = engineModels(connection);
  }

  /** Running instances per definition version id. */
  async runningPerVersion(processKey?: string): Promise<Map<string, number>> {
    const rows = await this.models.Instance.aggregate<{ _id: string; count: number }>([
      { $match: { status: 'running', ...(processKey ? { processKey } : {}) } },
      { $group: { _id: '$definitionId', count: { $sum: 1 } } },
    ]);
    return new Map(rows.map((row) => [row._id, row.count]));
  }

  /** Per element of one version: running instances waiting there and open incidents. Elements with neither are left out. */
  async elementCounts(definitionId: string): Promise<ElementCount[]> {
    const running = await this.models.Instance.find({ status: 'running', definitionId }, { active: 1, openIncidents: 1 }).lean<
      { _id: string; active?: ActiveElement[]; openIncidents?: number }[]
    >();
    const waiting = new Map<string, number>();
    for (const instance of running) {
      // An instance counts once per element, even when it waits there twice (a task and its timer share no id).
      for (const elementId of new Set((instance.active ?? []).map((element) => element.elementId))) {
        waiting.set(elementId, (waiting.get(elementId) ?? 0) + 1);
      }
    }
    const withIncidents = running.filter((instance) => (instance.openIncidents ?? 0) > 0).map((instance) => instance._id);
    const incidents = new Map<string, number>();
    if (withIncidents.length > 0) {
      const open = await this.models.Incident.find({ status: 'open', instanceId: { $in: withIncidents } }, { elementId: 1 }).lean();
      for (const incident of open) incidents.set(incident.elementId, (incidents.get(incident.elementId) ?? 0) + 1);
    }
    const ids = [...new Set([...waiting.keys(), ...incidents.keys()])].sort();
    return ids.map((elementId) => ({ elementId, running: waiting.get(elementId) ?? 0, incidents: incidents.get(elementId) ?? 0 }));
  }

  /** Figures over every version of a process. */
  async figures(processKey: string, now: Date = new Date()): Promise<ProcessFigures> {
    const { Task, Instance } = this.models;
    const tasks = await Task.find(
      { processKey },
      { elementId: 1, name: 1, formKey: 1, status: 1, createdAt: 1, closedAt: 1, dueDate: 1, instanceId: 1, 'output.approved': 1 },
    ).lean<(Pick<TaskDoc, 'elementId' | 'name' | 'formKey' | 'status' | 'createdAt' | 'closedAt' | 'dueDate' | 'instanceId'> & { output?: { approved?: unknown } })[]>();
    const perElement = new Map<string, { name: string | null; done: number[]; open: number; overdue: number }>();
    const appointedAt = new Map<string, Date>();
    const approvedAt = new Map<string, Date>();
    const reviews = { held: 0, onTime: 0, late: 0, overdueNow: 0 };
    const earliest = (map: Map<string, Date>, instanceId: string, at: Date) => {
      const earlier = map.get(instanceId);
      if (!earlier || at < earlier) map.set(instanceId, at);
    };
    for (const task of tasks) {
      if (task.formKey === reviewForm) {
        if (task.status === 'completed' && task.closedAt) {
          reviews.held += 1;
          if (!task.dueDate || task.closedAt <= task.dueDate) reviews.onTime += 1;
          else reviews.late += 1;
        } else if ((task.status === 'open' || task.status === 'claimed') && task.dueDate && task.dueDate < now) reviews.overdueNow += 1;
      }
      if (task.formKey === planApprovalForm && task.status === 'completed' && task.closedAt && task.output?.approved === true) {
        earliest(approvedAt, task.instanceId, task.closedAt);
      }
      let entry = perElement.get(task.elementId);
      if (!entry) perElement.set(task.elementId, (entry = { name: task.name ?? null, done: [], open: 0, overdue: 0 }));
      if (task.status === 'completed' && task.closedAt) {
        entry.done.push(task.closedAt.getTime() - task.createdAt.getTime());
        if (task.formKey === coordinatorAppointmentForm) earliest(appointedAt, task.instanceId, task.closedAt);
      } else if (task.status === 'open' || task.status === 'claimed') {
        entry.open += 1;
        if (task.dueDate && task.dueDate < now) entry.overdue += 1;
      }
    }
    const started = await Instance.find({ _id: { $in: [...new Set([...appointedAt.keys(), ...approvedAt.keys()])] } }, { startedAt: 1 }).lean();
    const since = (map: Map<string, Date>) =>
      started.flatMap((instance) => {
        const at = map.get(instance._id);
        return at ? [at.getTime() - instance.startedAt.getTime()] : [];
      });
    return {
      requestToCoordinator: durations(since(appointedAt)),
      requestToApprovedPlan: durations(since(approvedAt)),
      reviews,
      tasks: [...perElement.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([elementId, entry]) => ({ elementId, name: entry.name, ...durations(entry.done), open: entry.open, overdue: entry.overdue })),
    };
  }
}
