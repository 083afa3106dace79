// The engine runtime on the real BPMN beside plain bpmn-engine on the same file (bench/raw-engine.ts):
// a start and a task completion alone (recovered, and on the live engine of a case just moved),
// cases from a signed request to an active plan 8 at a time, timers fired by the timer worker
// beside the raw engine's fire and a no-op BullMQ worker, and the size of the saved state. Both sides
// run in one process started with the node flags of `npm start`.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { formsByKey, isFormKey } from '../forms/index.js';
import { loadConfig } from '../server/config.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';
import { startEmbeddedRedis } from '../server/embedded/redis.js';
import { timerQueueName } from '../server/engine/queues.js';
import { savedState, savedStateBytes, unpackState, type StoredState } from '../server/engine/saved-state.js';
import type { Clock, TaskView } from '../server/engine/types.js';
import type { Infrastructure } from '../server/infrastructure.js';
import { createServices, deployAndWatchProcesses, type Services } from '../server/services.js';
import { startTimerWorker } from '../workers/timers/worker.js';
import { besides, p50, percentile, quick, ratio } from './figures.js';
import { rawEngine, startVariables, type RawFigures } from './raw-engine.js';
import { runAsScript, startedAsScript } from './scripts.js';

const alone = quick ? 5 : 20;
const cases = quick ? 10 : 50;
const concurrency = 8;
const timerCases = quick ? 20 : 100;
const actor = { id: 'bench' };

const outputFor = (task: TaskView): Record<string, unknown> =>
  task.formKey && isFormKey(task.formKey) ? { ...(formsByKey[task.formKey].example as Record<string, unknown>) } : {};

/** A clock the bench moves forward, so that timers weeks away are due. */
class BenchClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** Runs in a process of its own, with the node flags `npm start` gives the process that runs the engine beside the API. */
export const benchEngine = (): Promise<void> => runAsScript('start', import.meta.url);

