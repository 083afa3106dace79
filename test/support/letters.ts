// Test support for letters and notifications: the real process on the engine runtime, the
// product's job worker (letters) and notification worker on a real Redis, and cases opened the way
// intake opens them, with a request whose private details every sent message is checked against.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { formsByKey, type FormKey } from '../../forms/index.js';
import { caseModels, ensureCaseIndexes, type CaseModels } from '../../server/cases/models.js';
import { compileSource } from '../../server/definitions/compile.js';
import { formVariable } from '../../server/definitions/process-contract.js';
import { createJobQueue } from '../../server/engine/queues.js';
import type { Actor, TaskView } from '../../server/engine/types.js';
import { ensureLetterIndexes, letterModel, type LetterDoc } from '../../server/letters/model.js';
import { notificationModel, type NotificationDoc } from '../../server/notifications/model.js';
import { createNotificationQueue, smtpTransport, type MailTransport, type NotificationJobData, type NotifierDeps } from '../../server/notifications/notifier.js';
import { outboxModel } from '../../server/notifications/outbox.js';
import { userModel } from '../../server/users/model.js';
import { jobDelivery } from '../../workers/index.js';
import { createJobServiceHandlers } from '../../server/definitions/service-handlers.js';
import { startJobWorker, type JobWorker } from '../../workers/jobs/worker.js';
import { startNotificationWorker, type NotificationWorker } from '../../workers/notifications/worker.js';
import { createTestEngine, repoRoot, TestRegistry, type TestEngine } from './engine.js';
import { startTestSmtp, type TestSmtp } from './mail.js';
import { testRedisUrl } from './redis.js';
import type { Model } from 'mongoose';

export const caseworker: Actor = { id: 'de0000000000000000000003' };
export const municipalityName = 'Eksempel kommune';
export const publicUrl = 'https://ip.eksempel.kommune.no';

/** What must never appear in a notification: the request's identity numbers, its free text and service names. */
export const privateDetails = {
  personNationalId: '14858710058',
  applicantNationalId: '03018012345',
  situation: 'Jeg har MS og bor alene. Etter et attakk i vinter trenger jeg mer hjelp hjemme.',
  coordinationNeeds: 'Hjemmetjenesten og nevrologisk poliklinikk planlegger hver for seg.',
  service: 'Hjemmesykepleie to ganger i uka',
  reasons: 'Behovet for samordning er dekt gjennom avtalen med fastlegen og hjemmetjenesten i dag.',
};

export interface LetterRig {
  readonly t: TestEngine;
  readonly cases: CaseModels;
  readonly letters: Model<LetterDoc>;
  readonly notifications: Model<NotificationDoc>;
  readonly jobQueue: Queue;
  readonly notificationQueue: Queue<NotificationJobData>;
  readonly smtp: TestSmtp;
  /** What the job workers record and enqueue notifications with. */
  readonly notifier: NotifierDeps;
  /** Starts one more pair of job and notification workers (a second worker process). */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export async function startLetterRig(name: string, options: { workers?: number; notificationJobs?: JobsOptions } = {}): Promise<LetterRig> {
  const registry = new TestRegistry((source) => compileSource(source));
  await registry.add('individual-plan', readFileSync(path.join(repoRoot, 'processes/individual-plan.bpmn'), 'utf8'));
  const t = await createTestEngine({
    name,
    registry,
    handlers: createJobServiceHandlers(),
    runtime: { taskOutputVariable: ({ formKey }) => (formKey ? formVariable(formKey) : undefined) },
  });
  const cases = caseModels(t.connection);
  await ensureCaseIndexes(cases);
  const letters = letterModel(t.connection);
  await ensureLetterIndexes(letters);
  const notifications = notificationModel(t.connection);
  await notifications.init();
  const outbox = outboxModel(t.connection);
  await outbox.init();
  const smtp = await startTestSmtp();
  const jobQueue = createJobQueue(t.redis, t.prefix);
  const notificationQueue = createNotificationQueue(t.redis, t.prefix);
  const notifier: NotifierDeps = { notifications, queue: notificationQueue, publicUrl, now: () => t.clock.now(), ...(options.notificationJobs ? { jobOptions: options.notificationJobs } : {}) };
  const running: { jobs: JobWorker; sender: NotificationWorker; redis: Redis[]; transport: MailTransport }[] = [];

  async function startWorkers(): Promise<void> {
    const redis = [new Redis(testRedisUrl(), { maxRetriesPerRequest: null }), new Redis(testRedisUrl(), { maxRetriesPerRequest: null })];
    const transport = smtpTransport(smtp.url, 'Eksempel kommune <ip@eksempel.kommune.no>');
    const jobs = await startJobWorker({
      connection: redis[0]!,
      logger: t.logger,
      queuePrefix: t.prefix,
      deliver: jobDelivery({
        outbox,
        cases,
        logger: t.logger,
        letters: { cases, letters, municipalityName, clock: t.clock },
        notifier,
        users: userModel(t.connection),
      }),
    });
    const sender = startNotificationWorker({ connection: redis[1]!, logger: t.logger, queuePrefix: t.prefix, sender: { notifications, transport, logger: t.logger } });
    await Promise.all([jobs.ready(), sender.ready()]);
    running.push({ jobs, sender, redis, transport });
  }
  for (let i = 0; i < (options.workers ?? 1); i++) await startWorkers();

  return {
    t,
    cases,
    letters,
    notifications,
    jobQueue,
    notificationQueue,
    smtp,
    notifier,
    startWorkers,
    async close() {
      for (const w of running) {
        await Promise.all([w.jobs.close(), w.sender.close()]);
        w.transport.close();
        await Promise.all(w.redis.map((r) => r.quit()));
      }
      await notificationQueue.obliterate({ force: true }).catch(() => undefined);
      await Promise.all([jobQueue.close(), notificationQueue.close()]);
      await smtp.close();
      await t.close();
    },
  };
}

export function example(formKey: FormKey, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(formsByKey[formKey] as { example?: Record<string, unknown> }).example, ...overrides };
}

