import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { StaffUsersAnswer, TaskCompleteAnswer, TaskDetail, TaskListItem } from '../../contract/tasks.js';
import { formsByKey } from '../../forms/index.js';
import { makeNationalId } from '../../forms/national-id.js';
import { requestForm } from '../../forms/request.js';
import { engineModels, type TaskDoc } from '../../server/engine/index.js';
import { labelUnlabelledTasks } from '../../server/tasks/backfill.js';
import { fictionalUnitId, fictionalUsers } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { completeOpenTask, grantedAssessment, openCase, type OpenedCase, type Party } from '../support/cases.js';

/**
 * The task actions over HTTP on real cases (the request command and the real process): claim,
 * draft, complete with the forms' validation, the coordinator appointment, assign and unclaim, and
 * what each role may do, with messages naming who has the task.
 */
const user = (name: string) => fictionalUsers.find((u) => u.name === name)!;
const per = user('Per Hansen');
const anne = user('Anne Lie');
const party = (name: string, birthDate: string, individual: number): Party => ({ name, nationalId: makeNationalId(birthDate, { synthetic: true, individual }) });

let app: TestApp;
const browsers: Record<string, Browser> = {};
let theCase: OpenedCase;
let otherUnitCase: OpenedCase;
let eva: { id: string };

async function signedIn(name: string): Promise<Browser> {
  const browser = new Browser(app.baseUrl);
  await browser.signInDev(user(name).id);
  return browser;
}

async function openTask(opened: OpenedCase, elementId: string): Promise<TaskDoc> {
  const task = await engineModels(app.db).Task.findOne({ instanceId: opened.instanceId, elementId, status: { $in: ['open', 'claimed'] } }).lean<TaskDoc>();
  if (!task) throw new Error(`no open ${elementId}`);
  return task;
}

