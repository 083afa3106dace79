// A "worker process" of the scale and crash tests: runs the timer worker until SIGTERM.
import { startTimerWorker } from '../../../workers/timers/worker.js';
import { connectChild } from './common.js';

const child = await connectChild();
const worker = await startTimerWorker({
  runtime: child.runtime,
  connection: child.redis,
  logger: child.logger,
  queuePrefix: child.queuePrefix,
  concurrency: Number(process.env.WORKER_CONCURRENCY ?? 20),
  lockDurationMs: Number(process.env.LOCK_DURATION_MS ?? 30_000),
  stalledIntervalMs: Number(process.env.STALLED_INTERVAL_MS ?? 30_000),
});
await worker.ready();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await child.close();
    process.exit(0);
  })();
});
