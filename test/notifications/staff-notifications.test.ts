// Staff's notification page API: each staff member sets their own notification language (a clear
// error for a bad one, nothing changed); the unit's lead sees the notifications about the unit's
// cases that still failed, and nobody else does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FailedNotificationList, NotificationSettings, OwnNotificationList } from '../../contract/notifications.js';
import { notificationModel } from '../../server/notifications/model.js';
import { userModel } from '../../server/users/model.js';
import { fictionalUnitId } from '../../server/users/fictional.js';
import { startTestApp, type TestApp } from '../support/auth.js';
import { openCase } from '../support/cases.js';
import { fictional, fictionalPerson, getJson, party, signedIn } from '../staff-cases/support.js';

const per = fictional('Per Hansen');
const liv = fictional('Liv Berg');
const anne = fictional('Anne Lie');
const kari = fictional('Kari Nordmann');

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ withCases: { unitId: fictionalUnitId } });
});

afterAll(async () => {
  await app?.close();
});

describe('staff notifications', () => {
  it('a staff member sets the language of their own notifications; a bad value is refused with the field named and changes nothing', async () => {
    const asAnne = await signedIn(app, anne.id);
    expect((await getJson<NotificationSettings>(asAnne, '/api/staff/notification-settings')).body).toEqual({ language: 'nb' });
    const saved = await asAnne.api('PUT', '/api/staff/notification-settings', { language: 'nn' });
    expect(saved.status).toBe(200);
    expect(await userModel(app.db).findById(anne.id, { language: 1 }).lean()).toMatchObject({ language: 'nn' });

    const bad = await asAnne.api('PUT', '/api/staff/notification-settings', { language: 'se' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: [{ field: 'language', message: 'Choose Bokmål, Nynorsk or English.' }] });
    expect((await getJson<NotificationSettings>(asAnne, '/api/staff/notification-settings')).body).toEqual({ language: 'nn' });
    // Citizens have no such setting here.
    expect((await (await signedIn(app, kari.id)).api('PUT', '/api/staff/notification-settings', { language: 'en' })).status).toBe(403);
  });

  it('the unit’s lead sees the failed notifications about the unit’s cases, other staff get 403; each reads their own notifications', async () => {
    const opened = await openCase(app.cases!.context, { person: fictionalPerson('Nora Nordmann'), applicant: party(kari) });
    const notifications = notificationModel(app.db);
    const base = { language: 'nb', subject: 's', text: 't', claimedUntil: null, messageId: null, sentAt: null, createdAt: new Date() };
    await notifications.collection.insertMany([
      { ...base, _id: 'failed-one', kind: 'letter-ready', caseId: opened.id, to: { userId: null, email: 'kari@example.no' }, status: 'failed', attempts: 8, lastError: '550 mailbox unavailable', failedAt: new Date() },
      { ...base, _id: 'sent-one', kind: 'letter-ready', caseId: opened.id, to: { userId: null, email: 'kari@example.no' }, status: 'sent', attempts: 1, lastError: null, failedAt: null },
      { ...base, _id: 'failed-elsewhere', kind: 'task-overdue', caseId: '0123456789abcdef01234567', to: { userId: 'x', email: 'x@annen.no' }, status: 'failed', attempts: 8, lastError: 'x', failedAt: new Date() },
    ] as never[]);
    const list = await getJson<FailedNotificationList>(await signedIn(app, liv.id), '/api/staff/notifications/failed');
    expect(list.body.notifications).toEqual([
      { id: 'failed-one', kind: 'letter-ready', recipient: 'person', caseId: opened.id, caseNumber: opened.caseNumber, attempts: 8, lastError: '550 mailbox unavailable', failedAt: expect.any(String) },
    ]);
    expect((await (await signedIn(app, per.id)).api('GET', '/api/staff/notifications/failed')).status).toBe(403);
    // Anne reads her own notifications (kept here without a mail server), with where they link; nobody else's.
    await notifications.collection.insertOne({
      ...base, _id: 'kept-for-anne', kind: 'review-due', caseId: opened.id, to: { userId: anne.id, email: null }, subject: 'En plan skal evalueres snart',
      text: 'En individuell plan du er koordinator for, skal evalueres om kort tid.\n\nLogg inn for å lese mer:\nhttps://ip.eksempel.kommune.no/saker/abc\n', status: 'kept', attempts: 1, lastError: null, failedAt: null,
    } as never);
    const own = await getJson<OwnNotificationList>(await signedIn(app, anne.id), '/api/staff/notifications/mine');
    expect(own.body.notifications).toEqual([{ id: 'kept-for-anne', kind: 'review-due', subject: 'En plan skal evalueres snart', path: '/saker/abc', status: 'kept', createdAt: expect.any(String) }]);
    expect((await getJson<OwnNotificationList>(await signedIn(app, per.id), '/api/staff/notifications/mine')).body.notifications).toEqual([]);
    expect((await (await signedIn(app, anne.id)).api('GET', '/api/staff/notifications/failed')).status).toBe(403);
  });
});
