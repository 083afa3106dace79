import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isProcessAlive } from '../../server/embedded/process.js';
import { spawnProduct, startProduct, type RunningProduct } from '../support/product.js';

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The product on its embedded defaults while its redis-server stops answering or dies. */
describe('a Redis outage', () => {
  let product: RunningProduct;

  beforeAll(async () => {
    product = await startProduct({ detached: true });
  });

  afterAll(async () => {
    if (product && product.process.exitCode === null) await product.stop();
    await product?.removeData();
  });

  const redisPid = async () => Number((await readFile(path.join(product.dataDir, 'redis', 'redis.pid'), 'utf8')).trim());

  it('while redis-server does not answer, every API call answers 503 in the error shape within 5 s, and /readyz reports degraded', async () => {
    const session = await fetch(`${product.baseUrl}/api/auth/session`);
    const cookie = (session.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const pid = await redisPid();
    process.kill(pid, 'SIGSTOP');
    try {
      // The public settings need no session, and keep answering.
      const settings = await fetch(`${product.baseUrl}/api/settings`, { signal: AbortSignal.timeout(5000) });
      expect(settings.status).toBe(200);
      const calls: [string, RequestInit][] = [
        ['/api/auth/session', {}],
        ['/api/cases', { headers: { cookie } }],
        ['/api/auth/dev/users', { headers: { cookie } }],
        ['/api/requests', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: '{}' }],
      ];
      for (const [pathName, init] of calls) {
        const started = Date.now();
        const res = await fetch(`${product.baseUrl}${pathName}`, { ...init, headers: { 'accept-language': 'en', ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(10_000) });
        expect(Date.now() - started).toBeLessThan(5000);
        expect({ pathName, status: res.status, body: await res.json() }).toEqual({
          pathName,
          status: 503,
          body: { errors: [{ field: null, message: 'The service is temporarily unavailable. Please try again shortly.' }] },
        });
      }
      const health = await fetch(`${product.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`${product.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'degraded', checks: { mongodb: true, redis: false } });
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await until(async () => (await fetch(`${product.baseUrl}/readyz`)).ok);
    expect((await fetch(`${product.baseUrl}/api/auth/session`)).status).toBe(200);
  });

  it('a redis-server that dies is started again by its supervisor, and the product serves again', async () => {
    const pid = await redisPid();
    process.kill(pid, 'SIGKILL');
    await until(async () => {
      const next = await redisPid().catch(() => pid);
      return next !== pid && isProcessAlive(next) && (await fetch(`${product.baseUrl}/readyz`)).ok;
    });
    expect(product.output()).toContain('embedded redis-server started again');
    expect((await fetch(`${product.baseUrl}/api/auth/session`)).status).toBe(200);
  });
});

describe('stopping the product', () => {
  it('Ctrl-C in the terminal stops the product and its redis-server without an error', async () => {
    const product = await startProduct({ detached: true });
    // Signals are handled once the product has started (it logs "listening").
    await until(async () => product.output().includes('"msg":"listening"'));
    const before = product.output().length;
    const pid = Number((await readFile(path.join(product.dataDir, 'redis', 'redis.pid'), 'utf8')).trim());
    const exited = new Promise<number | null>((resolve) => product.process.once('exit', (code) => resolve(code)));
    // What a terminal does on Ctrl-C: SIGINT to the whole foreground process group.
    process.kill(-product.process.pid!, 'SIGINT');
    const code = await exited;
    const after = product.output().slice(before);
    if (code !== 0) throw new Error(`exit ${code}: ${after}`);
    expect(after).toContain('"msg":"stopped"');
    expect(after).not.toContain('exited unexpectedly');
    expect(after).not.toMatch(/"level":(50|60)/);
    await until(async () => !isProcessAlive(pid), 10_000);
    await product.removeData();
  });

  it('a stop asked for while the product starts waits for the start, then stops its redis-server too', async () => {
    const product = await spawnProduct();
    try {
      // The moment its redis-server is up, long before the product serves.
      let redis = 0;
      await until(async () => {
        redis = Number((await readFile(path.join(product.dataDir, 'redis', 'redis.pid'), 'utf8').catch(() => '')).trim());
        return redis > 0 && isProcessAlive(redis);
      });
      expect(product.output()).not.toContain('"msg":"listening"');
      const code = await product.stop();
      if (code !== 0) throw new Error(`exit ${code}: ${product.output()}`);
      expect(product.output()).toContain('"msg":"stopped"');
      await until(async () => !isProcessAlive(redis), 10_000);
    } finally {
      await product.removeData();
    }
  });

  it('a shutdown past its deadline ends the product and still stops its redis-server', async () => {
    const product = await startProduct({ env: { SHUTDOWN_TIMEOUT_MS: '1000' } });
    try {
      const redis = Number((await readFile(path.join(product.dataDir, 'redis', 'redis.pid'), 'utf8')).trim());
      // A redis-server that does not answer holds the shutdown past its deadline.
      process.kill(redis, 'SIGSTOP');
      expect(await product.stop()).toBe(1);
      expect(product.output()).toContain('shutdown took too long');
      // The stop it was sent waits until it runs again.
      process.kill(redis, 'SIGCONT');
      await until(async () => !isProcessAlive(redis), 10_000);
    } finally {
      await product.removeData();
    }
  });
});
