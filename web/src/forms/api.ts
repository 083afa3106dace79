/**
 * Calls to the API: the session (one shared `GET /api/auth/session`), the session's CSRF token on
 * every change, errors in the API's shape.
 */

export interface ApiError {
  readonly field: string | null;
  readonly message: string;
}

export interface SessionUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly unitId: string | null;
  readonly lead: boolean;
}

/** The answer of `GET /api/auth/session` (and of `POST /api/auth/dev/sign-in`). */
export interface Session {
  readonly user: SessionUser | null;
  readonly csrfToken: string;
  readonly mode: 'dev' | 'oidc';
  /** True with the development sign-in (fictional people only). */
  readonly development: boolean;
  readonly signIn: Readonly<Record<string, string>>;
}

export type SessionState = { readonly status: 'loading' } | { readonly status: 'ready'; readonly session: Session } | { readonly status: 'failed' };

let sessionRequest: Promise<Session> | undefined;
let sessionState: SessionState = { status: 'loading' };
const sessionListeners = new Set<() => void>();

function publish(state: SessionState): void {
  sessionState = state;
  for (const listener of sessionListeners) listener();
}

/**
 * The session, fetched once and shared by the whole app (header, pages and the calls below).
 * `refresh` fetches it again: after sign-out, or when the server no longer knows the session.
 */
export function sessionInfo(options: { refresh?: boolean } = {}): Promise<Session> {
  if (sessionRequest && !options.refresh) return sessionRequest;
  const request = fetch('/api/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(async (response) => {
      if (!response.ok) throw new Error(`GET /api/auth/session answered ${response.status}`);
      return parseSession(await response.json());
    })
    .then(
      (session) => {
        if (sessionRequest === request) publish({ status: 'ready', session });
        return session;
      },
      (error: unknown) => {
        if (sessionRequest === request) {
          sessionRequest = undefined; // the next call tries again
          publish({ status: 'failed' });
        }
        throw error;
      },
    );
  sessionRequest = request;
  return request;
}

/** Takes a session the server answered directly (the development sign-in answers the new one). */
export function setSession(body: unknown): Session {
  const session = parseSession(body);
  sessionRequest = Promise.resolve(session);
  publish({ status: 'ready', session });
  return session;
}

/** For React's useSyncExternalStore: the session as known now, and a way to hear of changes. */
export function sessionSnapshot(): SessionState {
  return sessionState;
}

export function subscribeSession(listener: () => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function parseSession(body: unknown): Session {
  const value = body as Partial<Session> | null;
  if (!value || typeof value.csrfToken !== 'string') throw new Error('the session answer has no CSRF token');
  const user = value.user && typeof value.user.name === 'string' && typeof value.user.role === 'string' ? value.user : null;
  return {
    user: user ? { id: user.id, name: user.name, role: user.role, unitId: user.unitId ?? null, lead: user.lead === true } : null,
    csrfToken: value.csrfToken,
    mode: value.mode === 'oidc' ? 'oidc' : 'dev',
    development: value.development === true,
    signIn: value.signIn ?? {},
  };
}

/** A 401 while the app thinks someone is signed in: the session ended (idle or maximum time). */
function noticeStatus(status: number): void {
  if (status === 401 && sessionState.status === 'ready' && sessionState.session.user) void sessionInfo({ refresh: true }).catch(() => undefined);
}

async function token(): Promise<string> {
  return (await sessionInfo()).csrfToken;
}

export async function apiSend(
  url: string,
  body: unknown,
  options: { language: string; headers?: Record<string, string>; formData?: FormData; text?: { contentType: string; body: string }; method?: string } = { language: 'nb' },
): Promise<{ status: number; body: unknown }> {
  const send = async () =>
    fetch(url, {
      method: options.method ?? 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': options.language,
        'X-CSRF-Token': await token(),
        ...(options.formData ? {} : { 'Content-Type': options.text?.contentType ?? 'application/json' }),
        ...options.headers,
      },
      body: options.formData ?? options.text?.body ?? JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 403) {
    // The session may have been renewed: fetch a fresh token once and try again.
    await sessionInfo({ refresh: true });
    response = await send();
  }
  noticeStatus(response.status);
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}

export async function apiGet<T>(url: string, language: string): Promise<{ status: number; body: T | null }> {
  const response = await fetch(url, { headers: { Accept: 'application/json', 'Accept-Language': language }, credentials: 'same-origin' });
  noticeStatus(response.status);
  const body = response.ok ? ((await response.json()) as T) : null;
  return { status: response.status, body };
}

/** Field errors of a 422 answer by path. */
export function fieldErrors(body: unknown): Record<string, string> {
  const errors = (body as { errors?: ApiError[] } | null)?.errors ?? [];
  return Object.fromEntries(errors.map((error) => [error.field ?? '', error.message]));
}
