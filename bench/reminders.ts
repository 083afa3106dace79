// Reminder throughput on the embedded defaults (the embedded MongoDB-compatible server and a
// redis-server of its own): 100 000 due reminders (a task due soon, each for its assignee) fired by
// the product's reminder worker, each one checked against MongoDB and recorded as a notification
// (with the notification indexes the worker process creates) with its sending queued: the reminders
// fired together are sent by one job, and after the run every notification is checked to be in a
// sending job. The reminder worker runs at the product's REMINDER_CONCURRENCY (1000: reminders wait
// on MongoDB, and the worker batches the lookups and writes of the jobs in progress). Beside it, a
// no-op BullMQ worker moving 100 000 jobs in the same run, at that concurrency and at 200, each run
// once before the reminders and once after, in mirrored order: the reference is the faster of the
// two concurrencies by the mean of its two runs (a machine speeding up or slowing down during the
// run moves both sides alike, and one lucky run does not pick the reference). Both workers run in a
// process started with the node flags `npm run worker` gives the worker process, and the database
// in a process of its own, as `npm run db` starts it (as in production).
// The ratio is the reminder rate over the reference (goal: at least 50 %). BENCH_REMINDERS,
// BENCH_CONCURRENCY change the figures.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import mongoose, { Types } from 'mongoose';
import { pino } from 'pino';
import { caseModels } from '../server/cases/models.js';
import { loadConfig } from '../server/config.js';
import { startEmbeddedRedis } from '../server/embedded/redis.js';
import { engineModels, ensureEngineIndexes, type TaskDoc } from '../server/engine/index.js';
import { notificationModel } from '../server/notifications/model.js';
import { createNotificationQueue, notificationKeys } from '../server/notifications/notifier.js';
import { createReminderQueue, reminderJobId, reminderJobOptions, type ReminderJobData } from '../server/notifications/reminders.js';
import { userModel } from '../server/users/model.js';
import { startReminderWorker } from '../workers/reminders/worker.js';
import { runAsScript, startDatabase, startedAsScript } from './scripts.js';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? loadConfig().reminderConcurrency);
/** The other concurrency the no-op reference runs at (it may be faster with fewer jobs at once). */
const NOOP_ALSO_AT = 200;
const STAFF = 200;
const unitId = 'ke-bench';

/** CPU seconds a process has used so far (Linux /proc; 0 elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function ownCpuSeconds(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
}

async function drained(queue: Queue, total: number): Promise<void> {
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if ((counts.completed ?? 0) + (counts.failed ?? 0) >= total) {
      if (counts.failed) throw new Error(`${counts.failed} jobs failed`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function addAll<T>(queue: Queue<T>, jobs: { name: string; data: T; opts: Record<string, unknown> }[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 5000) await queue.addBulk(jobs.slice(i, i + 5000) as never);
}

/** Runs the bench in a process of its own, with the worker process's node flags. */
export const benchReminders = (): Promise<void> => runAsScript('worker', import.meta.url);

