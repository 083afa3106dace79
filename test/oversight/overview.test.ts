// The coordinating unit's overview over HTTP (the product's app: real sign-in, CSRF, policies and
// audit, on the MongoDB wire): every figure against seeded cases with known answers, the period's
// edges in Norwegian days, the list behind each number, the CSV download, access and bad input.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { OverviewAnswer } from '../../contract/overview.js';
import type { StaffCaseListAnswer } from '../../contract/staff-cases.js';
import { auditEntryModel } from '../../server/audit/model.js';
import { userModel } from '../../server/users/model.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { startTestApp, type TestApp } from '../support/auth.js';
import { fictional, getJson, signedIn } from '../staff-cases/support.js';
import { daysAgo, seedCase, type SeededCase } from './seed.js';

const per = fictional('Per Hansen');
const liv = fictional('Liv Berg');
const anne = fictional('Anne Lie');
const arne = fictional('Arne Strand');
const kari = fictional('Kari Nordmann');
const unit = fictionalUnitId;
const otherUnit = 'ke-annen';
const mariId = 'c00000000000000000000001';

let app: TestApp;
const seeded: Record<string, SeededCase> = {};
const granted = (decidedOn: string) => ({ decision: 'plan-and-coordinator', decidedOn });

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: unit } });
  const now = new Date();
  const ago = (days: number) => daysAgo(now, days);
  const at = new Date();
  // A second coordinator of the unit with no cases, and one of another unit (never listed).
  await userModel(app.db).create([
    { _id: mariId, name: 'Mari Fjell', role: 'coordinator', active: true, login: 'mari.fjell@test', unitId: unit, createdAt: at, updatedAt: at },
    { _id: 'c00000000000000000000002', name: 'Tor Vik', role: 'coordinator', active: true, login: 'tor.vik@test', unitId: otherUnit, createdAt: at, updatedAt: at },
  ]);
  const db = app.db;
  // Now: three waiting for the assessment (40, 25 and 5 days), one of them with its interim reply due in 5 days.
  seeded.a = await seedCase(db, { name: 'Aud Aasen', unitId: unit, createdAt: ago(40), waitsAt: ['Task_AssessNeed'], tasks: [{ formKey: 'need-assessment', status: 'open' }] });
  seeded.b = await seedCase(db, {
    name: 'Berit Bakke',
    unitId: unit,
    createdAt: ago(25),
    waitsAt: ['Task_AssessNeed'],
    tasks: [{ formKey: 'need-assessment', status: 'claimed', assignee: per.id }],
    timers: [{ elementId: 'BoundaryEvent_InterimReplyDue', dueAt: ago(-5) }],
  });
  seeded.c = await seedCase(db, {
    name: 'Cato Caspersen',
    unitId: unit,
    createdAt: ago(5),
    waitsAt: ['Task_AssessNeed'],
    tasks: [{ formKey: 'need-assessment', status: 'open' }],
    timers: [{ elementId: 'BoundaryEvent_InterimReplyDue', dueAt: ago(-25) }],
  });
  // Granted, no coordinator yet.
  seeded.d = await seedCase(db, {
    name: 'Dag Dale',
    unitId: unit,
    createdAt: ago(30),
    waitsAt: ['Task_AppointCoordinator'],
    tasks: [{ formKey: 'need-assessment', status: 'completed', closedAt: ago(20), output: granted('2026-11-12'), completedBy: per.id }],
  });
  // Active plans coordinated by Anne: review overdue and untouched for 200 days; review in 10 days; untouched for 100 days.
  const plan = (approvedDaysAgo: number) => [
    { formKey: 'need-assessment' as const, status: 'completed' as const, closedAt: ago(approvedDaysAgo + 30), output: granted('2023-06-01'), completedBy: per.id },
    { formKey: 'coordinator-appointment' as const, status: 'completed' as const, closedAt: ago(approvedDaysAgo + 20), completedBy: per.id },
    { formKey: 'plan-approval' as const, status: 'completed' as const, closedAt: ago(approvedDaysAgo), output: { approved: true }, completedBy: kari.id },
  ];
  seeded.e = await seedCase(db, {
    name: 'Eva Eik',
    unitId: unit,
    createdAt: ago(260),
    coordinatorId: anne.id,
    waitsAt: ['Task_ReviewPlan'],
    tasks: [...plan(200), { formKey: 'review', status: 'claimed', assignee: anne.id, dueDate: ago(2) }],
  });
  seeded.f = await seedCase(db, { name: 'Frode Fossum', unitId: unit, createdAt: ago(80), coordinatorId: anne.id, waitsAt: ['Event_ReviewDue'], tasks: plan(20), timers: [{ elementId: 'Event_ReviewDue', dueAt: ago(-10) }] });
  seeded.g = await seedCase(db, { name: 'Gro Gran', unitId: unit, createdAt: ago(160), coordinatorId: anne.id, waitsAt: ['Event_ReviewDue'], tasks: plan(100), timers: [{ elementId: 'Event_ReviewDue', dueAt: ago(-80) }] });

  // The period 2025-01-01 to 2025-03-31 (Norway: UTC+1 in winter, UTC+2 from 30 March).
  const closed = { waitsAt: 'closed' as const, unitId: unit };
  seeded.p1 = await seedCase(db, {
    ...closed,
    name: 'Per Første',
    createdAt: new Date('2024-12-31T23:00:00.000Z'), // 1 January, 00:00 in Norway: inside
    closedAt: new Date('2025-03-31T21:59:59.000Z'), // 31 March, 23:59:59 in Norway
    tasks: [
      { formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-01-02T10:00:00Z'), output: granted('2025-01-01') },
      { formKey: 'coordinator-appointment', status: 'completed', closedAt: new Date('2025-01-10T23:00:00.000Z') }, // 10 days
      { formKey: 'plan-approval', status: 'completed', closedAt: new Date('2025-02-01T10:00:00Z'), output: { approved: true } },
    ],
  });
  seeded.p2 = await seedCase(db, {
    ...closed,
    name: 'Pål Før',
    createdAt: new Date('2024-12-31T22:59:59.999Z'), // 31 December in Norway: outside
    closedAt: new Date('2025-01-05T10:00:00Z'),
    tasks: [{ formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-01-05T10:00:00Z'), output: { decision: 'reject', decidedOn: '2024-12-31' } }],
  });
  seeded.p3 = await seedCase(db, {
    ...closed,
    name: 'Pia Siste',
    createdAt: new Date('2025-03-31T21:59:59.999Z'), // 31 March, 23:59:59.999 in Norway: inside
    closedAt: new Date('2025-05-01T10:00:00Z'),
    tasks: [
      { formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-04-01T08:00:00Z'), output: granted('2025-03-31') },
      { formKey: 'coordinator-appointment', status: 'completed', closedAt: new Date('2025-04-04T10:00:00Z') }, // April: outside
    ],
  });
  seeded.p4 = await seedCase(db, {
    ...closed,
    name: 'Pernille Etter',
    createdAt: new Date('2025-03-31T22:00:00.000Z'), // 1 April in Norway: outside
    closedAt: new Date('2025-04-02T10:00:00Z'),
    tasks: [{ formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-04-01T10:00:00Z'), output: { decision: 'reject', decidedOn: '2025-04-01' } }],
  });
  seeded.h = await seedCase(db, {
    ...closed,
    name: 'Hege Holm',
    createdAt: new Date('2025-02-01T10:00:00Z'),
    closedAt: new Date('2025-02-16T10:00:00Z'),
    tasks: [{ formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-02-16T10:00:00Z'), output: { decision: 'reject', decidedOn: '2025-02-15' } }],
  });
  seeded.q = await seedCase(db, {
    ...closed,
    name: 'Kristin Kvam',
    createdAt: new Date('2025-02-01T10:00:00Z'),
    closedAt: new Date('2025-06-01T10:00:00Z'),
    tasks: [
      { formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-02-10T10:00:00Z'), output: granted('2025-02-10') },
      { formKey: 'coordinator-appointment', status: 'completed', closedAt: new Date('2025-02-21T10:00:00Z') }, // 20 days
      { formKey: 'plan-approval', status: 'completed', closedAt: new Date('2025-03-01T10:00:00Z'), output: { approved: true } },
    ],
  });
  // The same person's second case with an approved plan: one person, not two.
  seeded.q2 = await seedCase(db, {
    ...closed,
    name: 'Kristin Kvam',
    nationalId: seeded.q.nationalId,
    createdAt: new Date('2024-11-01T10:00:00Z'),
    closedAt: new Date('2025-04-10T10:00:00Z'),
    tasks: [{ formKey: 'plan-approval', status: 'completed', closedAt: new Date('2025-03-15T10:00:00Z'), output: { approved: true } }],
  });
  seeded.r = await seedCase(db, {
    ...closed,
    name: 'Rune Rud',
    createdAt: new Date('2025-03-01T12:00:00Z'),
    closedAt: new Date('2025-05-01T10:00:00Z'),
    tasks: [
      { formKey: 'need-assessment', status: 'completed', closedAt: new Date('2025-03-05T10:00:00Z'), output: granted('2025-03-05') },
      { formKey: 'coordinator-appointment', status: 'completed', closedAt: new Date('2025-03-31T12:00:00Z') }, // 30 days
      { formKey: 'plan-approval', status: 'completed', closedAt: new Date('2025-04-05T10:00:00Z'), output: { approved: false } },
    ],
  });
  // Another unit's case, like every kind above: never counted, never listed.
  seeded.other = await seedCase(db, {
    name: 'Olav Annen',
    unitId: otherUnit,
    createdAt: new Date('2025-02-01T10:00:00Z'),
    coordinatorId: anne.id,
    waitsAt: ['Task_ReviewPlan'],
    tasks: [...plan(200), { formKey: 'review', status: 'open', dueDate: ago(3) }],
    timers: [{ elementId: 'BoundaryEvent_InterimReplyDue', dueAt: ago(-1) }],
  });
});

afterAll(async () => {
  await app?.close();
});

const overview = async (userId: string, query = '') => getJson<OverviewAnswer>(await signedIn(app, userId), `/api/overview${query}`);
const listed = async (link: string) => {
  const { status, body } = await getJson<StaffCaseListAnswer>(await signedIn(app, per.id), `/api/staff/cases${link.slice('/saker'.length)}`);
  expect(status).toBe(200);
  return body.cases.map((c) => c.caseNumber).sort();
};
const numbers = (...keys: string[]) => keys.map((key) => seeded[key]!.caseNumber).sort();
const period = '?from=2025-01-01&to=2025-03-31';

describe('the unit’s overview', () => {
  it('counts what needs attention now, each number with the list behind it', async () => {
    const { status, body } = await overview(liv.id, period);
    expect(status).toBe(200);
    expect(body.unitId).toBe(unit);
    expect(body.openCases.count).toBe(7);
    expect(body.closedCases.count).toBe(8);
    expect(body.byStage.map((s) => [s.stage, s.count])).toEqual([
      ['assessing', 3],
      ['appointing', 1],
      ['active', 2],
      ['reviewing', 1],
    ]);
    expect(body.waitingAssessment).toMatchObject({ count: 3, oldestDays: 40, medianDays: 25 });
    expect(body.interimRepliesDue.count).toBe(1);
    expect(body.withoutCoordinator.count).toBe(1);
    expect(body.reviewOverdue.count).toBe(1);
    expect(body.reviewDueSoon.count).toBe(1);
    expect(body.inactive.count).toBe(2);

    expect(await listed(body.waitingAssessment.link)).toEqual(numbers('a', 'b', 'c'));
    expect(await listed(body.interimRepliesDue.link)).toEqual(numbers('b'));
    expect(await listed(body.withoutCoordinator.link)).toEqual(numbers('d'));
    expect(await listed(body.reviewOverdue.link)).toEqual(numbers('e'));
    expect(await listed(body.reviewDueSoon.link)).toEqual(numbers('f'));
    expect(await listed(body.inactive.link)).toEqual(numbers('e', 'g'));
    expect(await listed(body.byStage.find((s) => s.stage === 'active')!.link)).toEqual(numbers('f', 'g'));
    expect(await listed(body.closedCases.link)).toHaveLength(8);
  });

  it('lists the unit’s active coordinators with their open cases, fewest first, linking to their cases', async () => {
    const { body } = await overview(per.id);
    expect(body.coordinators.map((c) => [c.name, c.count])).toEqual([
      ['Mari Fjell', 0],
      ['Anne Lie', 3],
    ]);
    expect(await listed(body.coordinators[1]!.link)).toEqual(numbers('e', 'f', 'g'));
  });

  it('counts the period in Norwegian days, both ends included', async () => {
    const { body } = await overview(liv.id, period);
    const p = body.period;
    expect(p).toMatchObject({ from: '2025-01-01', to: '2025-03-31', at: '2025-03-31' });
    expect(p.received.count).toBe(5);
    expect(await listed(p.received.link)).toEqual(numbers('p1', 'p3', 'h', 'q', 'r'));
    expect(p.granted.count).toBe(4);
    expect(await listed(p.granted.link)).toEqual(numbers('p1', 'p3', 'q', 'r'));
    expect(p.rejected.count).toBe(1);
    expect(await listed(p.rejected.link)).toEqual(numbers('h'));
    expect(p.medianDaysToCoordinator).toMatchObject({ count: 3, days: 20 });
    expect(await listed(p.medianDaysToCoordinator.link)).toEqual(numbers('p1', 'q', 'r'));
    // At 31 March: Kristin Kvam's two cases are one person; Per Første's case closed that day.
    expect(p.peopleWithActivePlan.count).toBe(1);
    expect(await listed(p.peopleWithActivePlan.link)).toEqual(numbers('q', 'q2'));
  });

  it('moves with the period and the date asked for', async () => {
    const dayBefore = (await overview(liv.id, `${period}&at=2025-03-30`)).body.period;
    expect(dayBefore.peopleWithActivePlan.count).toBe(2);
    const winter = (await overview(liv.id, '?from=2024-12-31&to=2025-01-01')).body.period;
    expect(winter.received.count).toBe(2);
    expect(winter.rejected.count).toBe(1);
    expect(winter.granted.count).toBe(1);
    const april = (await overview(liv.id, '?from=2025-04-01&to=2025-04-30')).body.period;
    expect(april).toMatchObject({ received: { count: 1 }, rejected: { count: 1 }, granted: { count: 0 }, medianDaysToCoordinator: { count: 1, days: 3.5 } });
    const longer = (await overview(liv.id, '?inactiveDays=150')).body;
    expect(longer.inactive.count).toBe(1);
    expect(longer.inactive.link).toBe('/saker?flag=inactive&inactiveDays=150');
    expect(await listed(longer.inactive.link)).toEqual(numbers('e'));
  });

  it('downloads the same figures as CSV in the reader’s language', async () => {
    const browser = await signedIn(app, liv.id);
    const res = await browser.api('GET', `/api/overview${period}&format=csv`, undefined, { 'accept-language': 'nn' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="overview-ke-eksempel-2025-01-01-2025-03-31\.csv"/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"Del","Tal","Tal på","Dagar","Liste"');
    expect(lines).toContain('"No","Evaluering på overtid","1","","/saker?flag=review-overdue"');
    expect(lines).toContain('"No","Ventar på vurdering (lengste ventetid)","3","40","/saker?flag=waiting-assessment"');
    expect(lines).toContain('"Periode 2025-01-01–2025-03-31","Median dagar frå oppmoding til koordinator","3","20","/saker?flag=appointed&from=2025-01-01&to=2025-03-31"');
    expect(lines).toContain('"Periode 2025-01-01–2025-03-31","Personar med aktiv plan 2025-03-31","1","","/saker?flag=active-plan&at=2025-03-31"');
  });

  it('is audited with the unit, as read or export', async () => {
    const entries = await auditEntryModel(app.db).find({ actorId: liv.id, action: { $in: ['overview.read', 'overview.export'] } }).lean();
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.unitId === unit && e.outcome === 'allowed')).toBe(true);
    expect(entries.map((e) => e.action)).toContain('overview.export');
  });

  it('is for the unit’s KE case workers only', async () => {
    for (const user of [anne, arne, kari]) expect((await overview(user.id)).status).toBe(403);
  });

  it('refuses bad settings naming the parameter, in the reader’s language', async () => {
    const browser = await signedIn(app, liv.id);
    const cases: [string, string][] = [
      ['?from=2026-02-30', 'from'],
      ['?to=31.03.2026', 'to'],
      ['?from=2026-04-01&to=2026-03-31', 'from'],
      ['?inactiveDays=0', 'inactiveDays'],
      ['?format=xlsx', 'format'],
    ];
    for (const [query, field] of cases) {
      const res = await browser.api('GET', `/api/overview${query}`, undefined, { 'accept-language': 'en' });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(body.errors[0]?.field).toBe(field);
      expect(body.errors[0]?.message).toMatch(/must/);
    }
    const flag = await getJson<{ errors: { field: string }[] }>(browser, '/api/staff/cases?flag=lost');
    expect(flag.status).toBe(400);
    expect(flag.body.errors[0]?.field).toBe('flag');
  });
});
