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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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

    // Interleaved, after a warm-up, so that both paths see the same machine.
    const times = { forbidden: [] as number[], missing: [] as number[] };
    for (let round = 0; round < 60; round++) {
      for (const [kind, path] of [['forbidden', forbidden], ['missing', missing]] as const) {
        const started = performance.now();
        await get(h, path, stranger);
        if (round >= 10) times[kind].push(performance.now() - started);
      }
    }
    const difference = Math.abs(median(times.forbidden) - median(times.missing));
    expect(difference).toBeLessThan(1.5);
  });
});
