// Crashes and Redis outages, on a Redis of this file's own (append-only file, fsync always) and a
// real SMTP server on loopback: a notification worker killed with SIGKILL in the middle of sending
// neither loses nor duplicates the message; a Redis killed and restarted with its append-only file
// still fires its delayed reminders; a Redis whose data was wiped gets its timers and reminders
// back from MongoDB; two reminder workers together send no duplicate. Every message is checked
// for private details.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { createTimerQueue } from '../../server/engine/queues.js';
import { meetingCollectionName, meetingCollectionSource } from '../../server/notifications/meetings.js';
import { batchedNotifier, notify, smtpTransport } from '../../server/notifications/notifier.js';
import { createReminderQueue, reminderJobId, scheduleReminders, type ReminderDeps, type ReminderJobData } from '../../server/notifications/reminders.js';
import { userModel } from '../../server/users/model.js';
import { startNotificationWorker, type NotificationWorker } from '../../workers/notifications/worker.js';
import { startReminderWorker, type ReminderWorker } from '../../workers/reminders/worker.js';
import { repoRoot, testLogger } from '../support/engine.js';
import { expectNothingPrivate, openCase, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let dir: string;
let port: number;
let redisServer: ChildProcess | undefined;
let rig: LetterRig;
let reminderQueue: Queue<ReminderJobData>;
const previousRedisUrl = process.env.REDIS_URL;
const closers: (() => Promise<unknown>)[] = [];

const unitId = 'ke-eksempel';
const members = [
  { _id: new Types.ObjectId().toHexString(), name: 'Tone Aas', role: 'group-member', login: 'tone.aas@eksempel.kommune.no', unitId: 'fysio' },
  { _id: new Types.ObjectId().toHexString(), name: 'Jon Moen', role: 'coordinator', login: 'jon.moen@eksempel.kommune.no', unitId },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** redis-server with its append-only file in `dir`, every write fsynced before the reply. */
async function startRedis(): Promise<void> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/ready to accept connections/i.test(out)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  child.stdout!.removeAllListeners('data');
  child.stdout!.resume();
  child.removeAllListeners('exit');
  redisServer = child;
}

async function killRedis(): Promise<void> {
  const child = redisServer!;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  redisServer = undefined;
}

function redisUrl(): string {
  return `redis://127.0.0.1:${port}`;
}

function connection(): Redis {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  closers.push(() => redis.quit().catch(() => undefined));
  return redis;
}

function reminderDeps(): ReminderDeps {
  return {
    tasks: rig.t.models.Task,
    timers: rig.t.models.Timer,
    cases: rig.cases.Case,
    users: userModel(rig.t.connection),
    queue: reminderQueue,
    notifier: rig.notifier,
    // Real time: the delayed jobs fire by Redis's clock.
    now: () => new Date(),
    meetings: meetingCollectionSource(rig.t.connection),
  };
}

async function startReminders(scheduleOnStart: boolean): Promise<ReminderWorker> {
  const worker = await startReminderWorker({ connection: connection(), deps: reminderDeps(), logger: testLogger(), queuePrefix: rig.t.prefix, scheduleOnStart });
  await worker.ready();
  closers.push(() => worker.close());
  return worker;
}

/** A case whose responsibility group (the members above) meets in `seconds` seconds after the reminder is due. */
async function meetingSoon(seconds: number): Promise<{ caseId: Types.ObjectId; meetingId: string }> {
  const { caseId } = await openCase(rig);
  await rig.cases.Case.updateOne({ _id: caseId }, { $set: { groupMemberIds: [members[0]!._id], coordinatorId: members[1]!._id } });
  const meetingId = new Types.ObjectId();
  await rig.t.connection.collection(meetingCollectionName).insertOne({ _id: meetingId, caseId, startsAt: new Date(Date.now() + 86_400_000 + seconds * 1000), cancelledAt: null });
  return { caseId, meetingId: meetingId.toHexString() };
}

function mailsTo(address: string) {
  return rig.smtp.messages.filter((m) => m.to.includes(address));
}

async function settled(): Promise<void> {
  await waitFor('the queues to settle', async () => {
    const counts = [await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed'), await reminderQueue.getJobCounts('waiting', 'active')];
    return counts.every((c) => Object.values(c).every((n) => n === 0));
  });
}

/** A notification worker in a process of its own (test/support/notification-worker-child.ts), killed with SIGKILL once `moment` has come. */
async function killChildWorkerWhen(moment: Promise<void>): Promise<void> {
  const { host, port: mongoPort, name } = rig.t.connection;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/support/notification-worker-child.ts')], {
    cwd: repoRoot,
    env: { ...process.env, MONGO_URI: `mongodb://${host}:${mongoPort}/${name}`, REDIS_URL: redisUrl(), QUEUE_PREFIX: rig.t.prefix, SMTP_URL: rig.smtp.url },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await moment;
  child.kill('SIGKILL');
  await exited;
}

/** A notification worker here that finds a dead worker's job stalled soon. */
async function takeoverWorker(): Promise<NotificationWorker> {
  const worker = startNotificationWorker({
    connection: connection(),
    logger: testLogger(),
    queuePrefix: rig.t.prefix,
    stalledIntervalMs: 500,
    sender: { notifications: rig.notifications, transport: smtpTransport(rig.smtp.url, 'ip@eksempel.kommune.no'), logger: testLogger() },
  });
  await worker.ready();
  return worker;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'redis-aof-'));
  port = await freePort();
  await startRedis();
  process.env.REDIS_URL = redisUrl();
  // No workers yet: the first test's job must go to the worker in the child process.
  rig = await startLetterRig('durability', { workers: 0, notificationJobs: { attempts: 8, backoff: { type: 'fixed', delay: 500 } } });
  reminderQueue = createReminderQueue(rig.t.redis, rig.t.prefix);
  const now = new Date();
  await userModel(rig.t.connection).insertMany(members.map((user) => ({ ...user, active: true, createdAt: now, updatedAt: now })));
}, 60000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await reminderQueue?.obliterate({ force: true }).catch(() => undefined);
  await reminderQueue?.close();
  await rig?.close();
  if (redisServer) await killRedis();
  rmSync(dir, { recursive: true, force: true });
  process.env.REDIS_URL = previousRedisUrl;
}, 60000);

