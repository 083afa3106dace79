export { startTimerWorker, processTimerJob, type TimerWorker, type TimerWorkerOptions } from './worker.js';
