// A second request for a person who has an open case: both cases are flagged for staff, a KE case
// worker merges or keeps, and only a signed-in party to the open case is told that it exists.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StaffCaseDetail, StaffCaseListAnswer } from '../../contract/staff-cases.js';
import { Types } from 'mongoose';
import { engineModels } from '../../server/engine/index.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { openCase, type OpenedCase } from '../support/cases.js';
import { fictional, fictionalPerson, getJson, ownRequest, party, signedIn } from './support.js';

const per = fictional('Per Hansen');
const liv = fictional('Liv Berg');
const anne = fictional('Anne Lie');
const kari = fictional('Kari Nordmann');
const ola = fictional('Ola Nordmann');

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
});

afterAll(async () => {
  await app?.close();
});

interface Receipt {
  caseId: string;
  caseNumber: string;
  openCase: { caseNumber: string } | null;
}

async function send(browser: Browser, body: unknown): Promise<Receipt> {
  const res = await browser.api('POST', '/api/requests', body);
  expect(res.status).toBe(201);
  return (await res.json()) as Receipt;
}

const detail = async (userId: string, caseId: string) => (await getJson<StaffCaseDetail>(await signedIn(app, userId), `/api/staff/cases/${caseId}`)).body;
const decide = async (userId: string, caseId: string, body: unknown) => (await signedIn(app, userId)).api('POST', `/api/staff/cases/${caseId}/duplicate`, body);

