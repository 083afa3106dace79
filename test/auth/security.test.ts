import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express, { type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import { audit } from '../../server/audit/audit.js';
import { SessionStore } from '../../server/auth/sessions.js';
import { fictionalUsers } from '../../server/users/fictional.js';
import type { CaseAccessFacts } from '../../server/policies/case.js';
import { authorizeCase } from '../../server/http/authorize.js';
import { Browser, startTestApp, type TestApp } from '../support/auth.js';
import { testRedisUrl, uniquePrefix } from '../support/redis.js';

const userId = (name: string) => fictionalUsers.find((u) => u.name === name)!.id;
const kari = userId('Kari Nordmann');
const per = userId('Per Hansen');
const liv = userId('Liv Berg');
const arne = userId('Arne Strand');

const aCase: CaseAccessFacts = {
  id: 'ca00000000000000000000aa',
  caseNumber: 'IP-2026-000303',
  personNationalId: fictionalUsers[0]!.nationalId!,
  representativeNationalIds: [],
  unitId: 'ke-eksempel',
  coordinatorId: null,
  groupMemberIds: [],
  consent: { active: false, sharedWith: 'group' },
};

describe('sessions, CSRF, headers and input checks', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      caseFacts: [aCase],
      limits: { signIn: { windowMs: 60000, limit: 1000 }, requests: { windowMs: 60000, limit: 2 } },
      standIns: {
        paths: ['/api/requests', '/api/test-cases/'],
        router: (security) => {
        // Stand-ins for the routes others add, using the security part as they will: the request form, a case read and write.
        const router = express.Router();
        router.post('/requests', security.requestRateLimit, (_req, res) => void res.status(201).json({ ok: true }));
        router.get('/test-cases/:id', async (req: Request, res: Response) => {
          const facts = await authorizeCase(req, 'case', 'read', aCase.id === req.params.id ? aCase : null);
          res.json({ id: facts.id });
        });
        router.patch('/test-cases/:id', async (req: Request, res: Response) => {
          const facts = await authorizeCase(req, 'case', 'update', aCase.id === req.params.id ? aCase : null);
          await audit(req, { action: 'plan.update', caseId: facts.id, unitId: facts.unitId });
          res.json({ id: facts.id });
        });
        return router;
        },
      },
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses state-changing requests without the session’s CSRF token, with 403 in the error shape', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(arne);
    const body = { name: 'Test Person', role: 'coordinator', login: 'csrf@testvik.no' };
    for (const token of [undefined, '', 'x'.repeat(43)]) {
      const res = await browser.fetch('/api/admin/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(token !== undefined ? { 'x-csrf-token': token } : {}) },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ errors: [{ field: null, message: 'The request lacks a valid security token. Reload the page and try again.' }] });
    }
    // Another session's token does not do either.
    const other = new Browser(app.baseUrl);
    await other.signInDev(arne);
    const crossed = await browser.api('POST', '/api/admin/users', body, { 'x-csrf-token': other.csrfToken });
    expect(crossed.status).toBe(403);
    // Without any session (a cross-site form post carries no token): refused too.
    const bare = await fetch(`${app.baseUrl}/api/auth/sign-out`, { method: 'POST', headers: { 'accept-language': 'nn' } });
    expect(bare.status).toBe(403);
    expect(await bare.json()).toEqual({ errors: [{ field: null, message: 'Førespurnaden manglar eit gyldig tryggleiksmerke. Last inn sida på nytt og prøv igjen.' }] });
    expect(await app.security.users.model.exists({ login: 'csrf@testvik.no' })).toBeNull();
    expect((await browser.api('POST', '/api/admin/users', body)).status).toBe(201);
  });

  it('sets a session cookie that is httpOnly and SameSite=Lax, and rotates it at sign-in', async () => {
    const res = await fetch(`${app.baseUrl}/api/auth/session`);
    const cookie = res.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^ip\.sid=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    const browser = new Browser(app.baseUrl);
    await browser.session();
    const before = browser.cookies(app.baseUrl).get('ip.sid');
    const csrfBefore = browser.csrfToken;
    await browser.signInDev(kari);
    expect(browser.cookies(app.baseUrl).get('ip.sid')).not.toBe(before);
    expect(browser.csrfToken).not.toBe(csrfBefore);
  });

  it('ends the session at sign-out', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(kari);
    const cookie = `ip.sid=${browser.cookies(app.baseUrl).get('ip.sid')}`;
    expect((await browser.api('POST', '/api/auth/sign-out')).status).toBe(200);
    const again = await fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie } });
    expect(((await again.json()) as { user: unknown }).user).toBeNull();
  });

  it('sends security headers and keeps API answers out of caches', async () => {
    const res = await fetch(`${app.baseUrl}/api/auth/session`);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'", "font-src 'self' data:"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('https:');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it.each([
    ['a key starting with $', { $where: 'sleep(1000)' }, '$where'],
    ['an operator deep inside', { person: { name: { $ne: null } } }, 'person.name.$ne'],
    ['a dotted key', { 'person.name': 'x' }, 'person.name'],
    ['an operator in an array', { list: [{ ok: 1 }, { $gt: '' }] }, 'list[1].$gt'],
    ['__proto__', JSON.parse('{"__proto__": {"admin": true}}') as unknown, '__proto__'],
  ])('refuses %s in a JSON body with 400 naming the field', async (_label, body, field) => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(arne);
    const res = await browser.api('POST', '/api/admin/users', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ field, message: 'This field name is not allowed.' }] });
  });

  it.each([
    ['/api/audit?$where=1', '$where'],
    ['/api/audit?caseId[$ne]=x', 'caseId[$ne]'],
    ['/api/audit?a.b=1', 'a.b'],
  ])('refuses operators in the query string %s', async (path, field) => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(liv);
    const res = await browser.api('GET', path);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe(field);
  });

  it('refuses deep nesting, long query strings, bad ids and bad dates', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(liv);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect((await browser.api('POST', '/api/admin/users', deep)).status).toBe(400);
    expect((await browser.api('GET', `/api/audit?caseId=${'1'.repeat(3000)}`)).status).toBe(400);
    for (const [path, field] of [
      ['/api/cases/not-a-case/access-log', 'id'],
      ['/api/cases/IP-26-1/access-log', 'id'],
      ['/api/audit?caseId=abc', 'caseId'],
      ['/api/audit?caseId=a&caseId=b', 'caseId'],
      ['/api/audit?actorId=123', 'actorId'],
      ['/api/audit?from=yesterday', 'from'],
      ['/api/audit?limit=100000', 'limit'],
    ] as const) {
      const res = await browser.api('GET', path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(((await res.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe(field);
    }
    // A well-formed case number of a case that does not exist: 404.
    expect((await browser.api('GET', '/api/cases/IP-2026-999999/access-log')).status).toBe(404);
  });

  it('never writes national identity numbers to the request log', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(kari);
    app.logLines.length = 0;
    await browser.api('GET', '/api/cases/01017012345/access-log?fnr=01017012345');
    await browser.api('GET', '/api/nothing/01017012345');
    await browser.api('POST', '/api/auth/dev/sign-in', { userId: '01017012345' });
    const log = app.logLines.join('');
    expect(app.logLines.length).toBeGreaterThanOrEqual(3);
    expect(log).toContain('/api/cases/***********/access-log');
    expect(log).not.toMatch(/01017012345|fnr=/);
  });

  it('limits the request form per user with 429 in the error shape', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.signInDev(kari);
    expect((await browser.api('POST', '/api/requests', { any: 1 })).status).toBe(201);
    expect((await browser.api('POST', '/api/requests', { any: 1 })).status).toBe(201);
    const limited = await browser.api('POST', '/api/requests', { any: 1 });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('ratelimit')).toMatch(/r=0/);
    expect(await limited.json()).toEqual({ errors: [{ field: null, message: 'Too many attempts. Please wait a little and try again.' }] });
    // Another user has their own allowance.
    const other = new Browser(app.baseUrl);
    await other.signInDev(userId('Ola Nordmann'));
    expect((await other.api('POST', '/api/requests', { any: 1 })).status).toBe(201);
  });

  it('audits reads and writes of case data, allowed and denied, and keeps the log append-only', async () => {
    const citizen = new Browser(app.baseUrl);
    await citizen.signInDev(kari);
    const caseworker = new Browser(app.baseUrl);
    await caseworker.signInDev(per);
    expect((await citizen.api('GET', `/api/test-cases/${aCase.id}`)).status).toBe(200);
    expect((await citizen.api('PATCH', `/api/test-cases/${aCase.id}`, {})).status).toBe(403);
    expect((await caseworker.api('PATCH', `/api/test-cases/${aCase.id}`, {})).status).toBe(200);

    const entries = await app.security.auditLog.search({ caseId: aCase.id });
    const summary = entries.map((e) => `${e.actorName}|${e.actorRole}|${e.action}|${e.outcome}|${e.route}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'Kari Nordmann|citizen|case.read|allowed|GET /api/test-cases/:id',
        'Kari Nordmann|citizen|case.update|denied|PATCH /api/test-cases/:id',
        'Per Hansen|ke-caseworker|case.update|allowed|PATCH /api/test-cases/:id',
        'Per Hansen|ke-caseworker|plan.update|allowed|PATCH /api/test-cases/:id',
      ]),
    );
    for (const entry of entries) expect(Date.now() - Date.parse(entry.time)).toBeLessThan(60000);

    // The person sees who has looked, by name and role, without ids; not their own reads.
    const log = await citizen.api('GET', `/api/cases/${aCase.caseNumber}/access-log`);
    const lines = ((await log.json()) as { entries: Array<Record<string, string>> }).entries;
    expect(lines.some((line) => line.name === 'Per Hansen' && line.role === 'ke-caseworker' && line.action === 'case.update')).toBe(true);
    expect(lines.some((line) => line.name === 'Kari Nordmann')).toBe(false);

    // The unit's lead searches; the search is audited as well.
    const lead = new Browser(app.baseUrl);
    await lead.signInDev(liv);
    const search = await lead.api('GET', `/api/audit?caseId=${aCase.id}&from=2020-01-01&to=2999-12-31T00:00:00Z`);
    expect(search.status).toBe(200);
    expect(((await search.json()) as { entries: unknown[] }).entries.length).toBeGreaterThanOrEqual(4);
    expect((await app.security.auditLog.search({ actorId: liv })).map((e) => e.action)).toContain('audit.search');

    const model = app.security.auditLog.model;
    const count = await model.countDocuments({ caseId: aCase.id });
    await expect(model.updateOne({ caseId: aCase.id }, { $set: { outcome: 'allowed' } })).rejects.toThrow(/append-only/);
    await expect(model.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(model.findOneAndDelete({ caseId: aCase.id })).rejects.toThrow(/append-only/);
    const doc = await model.findOne({ caseId: aCase.id });
    doc!.outcome = 'denied';
    await expect(doc!.save()).rejects.toThrow(/append-only/);
    await expect(doc!.deleteOne()).rejects.toThrow(/append-only/);
    expect(await model.countDocuments({ caseId: aCase.id })).toBe(count);
  });

  it('validates user administration input and audits it', async () => {
    const admin = new Browser(app.baseUrl);
    await admin.signInDev(arne);
    const bad = await admin.api('POST', '/api/admin/users', { name: '', role: 'citizen', login: 'x y', extra: 1 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['extra', 'login', 'name', 'role']);
    const noUnit = await admin.api('POST', '/api/admin/users', { name: 'Uten Enhet', role: 'ke-caseworker', login: 'uten@testvik.no' });
    expect(((await noUnit.json()) as { errors: Array<{ field: string }> }).errors[0]!.field).toBe('unitId');

    const created = await admin.api('POST', '/api/admin/users', { name: 'Eva Lund', role: 'ke-caseworker', login: 'Eva.Lund@testvik.no', unitId: 'ke-eksempel', lead: true });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; login: string; lead: boolean } };
    expect(user).toMatchObject({ login: 'eva.lund@testvik.no', lead: true });
    expect((await admin.api('POST', '/api/admin/users', { name: 'Eva Igjen', role: 'coordinator', login: 'eva.lund@testvik.no' })).status).toBe(409);

    const demoted = await admin.api('PATCH', `/api/admin/users/${user.id}`, { role: 'coordinator' });
    expect(await demoted.json()).toMatchObject({ user: { role: 'coordinator', lead: false } });
    expect((await admin.api('PATCH', `/api/admin/users/${arne}`, { role: 'coordinator' })).status).toBe(400);
    expect((await admin.api('PATCH', `/api/admin/users/${arne}`, { active: false })).status).toBe(400);
    expect((await admin.api('PATCH', `/api/admin/users/${kari}`, { name: 'x' })).status).toBe(404);
    expect((await admin.api('PATCH', '/api/admin/users/nope', { name: 'x' })).status).toBe(400);

    const list = (await (await admin.api('GET', '/api/admin/users?role=coordinator')).json()) as { users: Array<{ id: string }> };
    expect(list.users.map((u) => u.id)).toContain(user.id);
    const actions = (await app.security.auditLog.search({ actorId: arne })).filter((e) => e.targetUserId === user.id).map((e) => e.action);
    expect(actions.sort()).toEqual(['user.create', 'user.update']);
  });

  it('limits sign-in attempts and new anonymous sessions with 429', async () => {
    const limited = await startTestApp({ limits: { signIn: { windowMs: 60000, limit: 3 }, anonymousSessions: { windowMs: 60000, limit: 6 } } });
    try {
      const browser = new Browser(limited.baseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        await browser.session();
        statuses.push((await browser.api('POST', '/api/auth/dev/sign-in', { userId: kari })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);

      // One anonymous session was started above; five more, then no more from this address.
      const fresh: number[] = [];
      for (let i = 0; i < 6; i++) fresh.push((await fetch(`${limited.baseUrl}/api/auth/session`)).status);
      expect(fresh).toEqual([200, 200, 200, 200, 200, 429]);
      // A visitor who already has a session is not counted.
      expect((await browser.fetch('/api/auth/session')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('session timeouts', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(testRedisUrl());
  });
  afterAll(async () => {
    await redis.quit();
  });

  const fakeExchange = (cookie?: string) => {
    const setCookies: string[] = [];
    const req = { headers: cookie ? { cookie } : {} } as Request;
    const res = { append: (_name: string, value: string) => void setCookies.push(value) } as unknown as Response;
    return { req, res, setCookies };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('ends a session left idle, and one past its absolute lifetime even while in use', async () => {
    const store = new SessionStore({ redis, secret: 'x'.repeat(32), idleMs: 300, absoluteMs: 900, secureCookie: true, keyPrefix: `${uniquePrefix('sessions')}:` });
    expect(store.cookieName).toBe('__Host-ip.sid');
    const first = fakeExchange();
    const session = await store.create(first.res, { userId: kari });
    expect(first.setCookies[0]).toMatch(/^__Host-ip\.sid=[\w-]{43}; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const cookie = first.setCookies[0]!.split(';')[0]!;

    // In use every 150 ms: alive past the idle time, until the absolute limit.
    let alive = 0;
    for (let i = 0; i < 8; i++) {
      await sleep(150);
      if (await store.load(fakeExchange(cookie).req, fakeExchange().res)) alive++;
    }
    expect(alive).toBeGreaterThanOrEqual(4);
    expect(alive).toBeLessThan(8);
    const ended = fakeExchange(cookie);
    expect(await store.load(ended.req, ended.res)).toBeUndefined();
    expect(ended.setCookies[0]).toMatch(/Max-Age=0/);

    const idle = fakeExchange();
    await store.create(idle.res, { userId: kari }, session);
    const idleCookie = idle.setCookies[0]!.split(';')[0]!;
    expect(await store.load(fakeExchange(idleCookie).req, fakeExchange().res)).toBeDefined();
    await sleep(450);
    expect(await store.load(fakeExchange(idleCookie).req, fakeExchange().res)).toBeUndefined();
  });
});
