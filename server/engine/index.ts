/**
 * The engine runtime: stateless execution of BPMN instances over MongoDB (state, tasks, timers,
 * incidents) and BullMQ (durable timers, outbound jobs). See types.ts for the public surface.
 */
export { createEngineRuntime, type EngineRuntimeOptions } from './runtime.js';
export { toTaskView } from './views.js';
export { findOpenTask, reassignTasks } from './queries.js';
export { engineModels, ensureEngineIndexes, type EngineModels } from './models/index.js';
export type { InstanceDoc, TaskDoc, TimerDoc, IncidentDoc } from './models/index.js';
export { timerQueueName, jobQueueName, createTimerQueue, createJobQueue, type TimerJobData } from './queues.js';
export * from './errors.js';
export * from './types.js';
