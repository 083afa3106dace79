export { startJobWorker, type JobWorker } from './worker.js';
