// Oversight over HTTP (the product's app: real sign-in, CSRF, policies and audit on the MongoDB
// wire): deactivating a user with open tasks (shown first, then reassigned or returned as chosen),
// the audit search with paging, action filter and export, and the unit's open incidents.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AdminUser, DeactivateAnswer, OpenTasksAnswer } from '../../contract/admin-users.js';
import type { AuditSearchAnswer } from '../../contract/audit.js';
import type { UnitIncidentsAnswer } from '../../contract/incidents.js';
import { todayInNorway } from '../../forms/national-id.js';
import { auditEntryModel } from '../../server/audit/model.js';
import { engineModels } from '../../server/engine/models/index.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { fictional, getJson, signedIn } from '../staff-cases/support.js';
import { daysAgo, seedCase, type SeededCase } from './seed.js';

const per = fictional('Per Hansen');
const liv = fictional('Liv Berg');
const anne = fictional('Anne Lie');
const arne = fictional('Arne Strand');
const unit = fictionalUnitId;

let app: TestApp;
let admin: Browser;
let mari: AdminUser;
let tor: AdminUser;
let reviews: SeededCase[];
let assessment: SeededCase;
let otherUnitCase: SeededCase;

async function create(body: Record<string, unknown>): Promise<AdminUser> {
  const res = await admin.api('POST', '/api/admin/users', body);
  expect(res.status).toBe(201);
  return ((await res.json()) as { user: AdminUser }).user;
}

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: unit } });
  admin = await signedIn(app, arne.id);
  mari = await create({ name: 'Mari Fjell', role: 'coordinator', login: 'mari.fjell@testvik.no', unitId: unit });
  tor = await create({ name: 'Tor Vik', role: 'coordinator', login: 'tor.vik@testvik.no', unitId: 'ke-annen' });
  const now = new Date();
  const review = (name: string, due: number) =>
    seedCase(app.db, { name, unitId: unit, createdAt: daysAgo(now, 300), coordinatorId: anne.id, waitsAt: ['Task_ReviewPlan'], tasks: [{ formKey: 'review', status: 'claimed', assignee: anne.id, dueDate: daysAgo(now, due) }] });
  reviews = [await review('Eva Eik', 2), await review('Gro Gran', -5)];
  assessment = await seedCase(app.db, { name: 'Berit Bakke', unitId: unit, createdAt: daysAgo(now, 10), waitsAt: ['Task_AssessNeed'], tasks: [{ formKey: 'need-assessment', status: 'claimed', assignee: per.id }] });
  otherUnitCase = await seedCase(app.db, { name: 'Olav Annen', unitId: 'ke-annen', createdAt: daysAgo(now, 10), waitsAt: ['Task_AssessNeed'], tasks: [{ formKey: 'need-assessment', status: 'open' }] });
});

afterAll(async () => {
  await app?.close();
});

const tasksOf = (caseIds: string[]) => engineModels(app.db).Task.find({ caseId: { $in: caseIds } }, { status: 1, assignee: 1 }).lean();

