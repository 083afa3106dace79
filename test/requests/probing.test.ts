import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { requestForm } from '../../forms/request.js';
import { citizen, createHarness, get, post, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('probing');
});

afterAll(async () => {
  await h?.close();
});

describe('case numbers cannot be probed', () => {
  it('a forbidden case and a missing one answer alike, with the same work: a rule check and a denied audit entry', async () => {
    const sent = await post(h, '/api/requests', requestForm.example, { key: `probe-${Date.now()}` });
    expect(sent.status).toBe(201);
    const stranger = citizen('01817010055', 'stranger', 'Kari Nordmann');
    const forbidden = `/api/cases/${sent.body.caseId}`;
    const missing = `/api/cases/${new Types.ObjectId().toHexString()}`;

    const entries = () => h.auditLog.model.countDocuments({ actorId: 'stranger', action: 'case.read', outcome: 'denied' });
    const first = await get(h, forbidden, stranger);
    const second = await get(h, missing, stranger);
    expect(second).toEqual(first);
    expect(first.status).toBe(404);
    expect(await entries()).toBe(2);

    // The same work: the same database operations, in the same order, on both paths.
    const operations: string[] = [];
    h.engine.connection.set('debug', (collection: string, method: string) => void operations.push(`${collection}.${method}`));
    const work = async (path: string) => {
      operations.length = 0;
      await get(h, path, stranger);
      return [...operations];
    };
    try {
      const forbiddenWork = await work(forbidden);
      expect(forbiddenWork).toEqual(['cases.findOne', 'auditlog.insertMany']);
      expect(await work(missing)).toEqual(forbiddenWork);
    } finally {
      h.engine.connection.set('debug', false);
    }
  });
});
