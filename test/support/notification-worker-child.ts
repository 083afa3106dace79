// A notification worker in a process of its own, for the test that kills it with SIGKILL in the
// middle of sending (test/notifications/durability.test.ts). Settings come from the environment:
// MONGO_URI, REDIS_URL, QUEUE_PREFIX, SMTP_URL. Prints "ready" when it takes jobs.
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { notificationModel } from '../../server/notifications/model.js';
import { smtpTransport } from '../../server/notifications/notifier.js';
import { startNotificationWorker } from '../../workers/notifications/worker.js';
import { testLogger } from './engine.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const connection = await mongoose.createConnection(env('MONGO_URI')).asPromise();
const redis = new Redis(env('REDIS_URL'), { maxRetriesPerRequest: null });
const worker = startNotificationWorker({
  connection: redis,
  logger: testLogger(),
  queuePrefix: env('QUEUE_PREFIX'),
  // Short, so that the test's other worker finds the job stalled soon (BullMQ's stalled check is shared by every worker of the queue).
  lockDurationMs: 2000,
  stalledIntervalMs: 500,
  sender: { notifications: notificationModel(connection), transport: smtpTransport(env('SMTP_URL'), 'Eksempel kommune <ip@eksempel.kommune.no>'), logger: testLogger(), claimMs: 3000 },
});
await worker.ready();
process.stdout.write('ready\n');
