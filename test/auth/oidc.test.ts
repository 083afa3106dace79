import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { findFreePort } from '../../server/embedded/process.js';
import { Browser, startOidcProvider, startTestApp, type TestApp, type TestProvider } from '../support/auth.js';

/** Sign-in through a real OpenID provider on loopback: code flow with PKCE, state and nonce. */
describe('OpenID Connect sign-in', () => {
  let provider: TestProvider;
  let app: TestApp;

  beforeAll(async () => {
    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider([
      { client_id: 'ip-citizen', client_secret: 'citizen-secret-0123456789', redirect_uris: [`${base}/api/auth/citizen/callback`], post_logout_redirect_uris: [`${base}/`] },
      { client_id: 'ip-staff', client_secret: 'staff-secret-0123456789', redirect_uris: [`${base}/api/auth/staff/callback`], post_logout_redirect_uris: [`${base}/`] },
    ]);
    app = await startTestApp({
      port,
      env: {
        AUTH_MODE: 'oidc',
        OIDC_CITIZEN_ISSUER: provider.issuer,
        OIDC_CITIZEN_CLIENT_ID: 'ip-citizen',
        OIDC_CITIZEN_CLIENT_SECRET: 'citizen-secret-0123456789',
        OIDC_STAFF_ISSUER: provider.issuer,
        OIDC_STAFF_CLIENT_ID: 'ip-staff',
        OIDC_STAFF_CLIENT_SECRET: 'staff-secret-0123456789',
        STAFF_ADMINS: 'first.admin@testvik.kommune.no',
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  const isApp = (url: URL) => url.origin === app.baseUrl;
  const landed = (url: URL) => isApp(url) && !url.pathname.startsWith('/api/');

  it('signs a citizen in with PKCE, state and nonce, rotates the session and keeps the national id out of the answer', async () => {
    const browser = new Browser(app.baseUrl);
    const start = await browser.fetch('/api/auth/citizen/sign-in?returnTo=/mine');
    expect(start.status).toBe(303);
    const authorize = new URL(start.headers.get('location') ?? '');
    expect(authorize.origin).toBe(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.baseUrl}/api/auth/citizen/callback`);
    const preSignIn = new Map(browser.cookies(app.baseUrl));
    expect(preSignIn.get('ip.sid')).toBeTruthy();

    provider.signInAs({ sub: 'idporten-sub-1', pid: '05917012345', name: 'Kari Testperson' });
    const { visited } = await browser.follow(authorize.href, landed);
    const last = visited.at(-1)!;
    expect(last.pathname).toBe('/mine');
    expect(visited.some((url) => url.pathname === '/api/auth/citizen/callback' && url.searchParams.has('code'))).toBe(true);

    // A new session id after sign-in; the old one is gone.
    const afterSignIn = browser.cookies(app.baseUrl).get('ip.sid');
    expect(afterSignIn).toBeTruthy();
    expect(afterSignIn).not.toBe(preSignIn.get('ip.sid'));
    const old = await fetch(`${app.baseUrl}/api/auth/session`, { headers: { cookie: `ip.sid=${preSignIn.get('ip.sid')}` } });
    expect(((await old.json()) as { user: unknown }).user).toBeNull();

    const res = await browser.fetch('/api/auth/session');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ user: { name: 'Kari Testperson', role: 'citizen' }, mode: 'oidc', development: false });
    expect(text).not.toContain('05917012345');

    const stored = await app.security.users.model.findOne({ nationalId: '05917012345' }).lean();
    expect(stored).toMatchObject({ role: 'citizen', name: 'Kari Testperson', active: true });
    const signIns = await app.security.auditLog.search({ actorId: stored!._id });
    expect(signIns.map((entry) => entry.action)).toContain('auth.sign-in');
  });

  it('signs out at the product and offers the provider’s logout with the ID token hint', async () => {
    const browser = new Browser(app.baseUrl);
    const start = await browser.fetch('/api/auth/citizen/sign-in');
    provider.signInAs({ sub: 'idporten-sub-2', pid: '06917012345' });
    await browser.follow(start.headers.get('location')!, landed);
    await browser.session();

    const refused = await browser.api('POST', '/api/auth/sign-out', undefined, { 'x-csrf-token': 'wrong' });
    expect(refused.status).toBe(403);

    const res = await browser.api('POST', '/api/auth/sign-out');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { signedOut: boolean; endSessionUrl: string };
    const logout = new URL(body.endSessionUrl);
    expect(logout.origin).toBe(provider.issuer);
    expect(logout.searchParams.get('id_token_hint')).toBeTruthy();
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${app.baseUrl}/`);
    expect((await browser.session()).user).toBeNull();
  });

  it('refuses a callback whose state does not match, and one without a sign-in in progress', async () => {
    const browser = new Browser(app.baseUrl);
    const start = await browser.fetch('/api/auth/citizen/sign-in');
    provider.signInAs({ sub: 'idporten-sub-3', pid: '07917012345' });
    const { visited } = await browser.follow(start.headers.get('location')!, (url) => isApp(url) && url.pathname.endsWith('/callback'));
    const callback = visited.at(-1)!;
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged-state');
    const res = await browser.fetch(forged.pathname + forged.search);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/?signIn=failed');
    expect((await browser.session()).user).toBeNull();

    // The real callback can no longer be used either: the attempt was spent.
    const replay = await browser.fetch(callback.pathname + callback.search);
    expect(replay.headers.get('location')).toBe('/?signIn=failed');

    const stranger = new Browser(app.baseUrl);
    const without = await stranger.fetch(callback.pathname + callback.search);
    expect(without.headers.get('location')).toBe('/?signIn=failed');
    expect(await app.security.users.model.exists({ nationalId: '07917012345' })).toBeNull();
  });

  it('lets staff in only when an admin has registered their login; roles come from our users', async () => {
    const stranger = new Browser(app.baseUrl);
    let start = await stranger.fetch('/api/auth/staff/sign-in');
    provider.signInAs({ sub: 'entra-9', email: 'Nina.Nilsen@testvik.kommune.no', name: 'Nina Nilsen' });
    let { visited } = await stranger.follow(start.headers.get('location')!, landed);
    expect(visited.at(-1)!.search).toBe('?signIn=refused');
    expect((await stranger.session()).user).toBeNull();

    // The first admin comes from STAFF_ADMINS.
    const admin = new Browser(app.baseUrl);
    start = await admin.fetch('/api/auth/staff/sign-in');
    provider.signInAs({ sub: 'entra-1', email: 'first.admin@testvik.kommune.no', name: 'Første Admin' });
    await admin.follow(start.headers.get('location')!, landed);
    expect((await admin.session()).user).toMatchObject({ role: 'admin', name: 'Første Admin' });

    const created = await admin.api('POST', '/api/admin/users', { name: 'Nina Nilsen', role: 'ke-caseworker', login: 'nina.nilsen@testvik.kommune.no', unitId: 'ke-testvik' });
    expect(created.status).toBe(201);

    start = await stranger.fetch('/api/auth/staff/sign-in');
    provider.signInAs({ sub: 'entra-9', email: 'Nina.Nilsen@testvik.kommune.no', name: 'Nina Nilsen' });
    ({ visited } = await stranger.follow(start.headers.get('location')!, landed));
    expect(visited.at(-1)!.pathname).toBe('/');
    expect(visited.at(-1)!.search).toBe('');
    expect((await stranger.session()).user).toMatchObject({ role: 'ke-caseworker', name: 'Nina Nilsen', unitId: 'ke-testvik' });

    // Deactivation ends her session at once.
    const { id } = ((await created.json()) as { user: { id: string } }).user;
    expect((await admin.api('PATCH', `/api/admin/users/${id}`, { active: false })).status).toBe(200);
    expect((await stranger.session()).user).toBeNull();
  });

  it('offers no development sign-in in oidc mode', async () => {
    const browser = new Browser(app.baseUrl);
    await browser.session();
    expect((await browser.fetch('/api/auth/dev/users')).status).toBe(404);
    expect((await browser.api('POST', '/api/auth/dev/sign-in', { userId: 'de0000000000000000000008' })).status).toBe(404);
  });

  it('keeps the return address on this site', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const browser = new Browser(app.baseUrl);
      const start = await browser.fetch(`/api/auth/citizen/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      provider.signInAs({ sub: 'idporten-sub-4', pid: '08917012345' });
      const { visited } = await browser.follow(start.headers.get('location')!, landed);
      expect(visited.at(-1)!.href).toBe(`${app.baseUrl}/`);
    }
  });
});
