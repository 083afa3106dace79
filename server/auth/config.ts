import { ConfigError, type Config } from '../config.js';

/**
 * Sign-in and session settings, read from the environment and validated like the rest of the
 * configuration (a wrong or missing value is a ConfigError naming the variable). Only the API
 * process loads them: workers need no sign-in secrets.
 */
export type AuthMode = 'dev' | 'oidc';
export type Audience = 'citizen' | 'staff';
export const audiences: readonly Audience[] = ['citizen', 'staff'];

export interface OidcClientSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  /** Sent as acr_values, and the ID token's acr must be one of them (ID-porten: idporten-loa-high). */
  readonly acrValues: readonly string[];
}

export interface AuthConfig {
  /** 'dev': the development sign-in with fictional users. 'oidc': OpenID Connect. */
  readonly mode: AuthMode;
  readonly production: boolean;
  /** The address users reach the product at (origin only); redirect URIs are made from it. */
  readonly publicUrl: string;
  readonly sessionSecret: string;
  readonly sessionIdleMinutes: number;
  readonly sessionMaxHours: number;
  /** Set when mode is 'oidc'. */
  readonly citizen?: OidcClientSettings & { readonly nationalIdClaim: string };
  /** Set when mode is 'oidc'. */
  readonly staff?: OidcClientSettings & { readonly loginClaim: string };
  /** Staff logins (values of the login claim) that become admins at their first sign-in. */
  readonly bootstrapAdmins: readonly string[];
}

type Env = Record<string, string | undefined>;

const developmentSessionSecret = 'development-only-session-secret-not-for-production';

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Env, name: string, why: string): string {
  const value = optional(env, name);
  if (value === undefined) throw new ConfigError(name, `must be set ${why}`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function httpUrl(name: string, raw: string, production: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && !production)) {
    throw new ConfigError(name, production ? 'must start with https:// in production' : 'must start with http:// or https://');
  }
  return parsed;
}

function oidcClient(env: Env, prefix: string, production: boolean, defaultScope: string): OidcClientSettings {
  const why = 'when AUTH_MODE is oidc';
  const issuer = httpUrl(`${prefix}_ISSUER`, required(env, `${prefix}_ISSUER`, why), production).href.replace(/\/$/, '');
  return {
    issuer,
    clientId: required(env, `${prefix}_CLIENT_ID`, why),
    clientSecret: required(env, `${prefix}_CLIENT_SECRET`, why),
    scope: optional(env, `${prefix}_SCOPE`) ?? defaultScope,
    acrValues: (optional(env, `${prefix}_ACR_VALUES`) ?? '').split(/\s+/).filter(Boolean),
  };
}

export function loadAuthConfig(env: Env, base: Pick<Config, 'nodeEnv' | 'port'>): AuthConfig {
  const production = base.nodeEnv === 'production';
  const rawMode = optional(env, 'AUTH_MODE');
  if (rawMode !== undefined && rawMode !== 'dev' && rawMode !== 'oidc') {
    throw new ConfigError('AUTH_MODE', `must be one of dev, oidc (got "${rawMode}")`);
  }
  const mode: AuthMode = rawMode ?? (production ? 'oidc' : 'dev');
  if (production && mode === 'dev') {
    throw new ConfigError('AUTH_MODE', 'cannot be dev when NODE_ENV is production: the development sign-in lets anyone act as a fictional user');
  }

  const rawPublicUrl = production ? required(env, 'PUBLIC_URL', 'in production') : (optional(env, 'PUBLIC_URL') ?? `http://localhost:${base.port || 3000}`);
  const publicUrl = httpUrl('PUBLIC_URL', rawPublicUrl, production);
  if (publicUrl.pathname !== '/' || publicUrl.search || publicUrl.hash) {
    throw new ConfigError('PUBLIC_URL', 'must be an origin only, such as https://ip.kommune.no');
  }

  const sessionSecret = production ? required(env, 'SESSION_SECRET', 'in production') : (optional(env, 'SESSION_SECRET') ?? developmentSessionSecret);
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters long');
  if (production && sessionSecret === developmentSessionSecret) throw new ConfigError('SESSION_SECRET', 'must not be the development default in production');

  const config: AuthConfig = {
    mode,
    production,
    publicUrl: publicUrl.origin,
    sessionSecret,
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 30, 1, 1440),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 168),
    bootstrapAdmins: (optional(env, 'STAFF_ADMINS') ?? '')
      .split(',')
      .map((login) => login.trim().toLowerCase())
      .filter(Boolean),
  };
  if (mode === 'dev') return config;
  return {
    ...config,
    citizen: { ...oidcClient(env, 'OIDC_CITIZEN', production, 'openid profile'), nationalIdClaim: optional(env, 'OIDC_CITIZEN_ID_CLAIM') ?? 'pid' },
    staff: { ...oidcClient(env, 'OIDC_STAFF', production, 'openid profile email'), loginClaim: optional(env, 'OIDC_STAFF_LOGIN_CLAIM') ?? 'email' },
  };
}