async function runReminderBench(): Promise<void> {
  const logger = pino({ level: 'warn' });
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-reminders-'));
  // The database in a process of its own, as MongoDB is in production (npm run db).
  const mongo = await startDatabase(dataDir, 'bench-reminders');
  const redisServer = await startEmbeddedRedis({ dataDir, port: 0, logger });
  // The driver's default pool, as the worker process has it (the batches need few connections).
  const db = await mongoose.createConnection(mongo.uri).asPromise();
  const connections: Redis[] = [];
  const redis = () => {
    const connection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };
  try {
    const { Task, Timer } = engineModels(db);
    await ensureEngineIndexes(engineModels(db));
    const cases = caseModels(db);
    const users = userModel(db);
    const notifications = notificationModel(db);
    await notifications.createIndexes(); // as the worker process creates them (workers/index.ts)
    const now = Date.now();
    await users.insertMany(
      Array.from({ length: STAFF }, (_, i) => ({ _id: `staff-${i}`, name: `Saksbehandler ${i}`, role: 'ke-caseworker', login: `saksbehandler.${i}@bench.kommune.no`, unitId, active: true, createdAt: new Date(now), updatedAt: new Date(now) })),
    );
    const caseIds = Array.from({ length: 1000 }, () => new Types.ObjectId());
    await cases.Case.collection.insertMany(caseIds.map((_id, i) => ({ _id, caseNumber: `IP-2026-${String(i).padStart(6, '0')}`, unitId, coordinatorId: null, groupMemberIds: [], closedAt: null })));
    const dueDate = new Date(now + 2 * 86_400_000 - 60_000);
    const tasks = Array.from(
      { length: REMINDERS },
      (_, i) =>
        ({
          _id: `bench-task-${i}`,
          executionId: `bench-task-${i}`,
          instanceId: `bench-instance-${i}`,
          caseId: caseIds[i % caseIds.length]!.toHexString(),
          processKey: 'individual-plan',
          elementId: 'Task_AssessNeed',
          candidateGroups: ['ke-caseworker'],
          candidateUsers: [],
          assignee: `staff-${i % STAFF}`,
          status: 'claimed',
          dueDate,
          createdAt: new Date(now),
        }) as unknown as TaskDoc,
    );
    for (let i = 0; i < tasks.length; i += 5000) await Task.collection.insertMany(tasks.slice(i, i + 5000) as never[]);

    // CPU time per job of this process (the workers), the database's and redis-server's: what each
    // job costs whatever else the machine runs at the time.
    const cpu = () => ({ workers: ownCpuSeconds(), database: cpuSecondsOf(mongo.child.process.pid), redis: cpuSecondsOf(redisServer.pid()) });
    const perJob = (before: ReturnType<typeof cpu>) => {
      const after = cpu();
      const us = (k: keyof typeof after) => ((after[k] - before[k]) * 1e6) / REMINDERS;
      return { workers: us('workers'), database: us('database'), redis: us('redis'), total: us('workers') + us('database') + us('redis') };
    };
    // The no-op reference: the same number of jobs on the same Redis, at the reminders' concurrency and at NOOP_ALSO_AT.
    const noopRun = async (concurrency: number) => {
      const noopQueue = new Queue('bench-noop', { connection: redis() });
      await addAll(
        noopQueue,
        Array.from({ length: REMINDERS }, (_, i) => ({ name: 'noop', data: { i }, opts: { jobId: `noop-${i}`, removeOnComplete: false } })),
      );
      const cpuBefore = cpu();
      const started = performance.now();
      const noop = new Worker('bench-noop', async () => undefined, { connection: redis(), concurrency });
      await drained(noopQueue, REMINDERS);
      const seconds = (performance.now() - started) / 1000;
      const perJobCpu = perJob(cpuBefore);
      await noop.close();
      await noopQueue.obliterate({ force: true });
      await noopQueue.close();
      return { concurrency, rate: REMINDERS / seconds, seconds, cpu: perJobCpu };
    };
    const concurrencies = CONCURRENCY === NOOP_ALSO_AT ? [CONCURRENCY] : [CONCURRENCY, NOOP_ALSO_AT];
    const noopsBefore: Awaited<ReturnType<typeof noopRun>>[] = [];
    for (const concurrency of concurrencies) noopsBefore.push(await noopRun(concurrency));

    // The reminders, all due now.
    const reminderQueue = createReminderQueue(redis());
    const notificationQueue = createNotificationQueue(redis());
    await addAll(
      reminderQueue,
      tasks.map((task) => {
        // As scheduleReminders schedules it: with the assignee, read together with the task.
        const data: ReminderJobData = { rule: 'task-due-soon', subjectId: task._id, basis: dueDate.toISOString(), fireAt: new Date(dueDate.getTime() - 2 * 86_400_000).toISOString(), assignee: task.assignee! };
        return { name: data.rule, data, opts: { ...reminderJobOptions, removeOnComplete: false, jobId: reminderJobId(data) } };
      }),
    );
    const cpuBefore = cpu();
    const started = performance.now();
    const worker = await startReminderWorker({
      connection: redis(),
      deps: { tasks: Task, timers: Timer, cases: cases.Case, users, queue: reminderQueue, notifier: { notifications, queue: notificationQueue, publicUrl: 'https://ip.bench.kommune.no' }, now: () => new Date() },
      logger,
      concurrency: CONCURRENCY,
      scheduleOnStart: false,
    });
    await drained(reminderQueue, REMINDERS);
    const reminderSeconds = (performance.now() - started) / 1000;
    const reminderCpu = perJob(cpuBefore);
    await worker.close();
    const recorded = await notifications.countDocuments({});
    const queued = new Set((await notificationQueue.getJobs(['waiting', 'prioritized', 'delayed'])).flatMap((job) => (job ? notificationKeys(job.data) : [])));
    await Promise.all([reminderQueue.obliterate({ force: true }), notificationQueue.obliterate({ force: true })]);
    await Promise.all([reminderQueue.close(), notificationQueue.close()]);
    if (recorded !== REMINDERS) throw new Error(`expected ${REMINDERS} notifications, found ${recorded}`);
    if (queued.size !== REMINDERS) throw new Error(`expected ${REMINDERS} notifications in sending jobs, found ${queued.size}`);
    const noopsAfter: Awaited<ReturnType<typeof noopRun>>[] = [];
    for (const concurrency of [...concurrencies].reverse()) noopsAfter.push(await noopRun(concurrency));
    const mean = (a: number, b: number) => (a + b) / 2;
    const noops = concurrencies.map((concurrency) => {
      const before = noopsBefore.find((run) => run.concurrency === concurrency)!;
      const after = noopsAfter.find((run) => run.concurrency === concurrency)!;
      return { concurrency, before, after, rate: mean(before.rate, after.rate), cpu: mean(before.cpu.total, after.cpu.total), workers: mean(before.cpu.workers, after.cpu.workers), redis: mean(before.cpu.redis, after.cpu.redis) };
    });
    const reference = noops.reduce((a, b) => (b.rate > a.rate ? b : a));

    const reminderRate = REMINDERS / reminderSeconds;
    console.log(`  ${REMINDERS} due reminders, concurrency ${CONCURRENCY}: ${reminderRate.toFixed(0)} reminders/s (${reminderSeconds.toFixed(1)} s; each checked in MongoDB, its notification recorded and its sending queued, one sending job per batch)`);
    for (const noop of noops) {
      console.log(
        `  no-op BullMQ worker, same run, concurrency ${noop.concurrency}: ${noop.before.rate.toFixed(0)} jobs/s before the reminders (${noop.before.seconds.toFixed(1)} s), ${noop.after.rate.toFixed(0)} after (${noop.after.seconds.toFixed(1)} s), mean ${noop.rate.toFixed(0)}`,
      );
    }
    console.log(`  reference, the faster mean: ${reference.rate.toFixed(0)} jobs/s at concurrency ${reference.concurrency}`);
    console.log(`  ratio: ${((100 * reminderRate) / reference.rate).toFixed(0)} % of the no-op reference (goal ≥ 50 %)`);
    const us = (n: number) => `${n.toFixed(0)} µs`;
    console.log(
      `  CPU per job: reminder ${us(reminderCpu.total)} (workers ${us(reminderCpu.workers)}, database ${us(reminderCpu.database)}, Redis ${us(reminderCpu.redis)}); no-op at ${reference.concurrency} ${us(reference.cpu)} (workers ${us(reference.workers)}, Redis ${us(reference.redis)}); no-op / reminder ${((100 * reference.cpu) / reminderCpu.total).toFixed(0)} %`,
    );
  } catch (error) {
    console.error(mongo.child.output().slice(-3000));
    throw error;
  } finally {
    await Promise.all(connections.map((connection) => connection.quit().catch(() => undefined)));
    await db.close();
    await mongo.child.stop();
    await redisServer.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (startedAsScript(import.meta.url)) await runReminderBench();
