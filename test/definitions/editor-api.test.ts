// The process editor's API over HTTP (the product's app with real sign-in, CSRF and audit): the
// live check of an edited diagram (nothing deployed or recorded), what the editor needs (forms and
// roles), a saved version written to processes/ when the product may write it, background runs a
// stopped process left marked interrupted, and the figures for approved plans and reviews.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefinitionStore } from '../../server/definitions/store.js';
import { uploadModel } from '../../server/definitions/uploads.js';
import { engineModels } from '../../server/engine/models/index.js';
import { migrationRunModel } from '../../server/engine/migration-runs.js';
import { ProcessOverview } from '../../server/engine/overview.js';
import { markInterruptedBackgroundRuns } from '../../server/http/routes/definitions.js';
import { fictionalUsers } from '../../server/users/fictional.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { testLogger } from '../support/engine.js';
import { realFile, realSource, variant } from './fixtures.js';
import { withWelcomeCall } from './owner-fixtures.js';

const siri = fictionalUsers.find((user) => user.name === 'Siri Moe')!;
const arne = fictionalUsers.find((user) => user.name === 'Arne Strand')!;

let app: TestApp;
let store: DefinitionStore;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ip-processes-'));
  await writeFile(path.join(dir, realFile), realSource);
  app = await startTestApp({
    definitions: (db) => {
      // Checked in a worker thread, as the product does.
      store = new DefinitionStore(db, undefined, { offThread: true });
      return { store, connection: db, logger: testLogger(), processFiles: { dir } };
    },
  });
  await store.init();
  expect((await store.deploy(realFile, realSource, { reactivate: false })).status).toBe('deployed');
});

afterAll(async () => {
  await store?.close();
  await app?.close();
  await rm(dir, { recursive: true, force: true });
});

async function owner(): Promise<Browser> {
  const browser = new Browser(app.baseUrl);
  await browser.signInDev(siri.id);
  return browser;
}

/** The live check; a busy machine may answer 503 at the API deadline, and the check is then asked again (it changes nothing). */
async function check(browser: Browser, xml: string, contentType = 'application/xml'): Promise<Response> {
  const send = () => browser.fetch('/api/definitions/individual-plan/check', { method: 'POST', headers: { 'content-type': contentType, 'accept-language': 'en', 'x-csrf-token': browser.csrfToken }, body: xml });
  let response = await send();
  for (let attempt = 0; attempt < 5 && response.status === 503; attempt++) response = await send();
  return response;
}

