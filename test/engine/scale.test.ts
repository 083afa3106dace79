// Scale-out and crash tests: separate OS processes (two "servers" that start instances and
// complete tasks, two timer workers) on one MongoDB-wire server and one Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import { createJobQueue } from '../../server/engine/queues.js';
import { engineModels, type EngineModels } from '../../server/engine/models/index.js';
import { cleanQueues, createTestEngine, fixture, repoRoot, TestRegistry, type TestEngine } from '../support/engine.js';
import { useTestDatabase, type TestDatabase } from '../support/mongo.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';
import { Redis } from 'ioredis';

interface Child {
  readonly process: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
  waitFor(text: string, timeoutMs: number): Promise<void>;
}

function spawnChild(script: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/engine/scale', script)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    output: () => output,
    exited,
    async waitFor(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}):\n${output}`);
        if (Date.now() > deadline) throw new Error(`${script}: no "${text}" within ${timeoutMs} ms:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

async function until(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(child: Child): Promise<void> {
  if (child.process.exitCode === null) child.process.kill('SIGTERM');
  await child.exited;
}

const children: Child[] = [];
afterAll(async () => {
  for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
});

describe('scale-out: two servers and two timer workers', () => {
  let database: TestDatabase;
  let connection: Connection;
  let models: EngineModels;
  let redis: Redis;
  const prefix = uniquePrefix('scale');

  beforeAll(async () => {
    database = await useTestDatabase();
    connection = await mongoose.createConnection(database.uri).asPromise();
    models = engineModels(connection);
    redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    await cleanQueues(redis, prefix);
    await redis.quit();
    await connection.close();
    await database.close();
  });

  it('drives 200 instances to an active plan with its first review due; no lost update, no duplicate task, timers fired once', async () => {
    const env = { MONGODB_URI: database.uri, REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix, TOTAL_INSTANCES: '200', MY_INSTANCES: '100', TIME_LIMIT_MS: '540000' };
    const workers = [spawnChild('worker-process.ts', { ...env, PROCESS_NAME: 'worker-a' }), spawnChild('worker-process.ts', { ...env, PROCESS_NAME: 'worker-b' })];
    children.push(...workers);
    await Promise.all(workers.map((w) => w.waitFor('ready', 30_000)));
    const t0 = Date.now();
    const servers = [spawnChild('server-process.ts', { ...env, PROCESS_NAME: 'server-a' }), spawnChild('server-process.ts', { ...env, PROCESS_NAME: 'server-b' })];
    children.push(...servers);
    const codes = await Promise.all(servers.map((s) => s.exited));
    const elapsedMs = Date.now() - t0;
    if (codes.some((code) => code !== 0)) throw new Error(servers.map((s) => s.output()).join('\n'));
    await Promise.all(workers.map(stop));
    const stats = servers.map((s) => JSON.parse(s.output().trim().split('\n').at(-1)!) as Record<string, number>);

    const instances = await models.Instance.find({}, { status: 1, history: 1, caseId: 1, pending: 1 }).lean();
    expect(instances).toHaveLength(200);
    expect(instances.every((i) => i.status === 'running' && i.pending === null)).toBe(true);

    const tasks = await models.Task.find({}, { instanceId: 1, elementId: 1, status: 1 }).lean();
    expect(tasks.filter((x) => x.status !== 'completed').map((x) => `${x.elementId}:${x.status}`)).toEqual(Array(200).fill('Task_ReviewPlan:claimed'));
    const perInstance = new Map<string, Record<string, number>>();
    for (const task of tasks) {
      const counts = perInstance.get(task.instanceId) ?? {};
      counts[task.elementId] = (counts[task.elementId] ?? 0) + 1;
      perInstance.set(task.instanceId, counts);
    }
    for (const instance of instances) {
      const withoutConsent = Number(instance.caseId.split('-').at(-1)) % 5 === 0;
      expect(perInstance.get(instance._id)).toEqual({
        ...(withoutConsent ? { Task_ObtainConsent: 1 } : {}),
        Task_AssessNeed: 1,
        Task_AppointCoordinator: 1,
        Task_DraftPlan: 1,
        Task_ApprovePlan: 1,
        Task_ReviewPlan: 1,
      });
      // No lost update: every completed task document is in the instance's history exactly once.
      const completedInHistory = instance.history.filter((h) => h.elementType === 'bpmn:UserTask' && h.outcome === 'completed').length;
      expect(completedInHistory).toBe(Object.values(perInstance.get(instance._id)!).reduce((a, b) => a + b, 0) - 1);
    }

    const timers = await models.Timer.find({}, { elementId: 1, status: 1, instanceId: 1 }).lean();
    // The interim reply's month (shortened to minutes) runs from receipt on the whole case, and is not over yet.
    expect(timers.filter((x) => x.status === 'scheduled').map((x) => x.elementId)).toEqual(Array(200).fill('BoundaryEvent_InterimReplyDue'));
    expect(new Set(timers.filter((x) => x.status === 'scheduled').map((x) => x.instanceId)).size).toBe(200);
    const fired = timers.filter((x) => x.status === 'fired');
    const timerEventsInHistory = instances.flatMap((i) => i.history.filter((h) => h.trigger === 'timer'));
    expect(fired.filter((x) => x.elementId === 'Event_ReviewDue')).toHaveLength(200);
    expect(timerEventsInHistory.filter((h) => h.elementId === 'Event_ReviewDue')).toHaveLength(200);
    const remindersFired = fired.filter((x) => x.elementId === 'BoundaryEvent_ConsentReminder').length;
    expect(timerEventsInHistory.filter((h) => h.elementId === 'BoundaryEvent_ConsentReminder')).toHaveLength(remindersFired);
    // Timers the engine fired on resume (already due when another command recovered the instance) have no document of their own;
    // every timer document that fired appears once in the history.
    expect(timerEventsInHistory.length).toBeGreaterThanOrEqual(fired.length);
    const jobQueue = createJobQueue(redis, prefix);
    const reminderJobs = (await jobQueue.getJobs(['waiting', 'delayed', 'completed', 'failed'])).filter((j) => j?.name === 'sendConsentReminder');
    expect(reminderJobs).toHaveLength(timerEventsInHistory.filter((h) => h.elementId === 'BoundaryEvent_ConsentReminder').length);
    // Per instance: the appointment's notification, its case event (coordinator-appointed) and the decision letter.
    expect(await jobQueue.count()).toBe(3 * 200 + reminderJobs.length);
    await jobQueue.close();

    const summary = {
      instances: 200,
      seconds: elapsedMs / 1000,
      instancesPerSecond: Math.round((200 / (elapsedMs / 1000)) * 10) / 10,
      commands: stats.reduce((a, s) => a + (s.started ?? 0) + (s.completed ?? 0), 0) + fired.length,
      taskConflicts: stats.reduce((a, s) => a + (s.taskConflicts ?? 0), 0),
      remindersFired,
    };
    console.log(`scale-out: ${JSON.stringify(summary)}`);
  }, 600_000);
});

describe('crash: kill -9 of a timer worker while it fires timers', () => {
  let t: TestEngine;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await useTestDatabase();
    const registry = new TestRegistry();
    await registry.add('timer-catch', fixture('timer-catch').replace('>P45D<', '>PT3S<'));
    t = await createTestEngine({ name: 'crash', registry, database });
  });

  afterAll(async () => {
    await t.close();
    await database.close();
  });

  it('after a restart every due timer has fired exactly once', async () => {
    const count = 300;
    for (let i = 0; i < count; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, count - i) }, (_, j) =>
          t.runtime.startInstance({ processKey: 'timer-catch', caseId: `crash-${i + j}`, actor: { id: 'intake' } }),
        ),
      );
    }
    expect(await t.models.Timer.countDocuments({ status: 'scheduled' })).toBe(count);
    const env = {
      MONGODB_URI: database.uri,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: t.prefix,
      CRASH_TIMER: 'PT3S',
      WORKER_CONCURRENCY: '20',
      LOCK_DURATION_MS: '2000',
      STALLED_INTERVAL_MS: '1000',
    };
    const first = spawnChild('worker-process.ts', env);
    children.push(first);
    await first.waitFor('ready', 30_000);
    await until(async () => (await t.models.Timer.countDocuments({ status: 'fired' })) >= 40, 60_000, 'the first timers to fire');
    first.process.kill('SIGKILL');
    await first.exited;
    const firedBeforeCrash = await t.models.Timer.countDocuments({ status: 'fired' });

    const second = spawnChild('worker-process.ts', env);
    children.push(second);
    await second.waitFor('ready', 30_000);
    await until(async () => (await t.models.Timer.countDocuments({ status: 'fired' })) === count, 90_000, 'all timers to fire');
    await stop(second);

    const instances = await t.models.Instance.find({}, { history: 1, active: 1, pending: 1 }).lean();
    expect(instances).toHaveLength(count);
    for (const instance of instances) {
      expect(instance.history.filter((h) => h.elementId === 'Wait' && h.trigger === 'timer')).toHaveLength(1);
      expect(instance.active.map((a) => a.elementId)).toEqual(['Task_After']);
    }
    const tasks = await t.models.Task.find({}, { instanceId: 1 }).lean();
    expect(tasks).toHaveLength(count);
    expect(new Set(tasks.map((x) => x.instanceId)).size).toBe(count);
    console.log(`crash: ${firedBeforeCrash} of ${count} timers fired before kill -9; all ${count} fired exactly once after the restart`);
  }, 300_000);
});
