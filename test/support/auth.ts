// Test support for sign-in and access control: the API in-process on a free loopback port with a
// test database and the test Redis, a small browser (cookie jar, manual redirects), and a real
// OpenID provider (oidc-provider) on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { loadAuthConfig, type AuthConfig } from '../../server/auth/config.js';
import { createSecurity, type Security, type SecurityDependencies } from '../../server/http/security.js';
import express, { type Router } from 'express';
import { createApp } from '../../server/http/app.js';
import { errorHandler } from '../../server/http/errors.js';
import { createLogger, type Logger } from '../../server/log.js';
import type { CaseCommandContext } from '../../server/commands/requestSubmitter.js';
import type { DefinitionRoutesContext } from '../../server/http/routes/definitions.js';
import type { CaseAccessFacts, CaseFactsLookup } from '../../server/policies/case.js';
import type { ServiceHandler } from '../../server/engine/types.js';
import type { CaseEngine } from './cases.js';
import { useTestDatabase } from './mongo.js';
import { testRedisUrl, uniquePrefix } from './redis.js';

export interface TestApp {
  readonly baseUrl: string;
  readonly security: Security;
  readonly db: Connection;
  readonly redis: Redis;
  /** Log lines the app wrote (JSON, as on standard output). */
  readonly logLines: string[];
  /** With `withCases`: the engine and case context behind the request and case routes. */
  readonly cases?: CaseEngine;
  close(): Promise<void>;
}

/**
 * The product's API (createApp with the real security part) on a free loopback port. `env` is
 * the sign-in configuration (AUTH_MODE, OIDC_*, ...); PUBLIC_URL is set to the app's address.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    config?: (base: AuthConfig) => AuthConfig;
    caseFacts?: CaseAccessFacts[];
    /** The real case facts (the case model's lookup) instead of the fixed `caseFacts`. */
    caseFactsLookup?: CaseFactsLookup;
    /** The case and request routes' context, to put the case endpoints under test. */
    cases?: CaseCommandContext;
    /**
     * Mount the real request and case routes over a real engine runtime (the BPMN in processes/) on
     * the app's database, with the case model's own facts lookup; `unitId` receives the requests.
     */
    withCases?: { unitId: string; handlers?: Record<string, ServiceHandler> };
    limits?: SecurityDependencies['limits'];
    /** The process owners' workspace routes over this context (its store on the app's database). */
    definitions?: (db: Connection) => DefinitionRoutesContext;
    production?: boolean;
    /** Listen on this port (an OpenID provider started first needs the redirect URIs); default a free one. */
    port?: number;
    /**
     * Stand-ins for API routes others add (case routes, POST /api/requests): requests to these
     * paths go to `router` (its routes relative to /api) behind the security part, as in the product.
     */
    standIns?: { paths: string[]; router: (security: Security) => Router };
  } = {},
): Promise<TestApp> {
  const database = await useTestDatabase();
  const db = await mongoose.createConnection(database.uri).asPromise();
  let caseEngine: CaseEngine | undefined;
  let caseFacts = options.caseFactsLookup;
  let caseNumbers: ((ids: readonly string[]) => Promise<Map<string, string>>) | undefined;
  if (options.withCases) {
    const [{ startCaseEngine }, { caseFactsLookup, caseNumbersLookup }] = await Promise.all([import('./cases.js'), import('../../server/cases/access.js')]);
    caseEngine = await startCaseEngine({ name: 'app', database: { uri: database.uri }, ...options.withCases });
    caseFacts ??= caseFactsLookup(caseEngine.context.models);
    caseNumbers = caseNumbersLookup(caseEngine.context.models);
  }
  const casesContext = options.cases ?? caseEngine?.context;
  const redis = new Redis(testRedisUrl());
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const logLines: string[] = [];
  const logger: Logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
  let config = loadAuthConfig({ PUBLIC_URL: baseUrl, ...options.env }, { nodeEnv: 'test', port });
  if (options.config) config = options.config(config);
  const facts = new Map((options.caseFacts ?? []).flatMap((c) => [[c.id, c] as const, ...(c.caseNumber ? [[c.caseNumber, c] as const] : [])]));
  const security = await createSecurity({
    config,
    db,
    redis,
    logger,
    caseFacts: caseFacts ?? (async (id) => facts.get(id) ?? null),
    ...(caseNumbers ? { caseNumbers } : {}),
    redisKeyPrefix: `${uniquePrefix('auth')}:`,
    limits: {
      signIn: { windowMs: 60000, limit: 10000 },
      requests: { windowMs: 60000, limit: 10000 },
      anonymousSessions: { windowMs: 60000, limit: 10000 },
      ...options.limits,
    },
  });
  const app = createApp({
    logger,
    production: options.production ?? false,
    trustProxy: 'loopback',
    municipalityName: 'Testvik kommune',
    webDistDir: '/nonexistent-web-dist',
    checkReadiness: async () => ({ mongodb: true, redis: true }),
    // The answer deadline is tested against the whole product (test/foundation/outage.test.ts); here a
    // loaded test machine must not turn a slow answer into a 503.
    apiDeadlineMs: 60_000,
    security,
    ...(casesContext ? { cases: casesContext } : {}),
    ...(options.definitions ? { definitions: options.definitions(db) } : {}),
  });
  const standIns = options.standIns;
  if (standIns) {
    const standIn = express();
    standIn.use('/api', express.json({ limit: '100kb' }), security.api, standIns.router(security));
    standIn.use(errorHandler(logger));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const path = (req.url ?? '').split('?')[0] ?? '';
      (standIns.paths.some((prefix) => path.startsWith(prefix)) ? standIn : app)(req, res);
    });
  } else server.on('request', app);

  return {
    baseUrl,
    security,
    db,
    redis,
    logLines,
    ...(caseEngine ? { cases: caseEngine } : {}),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await caseEngine?.close();
      await redis.quit();
      await db.close();
      await database.close();
    },
  };
}

