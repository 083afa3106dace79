import type { Connection } from 'mongoose';
import { incidentModel, type IncidentModel } from './incident.js';
import { instanceModel, type InstanceModel } from './instance.js';
import { taskModel, type TaskModel } from './task.js';
import { timerModel, type TimerModel } from './timer.js';

export type { IncidentDoc, IncidentModel } from './incident.js';
export type { InstanceDoc, InstanceModel } from './instance.js';
export type { TaskDoc, TaskModel } from './task.js';
export type { TimerDoc, TimerModel } from './timer.js';

export interface EngineModels {
  readonly Instance: InstanceModel;
  readonly Task: TaskModel;
  readonly Timer: TimerModel;
  readonly Incident: IncidentModel;
}

/**
 * The engine's mongoose models on a connection (collections instances, tasks, timers,
 * incidents). The work queue reads Task directly: its indexes fit candidateGroups + status +
 * dueDate and assignee + status.
 */
export function engineModels(connection: Connection): EngineModels {
  return {
    Instance: instanceModel(connection),
    Task: taskModel(connection),
    Timer: timerModel(connection),
    Incident: incidentModel(connection),
  };
}

/** Creates the indexes (idempotent). */
export async function ensureEngineIndexes(models: EngineModels): Promise<void> {
  await Promise.all([models.Instance.createIndexes(), models.Task.createIndexes(), models.Timer.createIndexes(), models.Incident.createIndexes()]);
}