async function runEngineBench(): Promise<void> {
  const logger = pino({ level: 'warn' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-engine-'));
  // With a data folder, as on the embedded defaults: every acknowledged write waits for the disk.
  const mongo = await startEmbeddedMongo({ dataDir: path.join(dataDir, 'mongo') });
  const redis = await startEmbeddedRedis({ dataDir, port: 0, logger });
  const db = await mongoose.createConnection(mongo.uri('bench-engine')).asPromise();
  const connections: Redis[] = [];
  const infrastructure: Infrastructure = {
    db,
    redisUrl: redis.url,
    createRedisConnection: () => {
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      connections.push(connection);
      return connection;
    },
    checkReadiness: async () => ({ mongodb: true, redis: true }),
    close: async () => undefined,
  };
  const config = loadConfig();
  const clock = new BenchClock();
  const services = await createServices({ config, logger, infrastructure, clock });
  // The same product without live engines: every command recovers (a cold command).
  const cold = await createServices({ config: { ...config, engineLiveEngines: 0 }, logger, infrastructure, clock });
  (await deployAndWatchProcesses({ services, infrastructure, logger })).close();
  console.log(
    `engine threads: ${config.engineThreads}, live engines per thread: ${config.engineLiveEngines}, young generation per thread: ${config.engineThreadYoungMb ? `${config.engineThreadYoungMb} MB` : "V8's"} (ENGINE_THREADS, ENGINE_LIVE_ENGINES, ENGINE_THREAD_YOUNG_MB)`,
  );

  // The raw reference runs in turns with the product's (after its own warm-up), so that both see
  // the machine at the same speed.
  await rawEngine(0);
  const raw: RawFigures = { start: [], command: [], timer: [] };
  const start = (on: Services, caseId: string) => on.engine.startInstance({ processKey: 'individual-plan', caseId, variables: startVariables, actor });
  const timed = async <T>(samples: number[], run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    samples.push(performance.now() - started);
    return result;
  };

  // One at a time: a start, then the first task's completion recovered (cold) and on the live engine (hot).
  const starts: number[] = [];
  const coldCompletions: number[] = [];
  const hotCompletions: number[] = [];
  const warmUp = 10; // as many as the raw reference's
  for (let i = 0; i < alone + warmUp; i++) {
    const samples = i >= warmUp;
    if (samples) {
      const turn = await rawEngine(1, 0);
      raw.start.push(...turn.start);
      raw.command.push(...turn.command);
      raw.timer.push(...turn.timer);
    }
    const first = await timed(samples ? starts : [], () => start(services, `alone-${i}`));
    const task = first.openTasks[0]!;
    const viaCold = await start(cold, `alone-cold-${i}`);
    const coldTask = viaCold.openTasks[0]!;
    await timed(samples ? coldCompletions : [], () => cold.engine.completeTask({ taskId: coldTask.id, actor, output: outputFor(coldTask) }));
    await timed(samples ? hotCompletions : [], () => services.engine.completeTask({ taskId: task.id, actor, output: outputFor(task) }));
  }
  console.log(`alone (${alone} each, one at a time), beside plain bpmn-engine on the same file:`);
  console.log(besides('start → first wait, saved', starts, 'raw start → first wait → getState', raw.start));
  console.log(besides('task completion, recovered (cold)', coldCompletions, 'raw recover → resume → signal → getState', raw.command));
  console.log(besides('task completion on the live engine (hot)', hotCompletions, 'raw recover → resume → signal → getState', raw.command));
  console.log(`  hot beside cold: ${ratio(p50(hotCompletions), p50(coldCompletions))}`);

  // Throughput: cases from a signed request to an active plan, 8 at a time.
  let commands = 0;
  const commandMs: number[] = [];
  const driveToActivePlan = async (index: number) => {
    let { instance, openTasks } = await timed(commandMs, () => start(services, `bench-${index}`));
    commands++;
    while (openTasks.length > 0) {
      const task = openTasks[0]!;
      ({ instance, openTasks } = await timed(commandMs, () => services.engine.completeTask({ taskId: task.id, actor, output: outputFor(task) })));
      commands++;
    }
    return instance;
  };
  const started = performance.now();
  let next = 0;
  const finished: Awaited<ReturnType<typeof driveToActivePlan>>[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cases) finished.push(await driveToActivePlan(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const waitingForReview = finished.filter((instance) => instance.active.some((element) => element.elementId === 'Event_ReviewDue')).length;
  console.log(`request to active plan, ${cases} cases, ${concurrency} at a time, one process:`);
  console.log(`  cases waiting for their first review: ${waitingForReview} of ${cases}`);
  console.log(`  ${commands} commands in ${seconds.toFixed(1)} s: ${(commands / seconds).toFixed(1)} commands/s, ${(cases / seconds).toFixed(2)} cases/s`);
  console.log(`  command latency: median ${percentile(commandMs, 50).toFixed(0)} ms, p95 ${percentile(commandMs, 95).toFixed(0)} ms`);

  const states = await db.collection('instances').find({}, { projection: { state: 1 } }).toArray();
  const packed = states.map((doc) => savedState(doc.state as StoredState));
  const stateBytes = packed.map(savedStateBytes);
  const textBytes = packed.map((state) => Buffer.byteLength(JSON.stringify(unpackState(state))));
  console.log(`  saved engine state per case: median ${(p50(stateBytes) / 1024).toFixed(1)} KiB packed (${(p50(textBytes) / 1024).toFixed(1)} KiB as JSON text)`);

  await benchTimers({ services, infrastructure, clock, logger, rawFireMs: p50(raw.timer) });

  await Promise.all([services.close(), cold.close()]);
  await Promise.all(connections.map((connection) => connection.quit()));
  await db.close();
  await mongo.close();
  await redis.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/** Timers fired by the timer worker (concurrency WORKER_CONCURRENCY), beside the raw engine's fire on one thread and a no-op BullMQ worker. */
async function benchTimers(deps: { services: Services; infrastructure: Infrastructure; clock: BenchClock; logger: pino.Logger; rawFireMs: number }): Promise<void> {
  const { services, infrastructure, clock, logger } = deps;
  const concurrency = loadConfig().workerConcurrency;
  await Promise.all(Array.from({ length: timerCases }, (_, i) => start(i)));
  async function start(i: number) {
    await services.engine.startInstance({ processKey: 'individual-plan', caseId: `timer-${i}`, variables: startVariables, actor });
  }
  const queue = new Queue(timerQueueName, { connection: infrastructure.createRedisConnection() });
  const due = await queue.getDelayedCount();
  // Every timer of these cases is due now: move the clock past them and take the delays off their jobs.
  clock.offsetMs += 400 * 86_400_000;
  await queue.promoteJobs();
  const startedAt = performance.now();
  const worker = await startTimerWorker({ runtime: services.engine, connection: infrastructure.createRedisConnection(), logger, concurrency, restoreOnStart: false });
  await worker.ready();
  for (;;) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    if ((counts.wait ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - startedAt) / 1000;
  await worker.close();
  const firedPerSecond = due / seconds;

  const noopQueue = new Queue('bench-noop-timers', { connection: infrastructure.createRedisConnection() });
  const noopJobs = quick ? 2000 : 10_000;
  await noopQueue.addBulk(Array.from({ length: noopJobs }, (_, i) => ({ name: 'noop', data: { i } })));
  const noopStarted = performance.now();
  let done = 0;
  await new Promise<void>((resolve) => {
    const noop = new Worker('bench-noop-timers', async () => undefined, { connection: infrastructure.createRedisConnection(), concurrency });
    noop.on('completed', () => {
      if (++done === noopJobs) void noop.close().then(resolve);
    });
  });
  const noopPerSecond = noopJobs / ((performance.now() - noopStarted) / 1000);
  await noopQueue.obliterate({ force: true });
  await Promise.all([queue.close(), noopQueue.close()]);

  const rawPerSecond = 1000 / deps.rawFireMs;
  console.log(`timers: ${due} due timer jobs of ${timerCases} cases, timer worker at concurrency ${concurrency}:`);
  console.log(`  ${firedPerSecond.toFixed(1)} timer jobs/s (raw bpmn-engine fire on one thread: ${rawPerSecond.toFixed(1)}/s, ${deps.rawFireMs.toFixed(1)} ms each; ratio ${ratio(firedPerSecond, rawPerSecond)})`);
  console.log(`  no-op BullMQ worker on the same Redis, same concurrency: ${noopPerSecond.toFixed(0)} jobs/s`);
}

if (startedAsScript(import.meta.url)) await runEngineBench();