let counter = 0;

/** A received request with its case, and the process started for it as intake does. */
export async function openCase(
  rig: LetterRig,
  options: { language?: 'nb' | 'nn' | 'en'; writtenForm?: 'nb' | 'nn'; representative?: boolean; consentGiven?: boolean } = {},
): Promise<{ caseId: Types.ObjectId; instanceId: string; caseNumber: string; email: string }> {
  counter += 1;
  const caseId = new Types.ObjectId();
  const requestId = new Types.ObjectId();
  const caseNumber = `IP-2026-${String(800000 + counter + (process.pid % 1000) * 100)}`;
  const instanceId = `case-${caseId.toHexString()}`;
  const now = rig.t.clock.now();
  const personEmail = `sigrid.${counter}@example.no`;
  const applicantEmail = `ola.${counter}@example.no`;
  const data: Record<string, unknown> & { applicantRole: string } = {
    person: { name: 'Sigrid Fjellheim', nationalId: privateDetails.personNationalId, email: personEmail, writtenForm: options.writtenForm ?? 'nb', interpreterNeeded: false },
    applicantRole: options.representative ? 'parent' : 'person',
    ...(options.representative ? { applicant: { name: 'Ola Fjellheim', nationalId: privateDetails.applicantNationalId, email: applicantEmail, relation: 'far' } } : {}),
    askFor: 'plan-and-coordinator',
    situation: privateDetails.situation,
    coordinationNeeds: privateDetails.coordinationNeeds,
    currentServices: [{ service: privateDetails.service, provider: 'home-care' }],
    consent: options.consentGiven === false ? { given: false } : { given: true, sharing: [], duration: 'until-withdrawn' },
    signature: { fullName: 'Sigrid Fjellheim', confirmed: true },
  };
  await rig.cases.Request.create({
    _id: requestId,
    idempotencyKey: `key-${caseNumber}`,
    digest: 'x',
    caseId,
    caseNumber,
    data: data as never,
    signature: { fullName: 'Sigrid Fjellheim', confirmed: true, signedAt: now, signerRole: data.applicantRole as never, identityVerified: true, signedInUserId: null },
    attachment: null,
    language: options.language ?? 'nb',
    receivedAt: now,
  });
  await rig.cases.Case.create({
    _id: caseId,
    caseNumber,
    unitId: 'ke-eksempel',
    channel: 'citizen-request',
    askFor: 'plan-and-coordinator',
    person: { name: 'Sigrid Fjellheim', nationalId: privateDetails.personNationalId, birthDate: '1987-05-14' },
    representativeNationalIds: options.representative ? [privateDetails.applicantNationalId] : [],
    requestId,
    instanceId,
    processStartedAt: now,
    coordinatorId: null,
    groupMemberIds: [],
    consent: options.consentGiven === false ? { active: false, givenAt: null, sharing: [], validUntil: null, withdrawnAt: null } : { active: true, givenAt: now, sharing: [], validUntil: null, withdrawnAt: null },
    createdAt: now,
    closedAt: null,
  });
  await rig.t.runtime.startInstance({
    processKey: 'individual-plan',
    caseId: caseId.toHexString(),
    instanceId,
    actor: caseworker,
    variables: { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: options.consentGiven !== false } },
  });
  return { caseId, instanceId, caseNumber, email: options.representative ? applicantEmail : personEmail };
}

export async function completeTask(rig: LetterRig, instanceId: string, elementId: string, output: Record<string, unknown>, actor: Actor = caseworker) {
  const docs = await rig.t.models.Task.find({ instanceId, elementId, status: { $in: ['open', 'claimed'] } }).lean();
  const found = docs[0] as unknown as (TaskView & { _id: string }) | undefined;
  if (!found) throw new Error(`no open ${elementId}`);
  return rig.t.runtime.completeTask({ taskId: found._id, actor, output });
}

/** Waits for a condition (polling), failing with the message after the timeout. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every message must hold nothing private: checked on each message the tests send. */
export function expectNothingPrivate(text: string): void {
  const digits = text.replace(/\s+/g, '');
  for (const [name, value] of Object.entries(privateDetails)) {
    const probe = name.endsWith('NationalId') ? value : value.slice(0, 30);
    if ((name.endsWith('NationalId') ? digits : text).includes(probe)) throw new Error(`a message contains the ${name}: ${text}`);
  }
  if (/\b\d{11}\b/.test(text)) throw new Error(`a message contains an 11-digit number: ${text}`);
}
