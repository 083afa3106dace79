import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { findFreePort } from '../../server/embedded/process.js';
import { requestForm } from '../../forms/request.js';
import { startProduct } from '../support/product.js';

/** The product as a whole process on its embedded defaults: health, API basics, restart, bad configuration. */
describe('the product on its embedded defaults', () => {
  let dataDir: string;
  let mongoPort: number;
  let redisPort: number;
  let product: Awaited<ReturnType<typeof startProduct>>;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ip-foundation-'));
    mongoPort = await findFreePort();
    redisPort = await findFreePort();
    product = await startProduct({ dataDir, env: { MONGO_PORT: String(mongoPort), REDIS_PORT: String(redisPort) } });
  });

  afterAll(async () => {
    await product?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is alive and ready, with MongoDB and Redis reachable', async () => {
    const health = await fetch(`${product.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${product.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { mongodb: true, redis: true } });
  });

  it('serves the public settings and the web app', async () => {
    const settings = await fetch(`${product.baseUrl}/api/settings`);
    expect(await settings.json()).toEqual({ municipalityName: 'Eksempel kommune' });
    const page = await fetch(`${product.baseUrl}/some/client/route`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('answers unknown API routes with the one error shape, in the asked language', async () => {
    for (const [language, message] of [
      ['nb', 'Fant ikke det du spurte etter.'],
      ['nn', 'Fann ikkje det du spurde etter.'],
      ['en', 'What you asked for was not found.'],
    ] as const) {
      const res = await fetch(`${product.baseUrl}/api/nothing-here`, { headers: { 'accept-language': language } });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ errors: [{ field: null, message }] });
    }
  });

  it('refuses malformed JSON with a 400 in the error shape', async () => {
    const res = await fetch(`${product.baseUrl}/api/settings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{"broken": ',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ field: null, message: 'The request is not valid JSON.' }] });
  });

  it('sends security headers', async () => {
    const res = await fetch(`${product.baseUrl}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('turns a request sent to the API into a case whose process waits at its first task', async () => {
    const session = await fetch(`${product.baseUrl}/api/auth/session`);
    const cookie = (session.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const sent = await fetch(`${product.baseUrl}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken, 'idempotency-key': `product-test-${process.pid}` },
      body: JSON.stringify(requestForm.example),
    });
    expect(sent.status).toBe(201);
    const { caseNumber } = (await sent.json()) as { caseNumber: string };
    expect(caseNumber).toMatch(/^IP-\d{4}-\d{6}$/);

    const mongo = await MongoClient.connect(`mongodb://127.0.0.1:${mongoPort}/`);
    try {
      const db = mongo.db('individuell-plan');
      const theCase = await db.collection('cases').findOne({ caseNumber });
      const tasks = await db.collection('tasks').find({ caseId: theCase?._id.toHexString(), status: 'open' }).toArray();
      // Consent is given and the signature valid, so the coordinating unit assesses the need.
      expect(tasks.map((task) => task.formKey)).toEqual(['need-assessment']);
    } finally {
      await mongo.close();
    }
  });

  it('refuses a second process on the same data folder, naming DATA_DIR', async () => {
    await expect(startProduct({ dataDir })).rejects.toThrow(/DATA_DIR .* is in use by another running process/);
  });

  it('keeps MongoDB and Redis data in DATA_DIR across a stop and a start', async () => {
    const mongo = await MongoClient.connect(`mongodb://127.0.0.1:${mongoPort}/`);
    await mongo.db('individuell-plan').collection('restart-check').insertOne({ _id: 'kept' as never, note: 'survives' });
    await mongo.close();
    const redis = new Redis(`redis://127.0.0.1:${redisPort}`);
    await redis.set('restart-check', 'survives');
    await redis.quit();

    expect(await product.stop()).toBe(0);
    expect(product.output()).toContain('"msg":"stopped"');
    product = await startProduct({ dataDir, env: { MONGO_PORT: String(mongoPort), REDIS_PORT: String(redisPort) } });

    const mongoAgain = await MongoClient.connect(`mongodb://127.0.0.1:${mongoPort}/`);
    const doc = await mongoAgain.db('individuell-plan').collection('restart-check').findOne({ _id: 'kept' as never });
    await mongoAgain.close();
    expect(doc).toEqual({ _id: 'kept', note: 'survives' });
    const redisAgain = new Redis(`redis://127.0.0.1:${redisPort}`);
    expect(await redisAgain.get('restart-check')).toBe('survives');
    await redisAgain.quit();
  });
});

describe('startup with a bad configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535 (got "abc").'],
    [{ MONGODB_URI: 'localhost:27017' }, 'Invalid configuration: MONGODB_URI must start with mongodb:// or mongodb+srv://.'],
  ])('%p stops with a message naming the variable', async (env, message) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr.trim()).toBe(message);
  });
});
