// E-mail notifications through a real SMTP server on loopback: once per key, with two workers;
// retried with backoff when the server refuses; marked failed after the last attempt; kept in the
// outbox without SMTP. Every message is checked for private details.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { batchedNotifier, notificationBatchJobId, notify, sendNotification, type NewNotification } from '../../server/notifications/notifier.js';
import { queueMissingReceiptLetters, queueReceiptLetter, receiptLetterJobId } from '../../server/letters/receipt.js';
import { testLogger } from '../support/engine.js';
import { completeTask, example, expectNothingPrivate, openCase, privateDetails, startLetterRig, waitFor, type LetterRig } from '../support/letters.js';

let rig: LetterRig;

beforeAll(async () => {
  // Two worker processes' worth of job and notification workers; quick retries for the test.
  rig = await startLetterRig('notifications', { workers: 2, notificationJobs: { attempts: 3, backoff: { type: 'fixed', delay: 200 } } });
}, 60000);

afterAll(async () => {
  await rig?.close();
});

function newKey(name: string): string {
  return `${name}-${new Types.ObjectId().toHexString()}`;
}

/** Messages to `count` staff members, as the reminder worker records them. */
function staffMessages(name: string, count: number): NewNotification[] {
  return Array.from({ length: count }, (_, i) => ({ key: newKey(`${name}-${i}`), kind: 'task-due-soon', caseId: null, to: { userId: `u-${name}-${i}`, email: `${name}.${i}@eksempel.kommune.no` }, language: 'nb', path: '/oppgaver' }));
}