describe('a second request for the same person', () => {
  let first: Receipt;
  let second: Receipt;

  it('tells the signed-in person that a case is open, and flags both cases for staff', async () => {
    const asKari = await signedIn(app, kari.id);
    first = await send(asKari, ownRequest(party(kari)));
    expect(first.openCase).toBeNull();
    second = await send(asKari, ownRequest(party(kari)));
    expect(second.openCase).toEqual({ caseNumber: first.caseNumber });

    const listed = await getJson<StaffCaseListAnswer>(await signedIn(app, per.id), '/api/staff/cases');
    const flags = Object.fromEntries(listed.body.cases.map((c) => [c.caseNumber, c.duplicateFlag]));
    expect(flags).toEqual({ [first.caseNumber]: true, [second.caseNumber]: true });

    const newer = await detail(per.id, second.caseId);
    expect(newer.duplicates).toEqual([{ id: first.caseId, caseNumber: first.caseNumber, stage: 'assessing', createdAt: expect.any(String) }]);
    expect(newer.actions.resolveDuplicate).toBe(true);
    const older = await detail(per.id, first.caseId);
    expect(older.duplicates.map((d) => d.caseNumber)).toEqual([second.caseNumber]);
  });

  it('tells an anonymous sender, or a signed-in sender who is no party to the open case, nothing; a representative on it is told', async () => {
    const anonymous = new Browser(app.baseUrl);
    await anonymous.session();
    const third = await send(anonymous, ownRequest(party(kari)));
    expect(third.openCase).toBeNull();
    const flagged = await detail(per.id, third.caseId);
    expect(flagged.duplicates.map((d) => d.caseNumber).sort()).toEqual([first.caseNumber, second.caseNumber].sort());

    // Emil's case opened by someone else claiming to be a parent; Ola, his father (in the fictional
    // population register), signs in and sends one too: he is no party to the first case.
    const child = { name: 'Emil Nordmann', nationalId: '03891650050' };
    const parentRequest = (parent: { name: string; nationalId: string }) => ({
      ...ownRequest(child),
      person: { ...(ownRequest(child).person as object), phone: undefined, email: undefined },
      applicantRole: 'parent',
      applicant: { name: parent.name, nationalId: parent.nationalId, relation: 'mor', phone: '41234567' },
      askFor: 'child-coordinator',
      signature: { fullName: parent.name, confirmed: true },
    });
    const byOther = await send(anonymous, parentRequest(fictionalPerson('Lise Fjeld')));
    expect(byOther.openCase).toBeNull();
    const asOla = await signedIn(app, ola.id);
    const byOla = await send(asOla, parentRequest(party(ola)));
    expect(byOla.openCase).toBeNull();
    // His second request finds his own open case, where he is the representative.
    const again = await send(asOla, parentRequest(party(ola)));
    expect(again.openCase).toEqual({ caseNumber: byOla.caseNumber });
  });

  it('flags every pair exactly once when several requests for one person arrive at once', async () => {
    const person = fictionalPerson('Torunn Lid');
    const senders = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const anonymous = new Browser(app.baseUrl);
        await anonymous.session();
        return anonymous;
      }),
    );
    const receipts = await Promise.all(senders.map((sender) => send(sender, ownRequest(person))));
    // Each of the four cases is flagged with each of the other three, whichever request saw whom first.
    for (const receipt of receipts) {
      const others = receipts.filter((other) => other !== receipt).map((other) => other.caseNumber);
      expect((await detail(per.id, receipt.caseId)).duplicates.map((d) => d.caseNumber).sort()).toEqual(others.sort());
    }
    const ids = receipts.map((receipt) => receipt.caseId);
    const flags = await app.db.collection('case_duplicates').find({ openCaseId: { $in: ids.map((id) => new Types.ObjectId(id)) } }).toArray();
    expect(flags).toHaveLength(6);
  });

  it('merges the newer case into the open one: closed, process ended, tasks and timers closed, recorded on both', async () => {
    const { Case } = app.cases!.context.models;
    const { Instance, Task, Timer } = engineModels(app.db);
    const newer = (await Case.findById(second.caseId).lean())!;
    expect(await Task.countDocuments({ instanceId: newer.instanceId, status: { $in: ['open', 'claimed'] } })).toBeGreaterThan(0);
    expect(await Timer.countDocuments({ instanceId: newer.instanceId, status: 'scheduled' })).toBeGreaterThan(0);

    // Several possible duplicates: the worker says which.
    const ambiguous = await decide(per.id, second.caseId, { decision: 'merge' });
    expect(ambiguous.status).toBe(422);
    expect(((await ambiguous.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('otherCaseId');

    const res = await decide(per.id, second.caseId, { decision: 'merge', otherCaseId: first.caseId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'merged', openCaseId: first.caseId, newerCaseId: second.caseId });

    expect((await Case.findById(second.caseId).lean())!.closedAt).toBeInstanceOf(Date);
    expect((await Case.findById(first.caseId).lean())!.closedAt).toBeNull();
    const instance = (await Instance.findById(newer.instanceId).lean())!;
    expect(instance.status).toBe('terminated');
    expect(instance.active).toEqual([]);
    expect(instance.history.at(-1)).toMatchObject({ elementType: 'bpmn:Process', outcome: 'terminated', by: per.id });
    expect(await Task.countDocuments({ instanceId: newer.instanceId, status: { $in: ['open', 'claimed'] } })).toBe(0);
    expect(await Task.countDocuments({ instanceId: newer.instanceId, closedReason: 'instance-ended' })).toBeGreaterThan(0);
    expect(await Timer.countDocuments({ instanceId: newer.instanceId, status: 'scheduled' })).toBe(0);
    // The merged request is kept, unchanged.
    expect(await app.cases!.context.models.Request.countDocuments({ caseId: newer._id })).toBe(1);

    const merged = await detail(per.id, second.caseId);
    expect(merged).toMatchObject({ closed: true, duplicates: [], mergedInto: { id: first.caseId, caseNumber: first.caseNumber } });
    expect(merged.timeline.map((t) => [t.key, t.by])).toEqual(expect.arrayContaining([['merged-into-open-case', 'Per Hansen']]));
    const open = await detail(per.id, first.caseId);
    expect(open.mergedCases.map((c) => c.caseNumber)).toEqual([second.caseNumber]);
    expect(open.timeline.map((t) => [t.key, t.by])).toEqual(expect.arrayContaining([['duplicate-merged-here', 'Per Hansen']]));
    // The merged case no longer counts as a duplicate of the open one.
    expect(open.duplicates.map((d) => d.caseNumber)).not.toContain(second.caseNumber);

    const audited = await app.security.auditLog.model.find({ actorId: per.id, action: 'case.resolve-duplicate', outcome: 'allowed' }).lean();
    expect(new Set(audited.map((e) => e.caseId))).toEqual(new Set([first.caseId, second.caseId]));

    // A closed list shows it.
    const closed = await getJson<StaffCaseListAnswer>(await signedIn(app, per.id), '/api/staff/cases?status=closed');
    expect(closed.body.cases.map((c) => c.caseNumber)).toEqual([second.caseNumber]);
  });

  it('keeps both cases on "keep" and clears the flag; a decided pair is not decided again', async () => {
    const person = fictionalPerson('Sigrid Haugen');
    const helper = fictionalPerson('Tor Haugen');
    const { context } = app.cases!;
    const a = await openCase(context, { person, applicant: helper });
    const b = await openCase(context, { person, applicant: helper });
    const res = await decide(liv.id, a.id, { decision: 'keep' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'kept', openCaseId: a.id, newerCaseId: b.id });
    for (const opened of [a, b]) {
      const page = await detail(per.id, opened.id);
      expect(page).toMatchObject({ closed: false, duplicates: [], actions: { resolveDuplicate: false } });
      expect(page.timeline.map((t) => [t.key, t.by])).toEqual(expect.arrayContaining([['duplicate-kept', 'Liv Berg']]));
    }
    const again = await decide(per.id, b.id, { decision: 'merge' });
    expect(again.status).toBe(409);
  });

  it('lets exactly one of several concurrent decisions win', async () => {
    const person = fictionalPerson('Håkon Brekke');
    const helper = fictionalPerson('Eli Brekke');
    const { context } = app.cases!;
    await openCase(context, { person, applicant: helper });
    const b = await openCase(context, { person, applicant: helper });
    const browsers = await Promise.all([per.id, liv.id, per.id, liv.id, per.id, liv.id].map((id) => signedIn(app, id)));
    const answers = await Promise.all(browsers.map((browser, i) => browser.api('POST', `/api/staff/cases/${b.id}/duplicate`, { decision: i % 2 === 0 ? 'merge' : 'keep' })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409]);
  });

  it('refuses a bad decision, and anyone but the unit’s KE case workers', async () => {
    const person = fictionalPerson('Nils Vik');
    const helper = fictionalPerson('Randi Vik');
    const { context, contextOf } = app.cases!;
    await openCase(context, { person, applicant: helper });
    const b: OpenedCase = await openCase(context, { person, applicant: helper });
    const bad = await decide(per.id, b.id, { decision: 'delete' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ errors: [{ field: 'decision', message: 'Choose "merge" or "keep".' }] });
    await context.models.Case.updateOne({ _id: b.id }, { $set: { coordinatorId: anne.id } });
    expect((await decide(anne.id, b.id, { decision: 'keep' })).status).toBe(403);
    expect((await decide(kari.id, b.id, { decision: 'keep' })).status).toBe(404);
    const elsewhere = await openCase(await contextOf('ke-annen'), { person, applicant: helper });
    expect((await decide(per.id, elsewhere.id, { decision: 'keep' })).status).toBe(404);
    // Nothing was decided by the refused calls.
    expect((await detail(per.id, b.id)).duplicates).toHaveLength(1);
  });
});