async function call(browser: Browser, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await browser.api(method, path, body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const message = (body: Record<string, unknown>) => (body.errors as Array<{ message: string }>)[0]!.message;

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
  theCase = await openCase(app.cases!.context, { person: party('Ørjan Åsheim', '1980-04-02', 110), applicant: party('Sigrun Åsheim', '1982-06-07', 120) });
  otherUnitCase = await openCase(await app.cases!.contextOf('ke-annen'), { person: party('Skjult Person', '1975-01-03', 130), applicant: party('Skjult Fullmektig', '1975-01-04', 140) });
  eva = await app.security.users.createStaff({ name: 'Eva Koordinator', role: 'coordinator', login: 'eva.koordinator@testvik.no', unitId: fictionalUnitId });
  for (const name of ['Per Hansen', 'Liv Berg', 'Anne Lie']) browsers[name] = await signedIn(name);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('the task actions', () => {
  it('claim, draft and complete the need assessment: refusals change nothing and name who has the task', async () => {
    const task = await openTask(theCase, 'Task_AssessNeed');
    expect(task.labels).toMatchObject({ unitId: fictionalUnitId, caseNumber: theCase.caseNumber, personName: 'Ørjan Åsheim' });
    const path = `/api/tasks/${task._id}`;

    // Complete before claiming: refused.
    expect((await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data: grantedAssessment })).status).toBe(403);

    const claimed = await call(browsers['Per Hansen']!, 'POST', `${path}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ id: task._id, status: 'claimed', assignee: { id: per.id, name: 'Per Hansen' }, personName: 'Ørjan Åsheim', actions: { claim: false, unclaim: true, complete: true } });

    const taken = await call(browsers['Liv Berg']!, 'POST', `${path}/claim`);
    expect(taken.status).toBe(409);
    expect(message(taken.body)).toBe('The task has already been claimed by Per Hansen.');

    const notYours = await call(browsers['Liv Berg']!, 'POST', `${path}/complete`, { data: grantedAssessment });
    expect(notYours.status).toBe(403);
    expect(message(notYours.body)).toContain('Per Hansen');

    // A draft survives a reload; only the assignee saves one.
    const draft = { needs: 'Trenger hjelp med å samordne tjenestene.', decision: 'plan-and-coordinator' };
    const saved = await call(browsers['Per Hansen']!, 'PUT', `${path}/draft`, { data: draft });
    expect(saved.status).toBe(200);
    expect(typeof saved.body.draftSavedAt).toBe('string');
    expect((await call(browsers['Liv Berg']!, 'PUT', `${path}/draft`, { data: draft })).status).toBe(403);
    expect((await call(browsers['Per Hansen']!, 'PUT', `${path}/draft`, { data: 'text' })).status).toBe(400);
    const detail = (await call(browsers['Per Hansen']!, 'GET', path)).body as unknown as TaskDetail;
    expect(detail.draft).toEqual(draft);
    expect(detail.draftSavedAt).toBe(saved.body.draftSavedAt);

    // Invalid data: 422 field by field, the process does not move.
    const before = await app.cases!.engine.runtime.getInstance({ instanceId: theCase.instanceId });
    const invalid = await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data: { decision: 'maybe', decidedOn: 'soon' } });
    expect(invalid.status).toBe(422);
    const fields = (invalid.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['decision', 'decidedOn', 'needs']));
    const after = await app.cases!.engine.runtime.getInstance({ instanceId: theCase.instanceId });
    expect(after).toEqual(before);
    expect((await openTask(theCase, 'Task_AssessNeed'))._id).toBe(task._id);

    const completed = await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data: grantedAssessment });
    expect(completed.status).toBe(200);
    const appointment = await openTask(theCase, 'Task_AppointCoordinator');
    expect(completed.body as unknown as TaskCompleteAnswer).toEqual({ nextTaskId: appointment._id });
    const again = await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data: grantedAssessment });
    expect(again.status).toBe(409);
    expect(message(again.body)).toBe('The task has already been completed by Per Hansen.');
    expect((await call(browsers['Per Hansen']!, 'POST', `${path}/claim`)).status).toBe(409);
  });

  it('appoints a coordinator of the unit from the user record, with the person’s wish as prefill', async () => {
    const task = await openTask(theCase, 'Task_AppointCoordinator');
    const path = `/api/tasks/${task._id}`;
    const detail = (await call(browsers['Per Hansen']!, 'GET', path)).body as unknown as TaskDetail;
    expect(detail.prefill).toEqual({ personWish: requestForm.example.wishedCoordinator });
    expect(detail.draft).toBeNull();

    const staff = (await call(browsers['Per Hansen']!, 'GET', '/api/staff/users?role=coordinator')).body as unknown as StaffUsersAnswer;
    expect(staff.users.map((u) => u.name)).toEqual(['Anne Lie', 'Eva Koordinator']);
    expect(staff.users[0]).toEqual({ id: anne.id, name: 'Anne Lie', role: 'coordinator', email: null, openCases: 0 });
    expect((await call(browsers['Per Hansen']!, 'GET', '/api/staff/users?role=admin')).status).toBe(400);

    expect((await call(browsers['Per Hansen']!, 'POST', `${path}/claim`)).status).toBe(200);
    const data = { ...formsByKey['coordinator-appointment'].example, coordinatorUserId: per.id, coordinatorName: 'Feil Navn', establishResponsibilityGroup: false };
    const before = await app.cases!.engine.runtime.getInstance({ instanceId: theCase.instanceId });
    const refused = await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data });
    expect(refused.status).toBe(422);
    expect((refused.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['coordinatorUserId']);
    expect(await app.cases!.engine.runtime.getInstance({ instanceId: theCase.instanceId })).toEqual(before);

    const done = await call(browsers['Per Hansen']!, 'POST', `${path}/complete`, { data: { ...data, coordinatorUserId: anne.id } });
    expect(done.status).toBe(200);
    const instance = await app.cases!.engine.runtime.getInstance({ instanceId: theCase.instanceId });
    expect(instance.variables.appointment).toMatchObject({ coordinatorUserId: anne.id, coordinatorName: 'Anne Lie' });
  });

  it('gives the coordinator their task, which they may hand over to another coordinator of the unit', async () => {
    const task = await openTask(theCase, 'Task_DraftPlan');
    expect(task.assignee).toBe(anne.id);
    const anneBrowser = browsers['Anne Lie']!;
    const mine = (await call(anneBrowser, 'GET', '/api/tasks?view=mine')).body as { tasks: TaskListItem[]; counts: Record<string, number> };
    expect(mine.tasks.map((t) => t.id)).toEqual([task._id]);
    expect(mine.tasks[0]!.actions).toEqual({ claim: false, unclaim: true, assign: true, complete: true });

    // Not to herself, not to a case worker; to Eva, yes.
    expect((await call(anneBrowser, 'POST', `/api/tasks/${task._id}/assign`, { userId: anne.id })).status).toBe(422);
    expect((await call(anneBrowser, 'POST', `/api/tasks/${task._id}/assign`, { userId: per.id })).status).toBe(422);
    expect((await call(browsers['Per Hansen']!, 'POST', `/api/tasks/${task._id}/assign`, { userId: eva.id })).status).toBe(403);
    const handed = await call(anneBrowser, 'POST', `/api/tasks/${task._id}/assign`, { userId: eva.id });
    expect(handed.status).toBe(200);
    expect(await engineModels(app.db).Task.findById(task._id).lean()).toMatchObject({ assignee: eva.id, status: 'claimed' });
    expect((await call(anneBrowser, 'GET', `/api/tasks/${task._id}`)).status).toBe(404);
  });

  it('the responsibility group names its members who use the product from the list of group members, and only them', async () => {
    const opened = await openCase(app.cases!.context, { person: party('Lars Myhre', '1985-05-05', 190), applicant: party('Siv Myhre', '1984-06-06', 200) });
    await completeOpenTask(app.cases!.context, opened, 'Task_AssessNeed', grantedAssessment, { id: per.id, name: per.name });
    await completeOpenTask(app.cases!.context, opened, 'Task_AppointCoordinator', { ...formsByKey['coordinator-appointment'].example, coordinatorUserId: anne.id, establishResponsibilityGroup: true }, { id: per.id, name: per.name });
    const task = await openTask(opened, 'Task_EstablishResponsibilityGroup');
    const anneBrowser = browsers['Anne Lie']!;

    const members = (await call(anneBrowser, 'GET', '/api/staff/users?role=group-member')).body as unknown as StaffUsersAnswer;
    const jonas = user('Jonas Dahl');
    expect(members.users.map((u) => [u.id, u.name, u.role])).toEqual([[jonas.id, 'Jonas Dahl', 'group-member']]);

    const group = formsByKey['responsibility-group'].example;
    const named = (userId: string) => ({ ...group, members: [group.members[0], { ...group.members[1], userId }] });
    const before = await app.cases!.engine.runtime.getInstance({ instanceId: opened.instanceId });
    for (const wrong of [per.id, 'de00000000000000000000ff']) {
      const refused = await call(anneBrowser, 'POST', `/api/tasks/${task._id}/complete`, { data: named(wrong) });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'members[1].userId', message: 'Choose an active responsibility group member from the list, or none.' }]);
    }
    expect(await app.cases!.engine.runtime.getInstance({ instanceId: opened.instanceId })).toEqual(before);
    expect((await call(anneBrowser, 'POST', `/api/tasks/${task._id}/complete`, { data: named(jonas.id) })).status).toBe(200);
    const registered = await app.cases!.engine.runtime.getInstance({ instanceId: opened.instanceId });
    expect((registered.variables.responsibilityGroup as { members: { userId?: string }[] }).members.map((m) => m.userId)).toEqual([undefined, jonas.id]);
  });

  it('lets the lead share out the unit’s work; case workers give back only their own', async () => {
    const opened = await openCase(app.cases!.context, { person: party('Åse Vik', '1990-01-05', 150), applicant: party('Tor Vik', '1988-02-06', 160) });
    const task = await openTask(opened, 'Task_AssessNeed');
    const path = `/api/tasks/${task._id}`;
    expect((await call(browsers['Per Hansen']!, 'POST', `${path}/assign`, { userId: per.id })).status).toBe(403);
    expect((await call(browsers['Liv Berg']!, 'POST', `${path}/assign`, { userId: anne.id })).status).toBe(422);
    const assigned = await call(browsers['Liv Berg']!, 'POST', `${path}/assign`, { userId: per.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ assignee: { id: per.id, name: 'Per Hansen' }, actions: { assign: true, unclaim: true, complete: false } });
    const released = await call(browsers['Liv Berg']!, 'POST', `${path}/unclaim`);
    expect(released.body).toMatchObject({ status: 'open', assignee: null });
    expect((await call(browsers['Liv Berg']!, 'POST', `${path}/unclaim`)).status).toBe(409);
    expect((await call(browsers['Liv Berg']!, 'POST', `${path}/claim`)).status).toBe(200);
    const notOwn = await call(browsers['Per Hansen']!, 'POST', `${path}/unclaim`);
    expect(notOwn.status).toBe(403);
    expect(message(notOwn.body)).toContain('Liv Berg');
  });

  it('hides another unit’s tasks (404) and keeps other roles out of every task endpoint (403)', async () => {
    const task = await openTask(otherUnitCase, 'Task_AssessNeed');
    for (const [method, suffix] of [['GET', ''], ['POST', '/claim'], ['POST', '/complete']] as const) {
      expect((await call(browsers['Per Hansen']!, method, `/api/tasks/${task._id}${suffix}`, method === 'POST' ? { data: grantedAssessment } : undefined)).status).toBe(404);
    }
    expect((await call(browsers['Per Hansen']!, 'GET', '/api/tasks/no-such-task')).status).toBe(404);
    for (const name of ['Kari Nordmann', 'Jonas Dahl', 'Siri Moe', 'Arne Strand']) {
      const browser = await signedIn(name);
      expect([name, (await call(browser, 'GET', `/api/tasks/${task._id}`)).status]).toEqual([name, 403]);
      expect([name, (await call(browser, 'GET', '/api/staff/users')).status]).toEqual([name, 403]);
    }
    const audited = await app.security.auditLog.search({ actorId: per.id, caseId: otherUnitCase.id, limit: 100 });
    expect(audited.length).toBeGreaterThan(0);
    expect(audited.every((entry) => entry.outcome === 'denied')).toBe(true);
  });

  it('labels at startup the tasks of instances started before tasks carried labels, once', async () => {
    const opened = await openCase(app.cases!.context, { person: party('Bjørn Øvrebø', '1970-03-03', 170), applicant: party('Tone Øvrebø', '1972-04-04', 180) });
    const { Task, Instance } = engineModels(app.db);
    await Instance.updateOne({ _id: opened.instanceId }, { $unset: { labels: '' } });
    await Task.updateMany({ instanceId: opened.instanceId }, { $unset: { labels: '' } });
    const per = browsers['Per Hansen']!;
    const before = (await call(per, 'GET', '/api/tasks?view=unit&q=bjorn')).body as { total: number };
    expect(before.total).toBe(0);

    expect(await labelUnlabelledTasks(app.cases!.context, Task)).toBe(1);
    expect(await labelUnlabelledTasks(app.cases!.context, Task)).toBe(0);
    const after = (await call(per, 'GET', '/api/tasks?view=unit&q=bjorn')).body as { tasks: TaskListItem[] };
    expect(after.tasks.map((t) => [t.personName, t.caseNumber])).toEqual([['Bjørn Øvrebø', opened.caseNumber]]);
    expect((await Instance.findById(opened.instanceId).lean())?.labels).toMatchObject({ unitId: fictionalUnitId, personName: 'Bjørn Øvrebø' });
  });
});