async function notificationQueueSettled(): Promise<void> {
  await waitFor('the notification queue to settle', async () => Object.values(await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed')).every((n) => n === 0));
}

describe('notifications', () => {
  it('two workers together: every letter is announced exactly once to its recipient', async () => {
    const opened = await Promise.all([0, 1, 2, 3, 4].map((i) => openCase(rig, { writtenForm: i % 2 ? 'nn' : 'nb', representative: i === 4 })));
    await Promise.all(opened.map((c) => completeTask(rig, c.instanceId, 'Task_AssessNeed', example('need-assessment', { decision: 'reject', reasons: privateDetails.reasons }))));
    await waitFor('five messages', async () => opened.every((c) => rig.smtp.messages.some((m) => m.to.includes(c.email))));
    // The same notification recorded again, from both "processes" at once, changes nothing.
    const letters = await rig.letters.find({ caseId: { $in: opened.map((c) => c.caseId) } }).lean();
    expect(letters).toHaveLength(5);
    await Promise.all(
      letters.flatMap((letter) =>
        [0, 1].map(() =>
          notify(rig.notifier, { key: `letter-ready-${letter._id.toHexString()}`, kind: 'letter-ready', caseId: letter.caseId.toHexString(), to: { userId: null, email: letter.to.email }, language: letter.language, path: '/x' }),
        ),
      ),
    );
    await waitFor('the queue to settle', async () => {
      const counts = await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed');
      return Object.values(counts).every((n) => n === 0);
    });
    for (const c of opened) expect(rig.smtp.messages.filter((m) => m.to.includes(c.email))).toHaveLength(1);
    expect(await rig.notifications.countDocuments({ caseId: { $in: opened.map((c) => c.caseId.toHexString()) }, status: 'sent' })).toBe(5);
    // The parent who applied gets the message, in the language of the request.
    expect(rig.smtp.messages.find((m) => m.to.includes(opened[4]!.email))?.subject).toBe('Du har fått et nytt brev');
  });

  it('the receipt is a letter: written once, announced to the parent who applied at the e-mail in the request; one lost with Redis is queued again by the scan', async () => {
    const [first, second] = await Promise.all([openCase(rig, { representative: true, writtenForm: 'nn' }), openCase(rig)]);
    for (const c of [first!, second!]) {
      await rig.cases.CaseMessage.create({
        dedupeKey: `receipt-${c.caseId.toHexString()}`, caseId: c.caseId, kind: 'receipt', language: 'nb', to: { name: 'x', email: c.email, phone: null },
        subject: 's', body: 'b', createdAt: rig.t.clock.now(), deliveredAt: null,
      });
    }
    // Intake queues the first (twice: a retried request); the second's job never reached Redis.
    await queueReceiptLetter(rig.jobQueue, { caseId: first!.caseId.toHexString(), instanceId: first!.instanceId });
    await queueReceiptLetter(rig.jobQueue, { caseId: first!.caseId.toHexString(), instanceId: first!.instanceId });
    await waitFor('the receipt announced', async () => rig.smtp.messages.some((m) => m.to.includes(first!.email)));
    const letter = await rig.letters.findOne({ key: receiptLetterJobId(first!.caseId.toHexString()) }).lean();
    expect(letter).toMatchObject({ template: 'receipt', language: 'nn', to: { email: first!.email } });
    expect(rig.smtp.messages.find((m) => m.to.includes(first!.email))!.subject).toBe('Du har fått eit nytt brev');
    await waitFor('the receipt marked delivered', () => rig.cases.CaseMessage.findOne({ caseId: first!.caseId, kind: 'receipt', deliveredAt: { $ne: null } }).lean());

    const repair = { cases: rig.cases, queue: rig.jobQueue, now: () => rig.t.clock.now() };
    expect(await queueMissingReceiptLetters(repair)).toBe(1);
    await waitFor('the second receipt announced', async () => rig.smtp.messages.some((m) => m.to.includes(second!.email)));
    await waitFor('the second receipt marked delivered', () => rig.cases.CaseMessage.findOne({ caseId: second!.caseId, kind: 'receipt', deliveredAt: { $ne: null } }).lean());
    expect(await queueMissingReceiptLetters(repair)).toBe(0);
    await waitFor('the queues to settle', async () =>
      [await rig.jobQueue.getJobCounts('waiting', 'active', 'delayed'), await rig.notificationQueue.getJobCounts('waiting', 'active', 'delayed')].every((counts) => Object.values(counts).every((n) => n === 0)),
    );
    for (const c of [first!, second!]) {
      expect(await rig.letters.countDocuments({ caseId: c.caseId, template: 'receipt' })).toBe(1);
      expect(rig.smtp.messages.filter((m) => m.to.includes(c.email))).toHaveLength(1);
    }
  });

  it('a refused message is sent again with backoff, once', async () => {
    rig.smtp.refuseNext(1);
    const key = newKey('retry');
    await notify(rig.notifier, { key, kind: 'task-due-soon', caseId: null, to: { userId: 'u1', email: 'saksbehandler.retry@eksempel.kommune.no' }, language: 'nb', path: '/oppgaver' });
    const doc = await waitFor('the message sent', () => rig.notifications.findOne({ _id: key, status: 'sent' }).lean());
    expect(doc.attempts).toBe(2);
    expect(doc.lastError).toBeNull();
    expect(rig.smtp.messages.filter((m) => m.to.includes('saksbehandler.retry@eksempel.kommune.no'))).toHaveLength(1);
  });

  it('a message that still fails after the last attempt is marked failed, and nothing is sent', async () => {
    rig.smtp.refuseNext(3);
    const key = newKey('failing');
    await notify(rig.notifier, { key, kind: 'task-overdue', caseId: null, to: { userId: 'u2', email: 'leder.failing@eksempel.kommune.no' }, language: 'nn', path: '/oppgaver' });
    const doc = await waitFor('the message failed', () => rig.notifications.findOne({ _id: key, status: 'failed' }).lean());
    expect(doc).toMatchObject({ attempts: 3, failedAt: expect.any(Date), lastError: expect.stringContaining('Try again later') });
    expect(rig.smtp.messages.filter((m) => m.to.includes('leder.failing@eksempel.kommune.no'))).toHaveLength(0);
  });

  it('messages recorded together are sent by one job, each once; recorded again, they are not sent again', async () => {
    const messages = staffMessages('together', 3);
    const record = batchedNotifier(rig.notifier);
    await Promise.all(messages.map(record));
    const job = await rig.notificationQueue.getJob(notificationBatchJobId(messages.map((m) => m.key)));
    expect(job?.data).toEqual({ keys: messages.map((m) => m.key) });
    for (const m of messages) await waitFor(`the message to ${m.to.email}`, () => rig.notifications.findOne({ _id: m.key, status: 'sent' }).lean());
    await notificationQueueSettled();

    // A retried reminder records them again, with one more: only the new one is sent.
    const more = [...messages, ...staffMessages('together-more', 1)];
    await Promise.all(more.map(record));
    await waitFor('the new message', () => rig.notifications.findOne({ _id: more[3]!.key, status: 'sent' }).lean());
    await notificationQueueSettled();
    for (const m of more) {
      expect(rig.smtp.messages.filter((mail) => mail.to.includes(m.to.email!))).toHaveLength(1);
      expect(await rig.notifications.findById(m.key).lean()).toMatchObject({ status: 'sent', attempts: 1 });
    }
  });

  it('in a job of several messages, a refused one is sent again with backoff without resending the others; one that still fails after the last attempt is marked failed', async () => {
    // Three attempts (the rig's setting), the messages one after the other. Attempt 1: both refused;
    // attempt 2: the first refused, the second sent; attempt 3: the first sent.
    rig.smtp.refuseNext(3);
    const retried = staffMessages('retried', 2);
    const record = batchedNotifier(rig.notifier);
    await Promise.all(retried.map(record));
    const docs = await waitFor('both sent', async () => {
      const found = await rig.notifications.find({ _id: { $in: retried.map((m) => m.key) }, status: 'sent' }).lean();
      return found.length === 2 ? found : null;
    });
    expect(docs.find((d) => d._id === retried[0]!.key)?.attempts).toBe(3);
    expect(docs.find((d) => d._id === retried[1]!.key)?.attempts).toBe(2);
    for (const m of retried) expect(rig.smtp.messages.filter((mail) => mail.to.includes(m.to.email!))).toHaveLength(1);
    await notificationQueueSettled();

    // Attempts 1 and 2: both refused; attempt 3 (the last): the first refused and marked failed, the second sent.
    rig.smtp.refuseNext(5);
    const failing = staffMessages('failing-together', 2);
    await Promise.all(failing.map(record));
    const settled = await waitFor('one failed, one sent', async () => {
      const found = await rig.notifications.find({ _id: { $in: failing.map((m) => m.key) }, status: { $in: ['failed', 'sent'] } }).lean();
      return found.length === 2 ? found : null;
    });
    expect(settled.find((d) => d._id === failing[0]!.key)).toMatchObject({ status: 'failed', attempts: 3, failedAt: expect.any(Date), lastError: expect.stringContaining('Try again later') });
    expect(settled.find((d) => d._id === failing[1]!.key)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(rig.smtp.messages.filter((mail) => mail.to.includes(failing[0]!.to.email!))).toHaveLength(0);
    expect(rig.smtp.messages.filter((mail) => mail.to.includes(failing[1]!.to.email!))).toHaveLength(1);
    await waitFor('the job failed', async () => (await rig.notificationQueue.getJob(notificationBatchJobId(failing.map((m) => m.key))))?.getState().then((state) => state === 'failed'));
  });

  it('without SMTP the message is kept in the outbox, once', async () => {
    const key = newKey('kept');
    await rig.notifications.create({
      _id: key, kind: 'follow-up', caseId: null, to: { userId: 'u3', email: 'a@b.no' }, language: 'en', subject: 's', text: 't',
      status: 'pending', attempts: 0, claimedUntil: null, lastError: null, messageId: null, createdAt: new Date(), sentAt: null, failedAt: null,
    });
    const sender = { notifications: rig.notifications, transport: null, logger: testLogger() };
    expect(await sendNotification(sender, key, false)).toBe('kept');
    expect(await sendNotification(sender, key, false)).toBe('done-before');
    expect(await rig.notifications.findById(key).lean()).toMatchObject({ status: 'kept', attempts: 1 });
  });

  it('no message sent in these tests holds an identity number, the situation, a service or the reasons', () => {
    expect(rig.smtp.messages.length).toBeGreaterThanOrEqual(6);
    for (const mail of rig.smtp.messages) expectNothingPrivate(`${mail.subject}\n${mail.raw}\n${mail.text}`);
  });
});
