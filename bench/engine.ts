// The engine runtime on the real BPMN: how fast cases move from a signed request to an active plan
// when every step is load → recover → apply → save, and how large the saved state is.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { formsByKey, isFormKey } from '../forms/index.js';
import { createServices, deployAndWatchProcesses } from '../server/services.js';
import { startEmbeddedMongo } from '../server/embedded/mongo/index.js';
import { startEmbeddedRedis } from '../server/embedded/redis.js';
import type { Infrastructure } from '../server/infrastructure.js';
import type { TaskView } from '../server/engine/types.js';
import { Redis } from 'ioredis';

const cases = 50;
const concurrency = 8;

export async function benchEngine(): Promise<void> {
  const logger = pino({ level: 'warn' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-engine-'));
  const mongo = await startEmbeddedMongo();
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
  const services = await createServices({ config: {} as never, logger, infrastructure });
  (await deployAndWatchProcesses({ services, infrastructure, logger })).close();
  const actor = { id: 'bench' };

  let commands = 0;
  const commandMs: number[] = [];
  const timed = async <T>(run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await run();
    commandMs.push(performance.now() - started);
    commands++;
    return result;
  };
  const outputFor = (task: TaskView): Record<string, unknown> => {
    if (!task.formKey || !isFormKey(task.formKey)) return {};
    return { ...(formsByKey[task.formKey].example as Record<string, unknown>) };
  };
  const driveToActivePlan = async (index: number) => {
    let { instance, openTasks } = await timed(() =>
      services.engine.startInstance({
        processKey: 'individual-plan',
        caseId: `bench-${index}`,
        variables: { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: true } },
        actor,
      }),
    );
    while (openTasks.length > 0) {
      const task = openTasks[0]!;
      ({ instance, openTasks } = await timed(() => services.engine.completeTask({ taskId: task.id, actor, output: outputFor(task) })));
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
  const states = await db.collection('instances').find({}, { projection: { state: 1 } }).toArray();
  const stateBytes = states.map((doc) => Buffer.byteLength(String(doc.state ?? ''))).sort((a, b) => a - b);
  commandMs.sort((a, b) => a - b);
  const percentile = (values: number[], p: number) => values[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

  console.log(`request to active plan, ${cases} cases, ${concurrency} at a time, one process:`);
  console.log(`  cases waiting for their first review: ${waitingForReview} of ${cases}`);
  console.log(`  ${commands} commands in ${seconds.toFixed(1)} s: ${(commands / seconds).toFixed(1)} commands/s, ${(cases / seconds).toFixed(2)} cases/s`);
  console.log(`  command latency: median ${percentile(commandMs, 0.5).toFixed(0)} ms, p95 ${percentile(commandMs, 0.95).toFixed(0)} ms`);
  console.log(`  saved engine state per case: median ${(percentile(stateBytes, 0.5) / 1024).toFixed(1)} KiB`);

  await services.close();
  await Promise.all(connections.map((connection) => connection.quit()));
  await db.close();
  await mongo.close();
  await redis.stop();
  await rm(dataDir, { recursive: true, force: true });
}