describe('the process editor’s API', () => {
  it('checks an edited diagram with the file rules, pointing at elements, without deploying or recording it', async () => {
    const browser = await owner();
    const good = await check(browser, withWelcomeCall);
    expect(good.status).toBe(200);
    expect(((await good.json()) as { ok: boolean }).ok).toBe(true);

    const scripted = variant('<bpmn:userTask id="Task_ReviewPlan"', '<bpmn:scriptTask id="Task_ReviewPlan"', variant('</bpmn:userTask>\n      <bpmn:exclusiveGateway id="Gateway_ReviewOutcome"', '</bpmn:scriptTask>\n      <bpmn:exclusiveGateway id="Gateway_ReviewOutcome"'));
    const broken = variant('camunda:formKey="plan"', 'camunda:formKey="no-such-form"', scripted);
    const res = await check(browser, broken);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; problems: { elementId: string; rule: string; severity: string; message: string }[] };
    expect(body.ok).toBe(false);
    const errors = body.problems.filter((problem) => problem.severity === 'error');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ elementId: 'Task_ReviewPlan', rule: 'individual-plan/no-scripts' }),
        expect.objectContaining({ elementId: 'Task_DraftPlan', rule: 'individual-plan/user-task-form', message: expect.stringContaining('no-such-form') }),
      ]),
    );
    // Nothing deployed, nothing recorded as a refused attempt.
    const versions = (await (await browser.api('GET', '/api/definitions/individual-plan/versions')).json()) as { versions: unknown[]; refusedAttempts: unknown[] };
    expect([versions.versions.length, versions.refusedAttempts.length]).toEqual([1, 0]);

    // Bad input: not XML, empty, another process; and only the process owner may.
    expect((await check(browser, '{}', 'application/json')).status).toBe(400);
    expect((await check(browser, '')).status).toBe(400);
    const other = (await (await check(browser, realSource.replaceAll('"individual-plan"', '"another-process"'))).json()) as { problems: { rule: string }[] };
    expect(other.problems.map((problem) => problem.rule)).toContain('process-key');
    const admin = new Browser(app.baseUrl);
    await admin.signInDev(arne.id);
    expect((await check(admin, withWelcomeCall)).status).toBe(403);
    expect((await admin.api('GET', '/api/definitions/individual-plan/editor')).status).toBe(403);
  });

  it('gives the editor the newest XML, the forms and the roles', async () => {
    const browser = await owner();
    const res = await browser.fetch('/api/definitions/individual-plan/editor', { headers: { 'accept-language': 'nn' } });
    const body = (await res.json()) as { version: number; xml: string; forms: { key: string; title: string }[]; roles: string[]; writesFile: boolean };
    expect(body).toMatchObject({ version: 1, xml: realSource, writesFile: true });
    expect(body.forms).toEqual(expect.arrayContaining([{ key: 'review', title: 'Evaluer planen' }, expect.objectContaining({ key: 'offer-contact' })]));
    expect(body.roles).toEqual(expect.arrayContaining(['ke-caseworker', 'coordinator']));
  });

  it('writes a saved version to processes/ when the product may write it', async () => {
    const browser = await owner();
    const form = new FormData();
    form.append('file', new Blob([withWelcomeCall], { type: 'application/xml' }), 'edited.bpmn');
    const res = await browser.fetch('/api/definitions/individual-plan/versions', { method: 'POST', headers: { 'x-csrf-token': browser.csrfToken }, body: form });
    let upload = ((await res.json()) as { upload: { id: string; status: string; writtenTo: string | null; versionNumber: number | null } }).upload;
    while (upload.status === 'checking') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      upload = ((await (await browser.api('GET', `/api/definitions/individual-plan/uploads/${upload.id}`)).json()) as { upload: typeof upload }).upload;
    }
    // The file the process's versions come from is replaced, whatever the upload was called.
    expect(upload).toMatchObject({ status: 'deployed', versionNumber: 2, writtenTo: realFile });
    expect(await readFile(path.join(dir, realFile), 'utf8')).toBe(withWelcomeCall);
  });

  it('marks uploads and migrations a stopped process left as interrupted, and only those', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const uploads = uploadModel(app.db);
    const runs = migrationRunModel(app.db);
    const upload = (id: string, at: Date) => ({ _id: id, processKey: 'individual-plan', fileName: 'x.bpmn', uploadedBy: { id: siri.id, name: siri.name }, at, status: 'checking' as const, problems: [] });
    await uploads.create([upload('a'.repeat(24), ago(10 * 60_000)), upload('b'.repeat(24), ago(5_000))]);
    const run = (id: string, heartbeatAt: Date) => ({ _id: id, processKey: 'individual-plan', fromVersion: 1, toVersion: 2, status: 'running' as const, startedBy: { id: siri.id, name: siri.name }, startedAt: ago(3_600_000), heartbeatAt, moved: 3, notMoved: [] });
    await runs.create([run('c'.repeat(24), ago(5 * 60_000)), run('d'.repeat(24), ago(2_000))]);

    await markInterruptedBackgroundRuns(app.db, testLogger(), now);
    expect((await uploads.find({ _id: { $in: ['a'.repeat(24), 'b'.repeat(24)] } }).sort({ _id: 1 }).lean()).map((doc) => doc.status)).toEqual(['interrupted', 'checking']);
    expect((await runs.find({}).sort({ _id: 1 }).lean()).map((doc) => [doc.status, doc.moved])).toEqual([
      ['interrupted', 3],
      ['running', 3],
    ]);
    // Read through the API, the interrupted run says so.
    const browser = await owner();
    const read = (await (await browser.api('GET', `/api/definitions/individual-plan/migrations/${'c'.repeat(24)}`)).json()) as { migration: { status: string } };
    expect(read.migration.status).toBe('interrupted');
  });

  it('figures: time to an approved plan (the first approval, not a request for changes) and reviews held on time', async () => {
    const { Instance, Task } = engineModels(app.db);
    const day = 86_400_000;
    const t0 = new Date('2026-01-01T00:00:00Z');
    const at = (days: number) => new Date(t0.getTime() + days * day);
    const task = (id: string, instanceId: string, formKey: string, fields: Record<string, unknown>) => ({
      _id: id, executionId: id, engineExecutionId: id, instanceId, caseId: `case-${instanceId}`, processKey: 'figures-process', elementId: `Task_${formKey}`, formKey, candidateGroups: [], candidateUsers: [], createdAt: at(0), ...fields,
    });
    const base = { processKey: 'figures-process', definitionId: 'v', status: 'running', rev: 0, state: '{}', variables: {}, active: [], failures: [], history: [], updatedAt: t0 };
    await Instance.collection.insertMany([10, 20, 40].map((days, index) => ({ ...base, _id: `fig-${index}`, caseId: `case-fig-${index}`, startedAt: t0, days })) as never);
    await Task.collection.insertMany([
      // fig-0: approved after 10 days; fig-1: changes requested at day 5, approved at day 20; fig-2: approved at day 40.
      task('t1', 'fig-0', 'plan-approval', { status: 'completed', closedAt: at(10), output: { approved: true } }),
      task('t2', 'fig-1', 'plan-approval', { status: 'completed', closedAt: at(5), output: { approved: false, requestedChanges: 'Mer avlastning' } }),
      task('t3', 'fig-1', 'plan-approval', { status: 'completed', closedAt: at(20), output: { approved: true } }),
      task('t4', 'fig-2', 'plan-approval', { status: 'completed', closedAt: at(40), output: { approved: true } }),
      // Reviews: one held by its due date, one after it, one open and overdue, one open and not due.
      task('r1', 'fig-0', 'review', { status: 'completed', dueDate: at(200), closedAt: at(190) }),
      task('r2', 'fig-1', 'review', { status: 'completed', dueDate: at(200), closedAt: at(210) }),
      task('r3', 'fig-2', 'review', { status: 'open', dueDate: at(100) }),
      task('r4', 'fig-0', 'review', { status: 'open', dueDate: at(400) }),
    ] as never);
    const figures = await new ProcessOverview(app.db).figures('figures-process', at(300));
    expect(figures.requestToApprovedPlan).toEqual({ count: 3, p50Ms: 20 * day, p90Ms: 40 * day });
    expect(figures.reviews).toEqual({ held: 2, onTime: 1, late: 1, overdueNow: 1 });
  });
});
