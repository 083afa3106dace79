import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose, { type Connection } from 'mongoose';
import { deliverToOutbox, outboxModel } from '../../server/notifications/outbox.js';
import { useTestDatabase, type TestDatabase } from '../support/mongo.js';

let db: TestDatabase;
let connection: Connection;

beforeAll(async () => {
  db = await useTestDatabase();
  connection = await mongoose.createConnection(db.uri).asPromise();
});

afterAll(async () => {
  await connection?.close();
  await db?.close();
});

const job = (n: number, template = 'interim-reply', caseId = 'case-1') => ({
  kind: 'letter' as const,
  template,
  handler: 'sendInterimReply',
  elementId: 'Task_SendInterimReply',
  idempotencyKey: `key-${n}`,
  variables: {},
  instanceId: `case-${caseId}`,
  caseId,
  jobId: `${caseId}-${template}-${n}`,
});

describe('messages per case and day', () => {
  it('an interim reply every second sends three letters a day, not 28; a redelivered job changes nothing', async () => {
    const outbox = outboxModel(connection);
    const morning = new Date('2026-03-02T08:00:00Z');
    const delivered: boolean[] = [];
    for (let n = 0; n < 28; n++) delivered.push(await deliverToOutbox(outbox, job(n), new Date(morning.getTime() + n * 1000), 3));
    expect(delivered.filter(Boolean)).toHaveLength(3);
    expect(await outbox.countDocuments({ caseId: 'case-1', template: 'interim-reply' })).toBe(3);
    // The same job again (a retry) is already delivered: true, and no count used.
    expect(await deliverToOutbox(outbox, job(0), morning, 3)).toBe(true);

    // Another kind, another case, and the next day each have their own allowance.
    expect(await deliverToOutbox(outbox, job(100, 'consent-reminder'), morning, 3)).toBe(true);
    expect(await deliverToOutbox(outbox, job(101, 'interim-reply', 'case-2'), morning, 3)).toBe(true);
    expect(await deliverToOutbox(outbox, job(102), new Date('2026-03-03T08:00:00Z'), 3)).toBe(true);
    expect(await outbox.countDocuments({ caseId: 'case-1', template: 'interim-reply' })).toBe(4);
  });
});
