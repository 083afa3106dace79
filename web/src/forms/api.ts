/** Calls to the API from forms: the session's CSRF token on every change, errors in the API's shape. */

let csrfToken: string | undefined;

export interface ApiError {
  readonly field: string | null;
  readonly message: string;
}

export async function sessionInfo(): Promise<{ csrfToken: string; user: { id: string; name: string; role: string } | null; signIn?: Record<string, string> }> {
  const response = await fetch('/api/auth/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`GET /api/auth/session answered ${response.status}`);
  const body = (await response.json()) as { csrfToken: string; user: { id: string; name: string; role: string } | null; signIn?: Record<string, string> };
  csrfToken = body.csrfToken;
  return body;
}

async function token(): Promise<string> {
  return csrfToken ?? (await sessionInfo()).csrfToken;
}

export async function apiSend(
  url: string,
  body: unknown,
  options: { language: string; headers?: Record<string, string>; formData?: FormData; method?: string } = { language: 'nb' },
): Promise<{ status: number; body: unknown }> {
  const send = async () =>
    fetch(url, {
      method: options.method ?? 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Accept-Language': options.language,
        'X-CSRF-Token': await token(),
        ...(options.formData ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      body: options.formData ?? JSON.stringify(body),
    });
  let response = await send();
  if (response.status === 403) {
    // The session may have been renewed: fetch a fresh token once and try again.
    csrfToken = undefined;
    response = await send();
  }
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
  const body = response.ok ? ((await response.json()) as T) : null;
  return { status: response.status, body };
}

/** Field errors of a 422 answer by path. */
export function fieldErrors(body: unknown): Record<string, string> {
  const errors = (body as { errors?: ApiError[] } | null)?.errors ?? [];
  return Object.fromEntries(errors.map((error) => [error.field ?? '', error.message]));
}
