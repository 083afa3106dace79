import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadAuthConfig } from '../../server/auth/config.js';
import { ConfigError } from '../../server/config.js';

const oidcEnv = {
  PUBLIC_URL: 'https://ip.testvik.kommune.no',
  SESSION_SECRET: 'a-long-random-secret-of-at-least-32-characters',
  OIDC_CITIZEN_ISSUER: 'https://idporten.no',
  OIDC_CITIZEN_CLIENT_ID: 'citizen',
  OIDC_CITIZEN_CLIENT_SECRET: 'citizen-secret',
  OIDC_STAFF_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
  OIDC_STAFF_CLIENT_ID: 'staff',
  OIDC_STAFF_CLIENT_SECRET: 'staff-secret',
};

function configError(env: Record<string, string>, nodeEnv: 'development' | 'production' | 'test'): ConfigError {
  try {
    loadAuthConfig(env, { nodeEnv, port: 3000 });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('sign-in configuration', () => {
  it('defaults to the development sign-in outside production', () => {
    expect(loadAuthConfig({}, { nodeEnv: 'development', port: 3000 })).toMatchObject({
      mode: 'dev',
      production: false,
      publicUrl: 'http://localhost:3000',
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
    });
  });

  it('refuses the development sign-in in production, naming AUTH_MODE', () => {
    const error = configError({ ...oidcEnv, AUTH_MODE: 'dev' }, 'production');
    expect(error.variable).toBe('AUTH_MODE');
    expect(error.message).toMatch(/AUTH_MODE cannot be dev when NODE_ENV is production/);
  });

  it.each([
    ['PUBLIC_URL', /PUBLIC_URL must be set in production/],
    ['SESSION_SECRET', /SESSION_SECRET must be set in production/],
    ['OIDC_CITIZEN_ISSUER', /OIDC_CITIZEN_ISSUER must be set when AUTH_MODE is oidc/],
    ['OIDC_CITIZEN_CLIENT_SECRET', /OIDC_CITIZEN_CLIENT_SECRET must be set/],
    ['OIDC_STAFF_CLIENT_ID', /OIDC_STAFF_CLIENT_ID must be set/],
  ])('production without %s refuses, naming it', (missing, message) => {
    const env: Record<string, string> = { ...oidcEnv };
    delete env[missing];
    const error = configError(env, 'production');
    expect(error.variable).toBe(missing);
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ PUBLIC_URL: 'http://ip.testvik.kommune.no' }, 'PUBLIC_URL', /must start with https:\/\/ in production/],
    [{ PUBLIC_URL: 'https://ip.testvik.kommune.no/app' }, 'PUBLIC_URL', /must be an origin only/],
    [{ OIDC_CITIZEN_ISSUER: 'http://idporten.no' }, 'OIDC_CITIZEN_ISSUER', /https/],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET', /at least 32 characters/],
    [{ SESSION_IDLE_MINUTES: '0' }, 'SESSION_IDLE_MINUTES', /whole number from 1/],
    [{ AUTH_MODE: 'open' }, 'AUTH_MODE', /must be one of dev, oidc/],
  ])('refuses %p in production', (change, variable, message) => {
    const error = configError({ ...oidcEnv, ...change }, 'production');
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('reads a complete production configuration', () => {
    const config = loadAuthConfig({ ...oidcEnv, OIDC_CITIZEN_ACR_VALUES: 'idporten-loa-high', STAFF_ADMINS: 'Kim@Testvik.no, ola@testvik.no' }, { nodeEnv: 'production', port: 8080 });
    expect(config).toMatchObject({
      mode: 'oidc',
      production: true,
      publicUrl: 'https://ip.testvik.kommune.no',
      citizen: { issuer: 'https://idporten.no', clientId: 'citizen', scope: 'openid profile', acrValues: ['idporten-loa-high'], nationalIdClaim: 'pid' },
      staff: { clientId: 'staff', scope: 'openid profile email', loginClaim: 'email' },
      bootstrapAdmins: ['kim@testvik.no', 'ola@testvik.no'],
    });
  });

  it('stops the product at startup with AUTH_MODE=dev in production (exit 78, naming AUTH_MODE)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...oidcEnv, NODE_ENV: 'production', AUTH_MODE: 'dev' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr.trim()).toMatch(/^Invalid configuration: AUTH_MODE cannot be dev when NODE_ENV is production/);
  });

  it('stops the product in production without OIDC settings, naming the first missing one', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, NODE_ENV: 'production', PUBLIC_URL: oidcEnv.PUBLIC_URL, SESSION_SECRET: oidcEnv.SESSION_SECRET, AUTH_MODE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr.trim()).toBe('Invalid configuration: OIDC_CITIZEN_ISSUER must be set when AUTH_MODE is oidc.');
  });
});