describe('deactivating a user with open tasks', () => {
  it('shows first what happens to their tasks, and who could take over all of them', async () => {
    const { status, body } = await getJson<OpenTasksAnswer>(admin, `/api/admin/users/${anne.id}/open-tasks`);
    expect(status).toBe(200);
    expect(body.tasks.map((t) => t.formKey)).toEqual(['review', 'review']);
    expect(body.tasks[0]!.dueDate! < body.tasks[1]!.dueDate!).toBe(true);
    // Mari coordinates in the same unit; Tor is of another unit; case workers are not offered review tasks.
    expect(body.candidates).toEqual([{ id: mari.id, name: 'Mari Fjell', role: 'coordinator' }]);
    expect(JSON.stringify(body)).not.toMatch(/Eva Eik|IP-\d/);
  });

  it('refuses without a choice, or with a colleague who cannot take the tasks, and changes nothing', async () => {
    const none = await admin.api('POST', `/api/admin/users/${anne.id}/deactivate`, {});
    expect(none.status).toBe(422);
    expect(((await none.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('openTasks');
    for (const toUserId of [tor.id, per.id, anne.id, 'ffffffffffffffffffffffff']) {
      const res = await admin.api('POST', `/api/admin/users/${anne.id}/deactivate`, { openTasks: 'reassign', toUserId }, { 'accept-language': 'nn' });
      expect(res.status).toBe(422);
      const body = (await res.json()) as { errors: { field: string; message: string }[] };
      expect(body.errors[0]).toEqual({ field: 'toUserId', message: 'Vel ein aktiv kollega i same eining som kan ta alle oppgåvene.' });
    }
    const users = (await getJson<{ users: AdminUser[] }>(admin, '/api/admin/users?q=anne')).body.users;
    expect(users.find((u) => u.id === anne.id)?.active).toBe(true);
    expect((await tasksOf(reviews.map((r) => r.id))).every((t) => t.assignee === anne.id)).toBe(true);
  });

  it('reassigns every task to the colleague chosen, ends the user’s sign-in, and audits each move', async () => {
    const anneBrowser = await signedIn(app, anne.id);
    const res = await admin.api('POST', `/api/admin/users/${anne.id}/deactivate`, { openTasks: 'reassign', toUserId: mari.id });
    expect(res.status).toBe(200);
    const body = (await res.json()) as DeactivateAnswer;
    expect(body).toMatchObject({ moved: 2, to: { id: mari.id, name: 'Mari Fjell' }, user: { id: anne.id, active: false } });
    const tasks = await tasksOf(reviews.map((r) => r.id));
    expect(tasks.map((t) => [t.status, t.assignee])).toEqual([
      ['claimed', mari.id],
      ['claimed', mari.id],
    ]);
    expect((await anneBrowser.session()).user).toBeNull();
    const entries = await auditEntryModel(app.db).find({ actorId: arne.id, action: 'task.assign' }).lean();
    expect(entries.map((e) => e.caseId).sort()).toEqual(reviews.map((r) => r.id).sort());
    expect(entries.every((e) => e.unitId === unit && e.targetUserId === mari.id)).toBe(true);
    // Mari finds them in her queue.
    const queue = await getJson<{ tasks: { caseId: string }[] }>(await signedIn(app, mari.id), '/api/tasks?view=mine');
    expect(queue.body.tasks.map((t) => t.caseId).sort()).toEqual(reviews.map((r) => r.id).sort());
  });

  it('returns the tasks to the group queue when that is chosen', async () => {
    const res = await admin.api('POST', `/api/admin/users/${per.id}/deactivate`, { openTasks: 'return' });
    expect(res.status).toBe(200);
    expect((await res.json()) as DeactivateAnswer).toMatchObject({ moved: 1, to: null });
    expect((await tasksOf([assessment.id])).map((t) => [t.status, t.assignee ?? null])).toEqual([['open', null]]);
    const available = await getJson<{ tasks: { caseId: string }[] }>(await signedIn(app, liv.id), '/api/tasks?view=available');
    expect(available.body.tasks.map((t) => t.caseId)).toContain(assessment.id);
    // Per back, for the tests after.
    expect((await admin.api('PATCH', `/api/admin/users/${per.id}`, { active: true })).status).toBe(200);
  });

  it('is an admin’s to do, never on themselves', async () => {
    expect((await (await signedIn(app, liv.id)).api('POST', `/api/admin/users/${mari.id}/deactivate`, { openTasks: 'return' })).status).toBe(403);
    expect((await admin.api('POST', `/api/admin/users/${arne.id}/deactivate`, {})).status).toBe(400);
  });
});

describe('the audit search', () => {
  beforeAll(async () => {
    // 120 entries of the unit's cases, a known mix of actions, and some of another unit.
    const base = new Date('2025-06-01T10:00:00Z').getTime();
    const docs = Array.from({ length: 140 }, (_, i) => ({
      _id: `a${String(i).padStart(23, '0')}`,
      time: new Date(base + i * 60_000),
      actorId: i % 2 === 0 ? per.id : anne.id,
      actorName: i % 2 === 0 ? 'Per Hansen' : 'Anne Lie',
      actorRole: i % 2 === 0 ? 'ke-caseworker' : 'coordinator',
      action: i % 3 === 0 ? 'case.read' : i % 3 === 1 ? 'plan.update' : 'case.list',
      outcome: 'allowed',
      caseId: i < 120 ? reviews[0]!.id : otherUnitCase.id,
      unitId: i < 120 ? unit : 'ke-annen',
      route: 'GET /api/staff/cases/:id',
    }));
    await auditEntryModel(app.db).insertMany(docs);
  });

  const search = async (browser: Browser, query: string) => getJson<AuditSearchAnswer>(browser, `/api/audit${query}`);

  it('pages through the lead’s unit, newest first, with the total', async () => {
    const lead = await signedIn(app, liv.id);
    const query = '?from=2025-06-01&to=2025-06-01&pageSize=50';
    const first = await search(lead, query);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 120, page: 1, pageSize: 50 });
    expect(first.body.entries).toHaveLength(50);
    expect(first.body.entries[0]!.time).toBe(new Date(new Date('2025-06-01T10:00:00Z').getTime() + 119 * 60_000).toISOString());
    const last = await search(lead, `${query}&page=3`);
    expect(last.body.entries).toHaveLength(20);
    expect(last.body.entries.at(-1)!.time).toBe('2025-06-01T10:00:00.000Z');
    const times = new Set([...first.body.entries, ...(await search(lead, `${query}&page=2`)).body.entries, ...last.body.entries].map((e) => e.time));
    expect(times.size).toBe(120);
    expect([...first.body.entries, ...last.body.entries].every((e) => e.unitId === unit)).toBe(true);
  });

  it('walks the same entries by cursor, without counting again', async () => {
    const lead = await signedIn(app, liv.id);
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const url: string = `/api/audit?from=2025-06-01&to=2025-06-01&pageSize=50${next ? `&after=${encodeURIComponent(next)}` : ''}`;
      const answer: { status: number; body: { entries: { time: string }[]; total: number | null; next: string | null } } = await getJson(lead, url);
      const { status, body } = answer;
      expect(status).toBe(200);
      if (next) expect(body.total).toBeNull();
      seen.push(...body.entries.map((entry: { time: string }) => entry.time));
      next = body.next;
    } while (next);
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect([...seen].sort().reverse()).toEqual(seen);
    expect((await getJson<{ errors: { field: string }[] }>(lead, '/api/audit?after=yesterday')).body.errors[0]?.field).toBe('after');
  });

  it('pages by cursor both ways: older with after=next, newer with before=previous, never onto an empty page', async () => {
    const lead = await signedIn(app, liv.id);
    type Page = { status: number; body: AuditSearchAnswer };
    const day = '?from=2025-06-01&to=2025-06-01&pageSize=40';
    const pages: Page[] = [await search(lead, day)];
    expect(pages[0]!.body).toMatchObject({ total: 120, page: 1, previous: null });
    while (pages.at(-1)!.body.next) pages.push(await search(lead, `${day}&after=${encodeURIComponent(pages.at(-1)!.body.next!)}`));
    // 120 entries in pages of 40: three full pages, and the third says there is nothing after it.
    expect(pages.map((p) => [p.status, p.body.entries.length, p.body.total])).toEqual([
      [200, 40, 120],
      [200, 40, null],
      [200, 40, null],
    ]);
    const times = pages.flatMap((p) => p.body.entries.map((e) => e.time));
    expect(new Set(times).size).toBe(120);
    expect([...times].sort().reverse()).toEqual(times);
    // Back from the last page: the same pages, newest first within each, and no page before the first.
    const back = await search(lead, `${day}&before=${encodeURIComponent(pages[2]!.body.previous!)}`);
    expect(back.body.entries.map((e) => e.time)).toEqual(pages[1]!.body.entries.map((e) => e.time));
    const top = await search(lead, `${day}&before=${encodeURIComponent(back.body.previous!)}`);
    expect(top.body.entries.map((e) => e.time)).toEqual(pages[0]!.body.entries.map((e) => e.time));
    expect(top.body).toMatchObject({ previous: null, total: null, page: null });
    expect(top.body.next).toBe(pages[0]!.body.next);

    for (const [query, field] of [
      [`${day}&after=${encodeURIComponent(pages[0]!.body.next!)}&before=${encodeURIComponent(pages[0]!.body.next!)}`, 'before'],
      [`${day}&after=${encodeURIComponent(pages[0]!.body.next!)}&page=2`, 'page'],
      [`${day}&before=2025-06-01`, 'before'],
    ] as const) {
      const { status, body } = await getJson<{ errors: { field: string }[] }>(lead, `/api/audit${query}`);
      expect({ query, status, field: body.errors?.[0]?.field }).toEqual({ query, status: 400, field });
    }
  });

  it('names each entry’s case by its number and a lead as the unit’s lead', async () => {
    const lead = await signedIn(app, liv.id);
    const { body } = await search(lead, `?caseId=${reviews[0]!.caseNumber}&from=2025-06-01&to=2025-06-01&pageSize=5`);
    expect(body.entries.map((e) => [e.caseId, e.caseNumber])).toEqual(Array.from({ length: 5 }, () => [reviews[0]!.id, reviews[0]!.caseNumber]));
    expect(body.entries.every((e) => e.actorLead === false)).toBe(true);
    // Her own search just above is in the log (naming the case she searched for), recorded as the lead's.
    const own = await search(lead, `?actorId=${liv.id}&action=audit.search&pageSize=1`);
    expect(own.body.entries[0]).toMatchObject({ actorName: 'Liv Berg', actorRole: 'ke-caseworker', actorLead: true, caseNumber: reviews[0]!.caseNumber });
  });

  it('filters by action, a resource’s actions, user and a day in Norway', async () => {
    const lead = await signedIn(app, liv.id);
    const day = '&from=2025-06-01&to=2025-06-01';
    expect((await search(lead, `?action=plan.update${day}`)).body.total).toBe(40);
    expect((await search(lead, `?action=case.${day}`)).body.total).toBe(80);
    expect((await search(lead, `?action=case.read&actorId=${per.id}${day}`)).body.total).toBe(20);
    // 2025-06-01 10:00Z is 12:00 in Norway: the day before finds none of them.
    expect((await search(lead, '?from=2025-05-31&to=2025-05-31')).body.total).toBe(0);
    const admins = await search(admin, `?action=case.read${day}`);
    expect(admins.body.total).toBe(47);
  });

  it('exports every entry found as CSV for the data protection officer, and audits the export', async () => {
    const lead = await signedIn(app, liv.id);
    const dayBefore = todayInNorway();
    const res = await lead.api('GET', '/api/audit?from=2025-06-01&to=2025-06-01&format=csv', undefined, { 'accept-language': 'nb' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    // Named by the day in Norway (the request may have crossed midnight).
    expect([`attachment; filename="audit-${dayBefore}.csv"`, `attachment; filename="audit-${todayInNorway()}.csv"`]).toContain(res.headers.get('content-disposition'));
    const lines = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"Tid","Navn","Bruker-id","Rolle","Handling","Utfall","Sak","Enhet","Gjelder bruker","Rute","Detalj"');
    expect(lines).toHaveLength(121);
    expect(lines[1]).toMatch(/^"2025-06-01T11:59:00.000Z","Anne Lie",/);
    expect(await auditEntryModel(app.db).countDocuments({ actorId: liv.id, action: 'audit.export', unitId: unit })).toBe(1);
  });

  it('refuses bad parameters naming them', async () => {
    const lead = await signedIn(app, liv.id);
    for (const [query, field] of [
      ['?action=Case.Read', 'action'],
      ['?page=0', 'page'],
      ['?pageSize=5000', 'pageSize'],
      ['?from=2025-02-30', 'from'],
      ['?format=pdf', 'format'],
    ] as const) {
      const { status, body } = await getJson<{ errors: { field: string }[] }>(lead, `/api/audit${query}`);
      expect({ query, status, field: body.errors[0]?.field }).toEqual({ query, status: 400, field });
    }
  });
});

describe('the unit’s incidents', () => {
  beforeAll(async () => {
    const at = new Date();
    const incident = (c: SeededCase, elementId: string) => ({
      _id: `${c.instanceId}-${elementId}-x`,
      kind: 'service' as const,
      instanceId: c.instanceId,
      caseId: c.id,
      processKey: 'individual-plan',
      elementId,
      attempts: 3,
      lastError: 'letter service unavailable',
      status: 'open' as const,
      createdAt: at,
      updatedAt: at,
    });
    await engineModels(app.db).Incident.create([incident(reviews[1]!, 'Task_SendInterimReply'), incident(otherUnitCase, 'Task_SendDecisionLetter')]);
  });

  it('lists the open incidents of the unit with their case, for its KE case workers, audited per case', async () => {
    const { status, body } = await getJson<UnitIncidentsAnswer>(await signedIn(app, per.id), '/api/incidents');
    expect(status).toBe(200);
    expect(body.incidents).toEqual([
      expect.objectContaining({ caseId: reviews[1]!.id, caseNumber: reviews[1]!.caseNumber, personName: 'Gro Gran', elementId: 'Task_SendInterimReply', error: 'letter service unavailable', attempts: 3, status: 'open' }),
    ]);
    expect(await auditEntryModel(app.db).countDocuments({ actorId: per.id, action: 'incident.read', caseId: reviews[1]!.id })).toBe(1);
    for (const user of [mari.id, arne.id]) expect((await getJson(await signedIn(app, user), '/api/incidents')).status).toBe(403);
  });
});
