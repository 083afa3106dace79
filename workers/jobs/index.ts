export { createJobServiceHandlers, serviceJobPlans, jobsFor } from './handlers.js';
export { startJobWorker, type JobWorker } from './worker.js';
export type { OutboundJobData, OutboundJobKind } from './types.js';
