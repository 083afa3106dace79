import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../server/embedded/mongo/index.js';
import { findFreePort } from '../../server/embedded/process.js';
import { testRedisUrl } from '../support/redis.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Child {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(entry: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { process: child, output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, child: Child): Promise<void> {
  const deadline = Date.now() + 60000;
  while (!(await check())) {
    if (child.process.exitCode !== null) throw new Error(`exited before ${what}:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within 60 s:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Production shape: the API and the workers as separate processes on one MongoDB and one Redis. */
describe('npm run server and npm run worker side by side', () => {
  let mongo: EmbeddedMongo;
  const children: Child[] = [];

  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
  });

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await mongo.close();
  });

  it('share the configured services, and both stop gracefully on SIGTERM', async () => {
    const port = await findFreePort();
    const env = { MONGODB_URI: mongo.uri(`scaling-${process.pid}`), REDIS_URL: testRedisUrl(), PORT: String(port) };
    const server = run('server/main.ts', ['--api-only'], env);
    const worker = run('workers/main.ts', [], env);
    children.push(server, worker);

    await waitFor('readiness', () => fetch(`http://127.0.0.1:${port}/readyz`).then((res) => res.ok, () => false), server);
    await waitFor('workers', () => worker.output().includes('"msg":"workers started"'), worker);
    expect(server.output()).toContain('"workers":false');
    expect(server.output()).not.toContain('embedded');
    expect(worker.output()).not.toContain('embedded');

    server.process.kill('SIGTERM');
    worker.process.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain('"msg":"stopped"');
  });
});