/** Cookies per host:port (paths and domains ignored: enough for a test). */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  csrfToken = '';

  constructor(readonly baseUrl: string) {}

  cookies(url: string): Map<string, string> {
    const host = new URL(url).host;
    let cookies = this.jar.get(host);
    if (!cookies) this.jar.set(host, (cookies = new Map()));
    return cookies;
  }

  /** One request, no redirects followed; cookies sent and stored. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const absolute = new URL(url, this.baseUrl).href;
    const cookies = this.cookies(absolute);
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const res = await fetch(absolute, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects (GET) until `stop` says so or an answer is not a redirect; returns the last response and the URLs visited. */
  async follow(url: string, stop: (url: URL) => boolean = () => false): Promise<{ res: Response; visited: URL[] }> {
    const visited: URL[] = [];
    let current = new URL(url, this.baseUrl);
    for (let hops = 0; hops < 20; hops++) {
      visited.push(current);
      if (hops > 0 && stop(current)) return { res: new Response(null, { status: 204 }), visited };
      const res = await this.fetch(current.href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, visited };
      await res.arrayBuffer();
      current = new URL(location, current);
    }
    throw new Error('too many redirects');
  }

  /** GET /api/auth/session, keeping the CSRF token. */
  async session(): Promise<{ user: { id: string; name: string; role: string } | null; csrfToken: string }> {
    const res = await this.fetch('/api/auth/session');
    const body = (await res.json()) as { user: { id: string; name: string; role: string } | null; csrfToken: string };
    this.csrfToken = body.csrfToken;
    return body;
  }

  /** A JSON API call that sends the CSRF token. */
  api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method,
      headers: {
        'accept-language': 'en',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.csrfToken ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  /** The development sign-in as one of the fictional users. */
  async signInDev(userId: string): Promise<void> {
    await this.session();
    const res = await this.api('POST', '/api/auth/dev/sign-in', { userId });
    if (res.status !== 200) throw new Error(`dev sign-in as ${userId} answered ${res.status}: ${await res.text()}`);
    this.csrfToken = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
}

export interface TestProvider {
  readonly issuer: string;
  /** The account (its claims) that the next sign-in at the provider authenticates as. */
  signInAs(account: { sub: string } & Record<string, unknown>): void;
  close(): Promise<void>;
}

export interface TestClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris?: string[];
}

/**
 * A real OpenID provider (oidc-provider) on a free loopback port. The login and consent
 * interactions are answered programmatically as the account set by signInAs().
 */
export async function startOidcProvider(clients: TestClient[]): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const accounts = new Map<string, Record<string, unknown>>();
  let next: ({ sub: string } & Record<string, unknown>) | undefined;

  // The provider's notices about its development defaults (keys, memory adapter, runtime) are noise here.
  for (const level of ['warn', 'info'] as const) {
    if ((console[level] as { quiet?: boolean }).quiet) continue;
    const original = console[level].bind(console);
    const quiet = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider ')) return;
      original(...args);
    };
    console[level] = Object.assign(quiet, { quiet: true });
  }
  // Imported here, after the filter above: it announces its runtime check on import.
  const { default: Provider } = await import('oidc-provider');
  const provider = new Provider(issuer, {
    clients: clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    claims: { openid: ['sub', 'pid'], profile: ['name'], email: ['email'] },
    // ID-porten puts pid in the ID token; so does this provider.
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
    features: { devInteractions: { enabled: false } },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      const claims = accounts.get(sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
  });

  const callback = provider.callback();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!next) throw new Error('signInAs() was not called before the sign-in');
        accounts.set(next.sub, next);
        await provider.interactionFinished(req, res, { login: { accountId: next.sub } }, { mergeWithLastSubmission: false });
        return;
      }
      const accountId = details.session?.accountId ?? '';
      const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    signInAs(account) {
      next = account;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
