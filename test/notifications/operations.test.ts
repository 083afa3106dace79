// Operations: Bull Board over the product's queues for admins only, and the startup check of
// Redis' eviction policy (a warning in development, a refusal in production).
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { SessionUser } from '../../server/auth/types.js';
import { apiNotFound, errorHandler } from '../../server/http/errors.js';
import { operationsRoutes, productQueues } from '../../server/http/routes/operations.js';
import { checkRedisEvictionPolicy, RedisPolicyError } from '../../workers/redis-policy.js';
import { testLogger } from '../support/engine.js';
import { testRedisUrl } from '../support/redis.js';

describe('the operations view', () => {
  let server: Server;
  let baseUrl: string;
  let connection: Redis;
  let queues: ReturnType<typeof productQueues>;

  beforeAll(async () => {
    connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    queues = productQueues(connection);
    const app = express();
    app.use('/api', (req, _res, next) => {
      const user = req.get('x-test-user');
      if (user) req.user = JSON.parse(user) as SessionUser;
      next();
    });
    app.use('/api', operationsRoutes(queues));
    app.use('/api', apiNotFound);
    app.use(errorHandler(testLogger()));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await Promise.all(queues.map((queue) => queue.close()));
    await connection.quit();
  });

  const as = (user?: SessionUser): RequestInit => ({ headers: user ? { 'x-test-user': JSON.stringify(user) } : {} });
  const admin: SessionUser = { id: 'de0000000000000000000008', name: 'Admin', role: 'admin' };
  const lead: SessionUser = { id: 'de0000000000000000000004', name: 'Liv Berg', role: 'ke-caseworker', unitId: 'ke-eksempel', lead: true };

  it('admins see the queues; staff get 403, anyone else 401', async () => {
    const page = await fetch(`${baseUrl}/api/admin/queues`, as(admin));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const api = await fetch(`${baseUrl}/api/admin/queues/api/queues`, as(admin));
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] }).queues.map((q) => [q.name, q.readOnlyMode]);
    expect(names.sort()).toEqual([['engine-jobs', true], ['engine-timers', true], ['notifications', true], ['reminders', true]]);
    expect((await fetch(`${baseUrl}/api/admin/queues`, as(lead))).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/admin/queues/api/queues`, as(lead))).status).toBe(403);
    expect((await fetch(`${baseUrl}/api/admin/queues`)).status).toBe(401);
  });
});

describe('the eviction policy check', () => {
  let dir: string;
  let child: ChildProcess;
  let socket: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-policy-'));
    socket = path.join(dir, 'redis.sock');
    child = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (/ready to accept connections/i.test(out)) resolve();
      });
    });
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  function logged() {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    return { logger, lines };
  }

  it('warns in development and refuses in production when Redis may evict keys; says nothing with noeviction', async () => {
    const infrastructure = { createRedisConnection: () => new Redis({ path: socket, maxRetriesPerRequest: null }) };
    const dev = logged();
    await checkRedisEvictionPolicy(infrastructure, { production: false, logger: dev.logger });
    expect(dev.lines).toEqual([expect.objectContaining({ maxmemoryPolicy: 'allkeys-lru', msg: expect.stringContaining('not noeviction') })]);
    await expect(checkRedisEvictionPolicy(infrastructure, { production: true, logger: dev.logger })).rejects.toThrow(RedisPolicyError);

    const admin = infrastructure.createRedisConnection();
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.quit();
    const ok = logged();
    await checkRedisEvictionPolicy(infrastructure, { production: true, logger: ok.logger });
    expect(ok.lines).toEqual([]);
  });
});
