import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeNationalId } from '../../forms/national-id.js';
import { findFreePort } from '../../server/embedded/process.js';
import { engineModels, type TaskDoc } from '../../server/engine/index.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { Browser, startOidcProvider, startTestApp, type TestApp, type TestProvider } from '../support/auth.js';
import { openCase, type OpenedCase } from '../support/cases.js';

/**
 * 50 case workers of the unit, each signed in through the staff identity provider, claim the same
 * task at once: exactly one gets it, every other gets 409 in the error shape naming who has it.
 */
const STAFF = 50;
let provider: TestProvider;
let app: TestApp;
let opened: OpenedCase;
const staff: Array<{ id: string; name: string; browser: Browser }> = [];

beforeAll(async () => {
  const port = await findFreePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startOidcProvider([
    { client_id: 'ip-citizen', client_secret: 'citizen-secret-0123456789', redirect_uris: [`${base}/api/auth/citizen/callback`] },
    { client_id: 'ip-staff', client_secret: 'staff-secret-0123456789', redirect_uris: [`${base}/api/auth/staff/callback`] },
  ]);
  app = await startTestApp({
    port,
    withCases: { unitId: fictionalUnitId },
    env: {
      AUTH_MODE: 'oidc',
      OIDC_CITIZEN_ISSUER: provider.issuer,
      OIDC_CITIZEN_CLIENT_ID: 'ip-citizen',
      OIDC_CITIZEN_CLIENT_SECRET: 'citizen-secret-0123456789',
      OIDC_STAFF_ISSUER: provider.issuer,
      OIDC_STAFF_CLIENT_ID: 'ip-staff',
      OIDC_STAFF_CLIENT_SECRET: 'staff-secret-0123456789',
    },
  });
  opened = await openCase(app.cases!.context, {
    person: { name: 'Ørjan Åsheim', nationalId: makeNationalId('1980-04-02', { synthetic: true, individual: 110 }) },
    applicant: { name: 'Sigrun Åsheim', nationalId: makeNationalId('1982-06-07', { synthetic: true, individual: 120 }) },
  });
  const landed = (url: URL) => url.origin === app.baseUrl && !url.pathname.startsWith('/api/');
  for (let i = 0; i < STAFF; i++) {
    const name = `Saksbehandler ${String(i + 1).padStart(2, '0')}`;
    const login = `saksbehandler${i + 1}@testvik.kommune.no`;
    const user = await app.security.users.createStaff({ name, role: 'ke-caseworker', login, unitId: fictionalUnitId });
    const browser = new Browser(app.baseUrl);
    const start = await browser.fetch('/api/auth/staff/sign-in');
    provider.signInAs({ sub: `entra-${i}`, email: login, name });
    await browser.follow(start.headers.get('location')!, landed);
    const session = await browser.session();
    if (session.user?.id !== user.id) throw new Error(`${name} did not sign in`);
    staff.push({ id: user.id, name, browser });
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await provider?.close();
});

describe('claiming one task at once', () => {
  it(`gives it to exactly one of ${STAFF} case workers; the others get 409 naming who has it`, async () => {
    const task = await engineModels(app.db).Task.findOne({ instanceId: opened.instanceId, elementId: 'Task_AssessNeed' }).lean<TaskDoc>();
    const answers = await Promise.all(
      staff.map(async (member) => {
        const res = await member.browser.api('POST', `/api/tasks/${task!._id}/claim`, undefined, { 'accept-language': 'nb' });
        return { member, status: res.status, body: (await res.json()) as { assignee?: { id: string }; errors?: Array<{ field: null; message: string }> } };
      }),
    );
    const winners = answers.filter((a) => a.status === 200);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!.member;
    expect(winners[0]!.body.assignee?.id).toBe(winner.id);
    const losers = answers.filter((a) => a.status !== 200);
    expect(losers.map((a) => a.status)).toEqual(Array.from({ length: STAFF - 1 }, () => 409));
    for (const loser of losers) expect(loser.body).toEqual({ errors: [{ field: null, message: `Oppgaven er allerede tatt av ${winner.name}.` }] });
    expect(await engineModels(app.db).Task.findById(task!._id).lean()).toMatchObject({ status: 'claimed', assignee: winner.id });
    // Every attempt is in the audit log, against the task's case.
    const entries = await app.security.auditLog.model.countDocuments({ action: 'task.claim', caseId: opened.id });
    expect(entries).toBe(STAFF);
  }, 120_000);
});