describe('crashes and Redis outages', () => {
  it('a notification worker killed with SIGKILL in the middle of a job of several messages neither loses nor duplicates any of them', async () => {
    const id = new Types.ObjectId().toHexString();
    const messages = [0, 1, 2].map((i) => ({ key: `sigkill-batch-${i}-${id}`, kind: 'task-due-soon' as const, caseId: null, to: { userId: `u-batch-${i}`, email: `batch.${i}.${id}@eksempel.kommune.no` }, language: 'nb' as const, path: '/oppgaver' }));
    const keys = messages.map((m) => m.key);
    const held = new Promise<void>((resolve) => rig.smtp.holdNext(resolve));
    // Recorded together, as the reminder worker records them: one job sends all three.
    const record = batchedNotifier(rig.notifier);
    await Promise.all(messages.map(record));

    // The child is sending the first: it has reached the mail server, which has not answered.
    await killChildWorkerWhen(held);
    expect(await rig.notifications.find({ _id: { $in: keys } }, { status: 1, attempts: 1 }).sort({ _id: 1 }).lean()).toEqual([
      { _id: keys[0], status: 'pending', attempts: 1 },
      { _id: keys[1], status: 'pending', attempts: 0 },
      { _id: keys[2], status: 'pending', attempts: 0 },
    ]);
    expect(messages.flatMap((m) => mailsTo(m.to.email))).toHaveLength(0);

    // This one only: the next test's message must go to its own child process.
    const worker = await takeoverWorker();
    try {
      await waitFor('all three sent', async () => (await rig.notifications.countDocuments({ _id: { $in: keys }, status: 'sent' })) === 3, 30000);
      await settled();
    } finally {
      await worker.close();
    }
    for (const m of messages) expect(mailsTo(m.to.email)).toHaveLength(1);
    expect(await rig.notifications.findById(keys[0]).lean()).toMatchObject({ status: 'sent', attempts: 2 });
  }, 60000);

  it('a notification worker killed with SIGKILL in the middle of sending neither loses nor duplicates the message', async () => {
    const address = 'drept.arbeider@eksempel.kommune.no';
    const key = `sigkill-${new Types.ObjectId().toHexString()}`;
    const held = new Promise<void>((resolve) => rig.smtp.holdNext(resolve));
    await notify(rig.notifier, { key, kind: 'task-due-soon', caseId: null, to: { userId: 'u-sigkill', email: address }, language: 'nb', path: '/oppgaver' });

    // The child has claimed the message and is sending it: the mail server has its data and has not answered.
    await killChildWorkerWhen(held);
    expect(await rig.notifications.findById(key).lean()).toMatchObject({ status: 'pending', attempts: 1 });
    expect(mailsTo(address)).toHaveLength(0);

    // Another worker takes the job over once the dead worker's lock and claim have run out.
    const worker = await takeoverWorker();
    closers.push(() => worker.close());
    const doc = await waitFor('the message sent by the other worker', () => rig.notifications.findOne({ _id: key, status: 'sent' }).lean(), 30000);
    expect(doc.attempts).toBe(2);
    await settled();
    expect(mailsTo(address)).toHaveLength(1);
  }, 60000);

  it('a Redis killed and restarted with its append-only file still fires its delayed reminders and keeps its timers', async () => {
    await rig.startWorkers();
    const { caseId, meetingId } = await meetingSoon(4);
    const timer = await rig.t.models.Timer.findOne({ caseId: caseId.toHexString(), status: 'scheduled' }).lean();
    expect(timer).not.toBeNull();
    await scheduleReminders(reminderDeps());
    const jobId = (await reminderQueue.getJobs(['delayed'])).find((job) => job?.data.subjectId === meetingId)!.id!;

    await killRedis();
    await startRedis();
    await waitFor('Redis back', async () => (await rig.t.redis.ping().catch(() => null)) === 'PONG');
    const job = await reminderQueue.getJob(jobId);
    expect(job?.data).toMatchObject({ rule: 'meeting-tomorrow', subjectId: meetingId });
    expect(['delayed', 'waiting']).toContain(await job!.getState());
    const timerQueue = createTimerQueue(rig.t.redis, rig.t.prefix);
    closers.push(() => timerQueue.close());
    expect(await timerQueue.getJob(timer!._id)).toBeTruthy();

    // Not scheduled from MongoDB: only what the append-only file kept can fire.
    const sent = rig.smtp.messages.length;
    await startReminders(false);
    await waitFor('the meeting reminders', async () => rig.smtp.messages.length - sent >= 2, 20000);
    await settled();
    expect(rig.smtp.messages.slice(sent).flatMap((m) => m.to).sort()).toEqual(members.map((m) => m.login).sort());
  }, 60000);

  it('a Redis whose data was wiped gets its timers and reminders back from MongoDB at the next start', async () => {
    const { instanceId } = await openCase(rig);
    const task = await rig.t.models.Task.findOne({ instanceId, elementId: 'Task_AssessNeed', status: 'open' }).lean();
    const timers = await rig.t.models.Timer.find({ instanceId, status: 'scheduled' }).lean();
    expect(timers.length).toBeGreaterThan(0);
    await scheduleReminders(reminderDeps());
    const expected = reminderJobId({ rule: 'task-due-soon', subjectId: task!._id, basis: task!.dueDate!.toISOString() });
    expect(await reminderQueue.getJob(expected)).toBeTruthy();

    await rig.t.redis.flushall();
    expect(await reminderQueue.getJob(expected)).toBeUndefined();
    const timerQueue = createTimerQueue(rig.t.redis, rig.t.prefix);
    closers.push(() => timerQueue.close());
    expect(await timerQueue.getJob(timers[0]!._id)).toBeUndefined();

    // The next start: the timer worker restores timers, the reminder worker schedules reminders.
    const restored = await rig.t.runtime.restoreTimers();
    expect(restored.timersRestored).toBeGreaterThanOrEqual(timers.length);
    for (const timer of timers) expect(await timerQueue.getJob(timer._id)).toBeTruthy();
    await startReminders(true);
    const job = await reminderQueue.getJob(expected);
    expect(job?.data).toMatchObject({ rule: 'task-due-soon', subjectId: task!._id });
    expect(await job!.getState()).toBe('delayed');
  }, 60000);

  it('two reminder workers together, both scheduling from MongoDB, send each reminder once', async () => {
    const sent = rig.smtp.messages.length;
    await meetingSoon(3);
    await Promise.all([startReminders(true), startReminders(true)]);
    await waitFor('the meeting reminders', async () => rig.smtp.messages.length - sent >= 2, 20000);
    await settled();
    expect(rig.smtp.messages.slice(sent).flatMap((m) => m.to).sort()).toEqual(members.map((m) => m.login).sort());
  }, 60000);

  it('no message sent in these tests holds an identity number, the situation or a service', () => {
    expect(rig.smtp.messages.length).toBeGreaterThanOrEqual(5);
    for (const mail of rig.smtp.messages) expectNothingPrivate(`${mail.subject}\n${mail.raw}\n${mail.text}`);
  });
});
