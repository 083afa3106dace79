import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formsByKey, validateForm } from '../../forms/index.js';
import { requestForm } from '../../forms/request.js';
import { citizen, createHarness, post, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('case-state');
});

afterAll(async () => {
  await h?.close();
});

const personId = requestForm.example.person.nationalId;
const person = citizen(personId);

describe('citizen actions check the case and the types', () => {
  it('refuses a coordinator change on a case without a coordinator, and a reason that is not text', async () => {
    const sent = await post(h, '/api/requests', requestForm.example, { key: `state-${Date.now()}`, user: person });
    expect(sent.status).toBe(201);
    const path = `/api/cases/${sent.body.caseId}/coordinator-change`;
    const before = await h.counts();

    const wrongType = await post(h, path, { reason: 123 }, { user: person, language: 'en' });
    expect(wrongType).toMatchObject({ status: 422, body: { errors: [{ field: 'reason', message: 'The value must be text.' }] } });

    const noCoordinator = await post(h, path, formsByKey['coordinator-change-request'].example, { user: person, language: 'nn' });
    expect(noCoordinator).toMatchObject({
      status: 409,
      body: { errors: [{ field: null, message: 'Saka har ingen koordinator enno. Du kan be om ein annan koordinator når ein er oppnemnd.' }] },
    });
    expect(await h.counts()).toEqual(before);
    const instance = await h.engine.runtime.getInstance({ instanceId: `case-${sent.body.caseId}` });
    expect(instance.variables).not.toHaveProperty('coordinatorChangeRequest');
  });

  it('refuses "false" for consent given, with the field named, and changes nothing', async () => {
    const sent = await post(h, '/api/requests', { ...requestForm.example, consent: { given: false } }, { key: `consent-${Date.now()}`, user: person });
    const before = await h.context.models.Case.findById(sent.body.caseId).lean();
    const answer = await post(h, `/api/cases/${sent.body.caseId}/consent`, { ...formsByKey.consent.example, given: 'false' }, { user: person, language: 'en' });
    expect(answer).toMatchObject({ status: 422, body: { errors: [{ field: 'given', message: 'The answer must be yes or no.' }] } });
    expect(await h.context.models.Case.findById(sent.body.caseId).lean()).toEqual(before);
  });

  it.each([
    ['plan-approval', { approved: 1 }, 'approved', 'The answer must be yes or no.'],
    ['plan-approval', { approved: 'true' }, 'approved', 'The answer must be yes or no.'],
    ['consent-withdrawal', { understood: 'yes' }, 'understood', 'The answer must be yes or no.'],
    ['coordinator-change-request', { reason: true }, 'reason', 'The value must be text.'],
    ['coordinator-change-request', { reason: ['a'] }, 'reason', 'The value must be text.'],
    ['need-assessment', { ...formsByKey['need-assessment'].example, childCoordinator: 0 }, 'childCoordinator', 'The answer must be yes or no.'],
    ['review', { ...formsByKey.review.example, reviewedOn: 20270101 }, 'reviewedOn', 'The value must be text.'],
  ] as const)('the %s schema refuses a value of the wrong type (case %#; server and browser share the schema)', async (key, data, field, message) => {
    const result = await validateForm(key, data, 'en');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContainEqual({ field, message });
  });

  it('takes real booleans, and empty strings as missing', async () => {
    expect(await validateForm('plan-approval', { approved: true }, 'en')).toMatchObject({ ok: true, value: { approved: true } });
    expect(await validateForm('plan-approval', { approved: '' }, 'en')).toMatchObject({ ok: false, errors: [{ field: 'approved', message: 'Choose an option.' }] });
  });
});

describe('keys that name members of Object.prototype', () => {
  it.each(['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty'])('%s in a body is refused as a field error or dropped, never a 500', async (key) => {
    const body = JSON.parse(`{"person":{"${key}":""},"${key}":{"x":1}}`) as Record<string, unknown>;
    const sent = await post(h, '/api/requests', { ...requestForm.example, ...body }, { key: `proto-${key}-${Date.now()}`, language: 'en' });
    expect(sent.status).toBe(422);
    expect(sent.body.errors?.map((e) => e.field)).toContain('person.name');
    expect((await validateForm('plan-approval', JSON.parse(`{"approved":true,"${key}":1}`), 'en')).ok).toBe(true);
  });
});
