import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import { representationVerifier } from '../../server/commands/representationVerifier.js';
import { fictionalUsers } from '../../server/users/fictional.js';
import { citizen, createHarness, get, post, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness('representatives');
});

afterAll(async () => {
  await h?.close();
});

const ola = fictionalUsers.find((u) => u.name === 'Ola Nordmann')!;
const kari = fictionalUsers.find((u) => u.name === 'Kari Nordmann')!;
/** Ola's son in the fictional families (the population register's embedded default). */
const emil = '03891650050';
/** A child who is nobody's in the register. */
const strangerChild = makeNationalId('2017-05-05', { synthetic: true });

let keys = 0;
function forChild(childId: string, signer: { name: string; nationalId?: string }, role = 'parent'): Record<string, unknown> {
  return {
    ...structuredClone(requestForm.example),
    person: { ...requestForm.example.person, name: 'Barn Barnesen', nationalId: childId, phone: undefined, email: undefined },
    applicantRole: role,
    applicant: { name: signer.name, nationalId: signer.nationalId, relation: 'forelder', phone: '41234567' },
    askFor: 'child-coordinator',
    signature: { fullName: signer.name, confirmed: true },
  };
}

describe('a parent named in a request is a claim until verified', () => {
  it('a citizen who declares themselves the parent of a child not theirs sees only what they sent and its receipt', async () => {
    const signer = citizen(kari.nationalId!, kari.id, kari.name);
    const sent = await post(h, '/api/requests', forChild(strangerChild, kari), { key: `representatives-claim-${keys++}`, user: signer });
    expect(sent.status).toBe(201);

    const stored = await h.context.models.Request.findOne({ caseNumber: sent.body.caseNumber }).lean();
    expect(stored?.signature).toMatchObject({ identityVerified: false, verified: { signer: true, representation: 'claimed' } });
    const caseDoc = await h.context.models.Case.findById(sent.body.caseId).lean();
    expect(caseDoc).toMatchObject({ representativeNationalIds: [], claimedRepresentatives: [{ nationalId: kari.nationalId, role: 'parent' }] });
    const instance = await h.engine.runtime.getInstance({ instanceId: caseDoc!.instanceId });
    expect(instance.variables).toMatchObject({ signature: { identityVerified: false } });

    const view = await get(h, `/api/cases/${sent.body.caseId}`, signer);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ representation: 'claimed', stage: 'received', plan: null, coordinator: null, steps: [{ key: 'received' }] });
    expect((view.body.messages as { kind: string }[]).map((m) => m.kind)).toEqual(['receipt']);
    expect((view.body.request as { data: { person: { nationalId: string } } }).data.person.nationalId).toBe(strangerChild);
    expect(view.body.actions).toEqual({ approvePlan: false, giveConsent: false, withdrawConsent: false, requestCoordinatorChange: false });

    // No act on the child's case: consent, coordinator change.
    expect((await post(h, `/api/cases/${sent.body.caseId}/consent`, { given: false }, { user: signer })).status).toBe(404);
    expect((await post(h, `/api/cases/${sent.body.caseId}/coordinator-change`, { reason: 'x' }, { user: signer })).status).toBe(404);

    const list = await get(h, '/api/cases', signer);
    expect(list.body.cases).toContainEqual(expect.objectContaining({ id: sent.body.caseId, stage: 'received', representation: 'claimed' }));

    // The case worker verifies the claim (signature check): full access from then on.
    expect(await representationVerifier(h.context, { caseDoc: caseDoc!, nationalId: kari.nationalId! })).toBe(true);
    const verified = await get(h, `/api/cases/${sent.body.caseId}`, signer);
    expect(verified.body).not.toHaveProperty('representation');
    expect(verified.body.stage).not.toBe('received');
  });

  it('a parent the population register confirms is verified: identityVerified covers signer and relation', async () => {
    const signer = citizen(ola.nationalId!, ola.id, ola.name);
    const sent = await post(h, '/api/requests', forChild(emil, ola), { key: `representatives-verified-${keys++}`, user: signer });
    expect(sent.status).toBe(201);
    const stored = await h.context.models.Request.findOne({ caseNumber: sent.body.caseNumber }).lean();
    expect(stored?.signature).toMatchObject({ identityVerified: true, verified: { signer: true, representation: 'population-register' } });
    expect(await h.context.models.Case.findById(sent.body.caseId).lean()).toMatchObject({ representativeNationalIds: [ola.nationalId], claimedRepresentatives: [] });
    const view = await get(h, `/api/cases/${sent.body.caseId}`, signer);
    expect(view.body).not.toHaveProperty('representation');

    // Sent without signing in: the relation is confirmed, the signer is not.
    const anonymous = await post(h, '/api/requests', forChild(emil, ola), { key: `representatives-anonymous-${keys++}` });
    const unsigned = await h.context.models.Request.findOne({ caseNumber: anonymous.body.caseNumber }).lean();
    expect(unsigned?.signature).toMatchObject({ identityVerified: false, verified: { signer: false, representation: 'population-register' } });
  });

  it('a person applying for themselves is unchanged', async () => {
    const self = citizen(requestForm.example.person.nationalId);
    const sent = await post(h, '/api/requests', requestForm.example, { key: `representatives-self-${keys++}`, user: self });
    const stored = await h.context.models.Request.findOne({ caseNumber: sent.body.caseNumber }).lean();
    expect(stored?.signature).toMatchObject({ identityVerified: true, verified: { signer: true, representation: 'not-applicable' } });
    expect((await get(h, `/api/cases/${sent.body.caseId}`, self)).body).toMatchObject({ isPerson: true, stage: 'assessing' });
  });
});
