import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../server/embedded/process.js';

export interface RunningProduct {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Everything the product wrote to stdout and stderr so far. */
  output(): string;
  /**
   * With `testClock`: moves the product's time forward (./test-clock.mjs) and resolves with its new
   * time. Throws without it.
   */
  advanceClock(ms: number): Promise<Date>;
  /** SIGTERM and wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  removeData(): Promise<void>;
}

const startTimeoutMs = 60000;

type ProductOptions = { env?: Record<string, string>; dataDir?: string; args?: string[]; detached?: boolean; testClock?: boolean };

/**
 * Starts the whole product (`npm start`'s entry point) as a child process on a free port with a
 * temporary data folder, and waits until /readyz answers 200. Embedded defaults are used unless
 * options.env says otherwise.
 */
export async function startProduct(options: ProductOptions = {}): Promise<RunningProduct> {
  const product = await spawnProduct(options);
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (product.process.exitCode !== null) throw new Error(`the product exited during start (code ${product.process.exitCode}):\n${product.output()}`);
    const ready = await fetch(`${product.baseUrl}/readyz`).then((res) => res.ok, () => false);
    if (ready) return product;
    if (Date.now() > deadline) {
      product.process.kill('SIGKILL');
      throw new Error(`the product was not ready within ${startTimeoutMs / 1000} s:\n${product.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Spawns the product as startProduct does, without waiting for it to be ready. */
export async function spawnProduct(options: ProductOptions = {}): Promise<RunningProduct> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'ip-product-')));
  const port = await findFreePort();
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info' };
  // The test run's own REDIS_URL must not leak in: the product starts its embedded default.
  delete env.REDIS_URL;
  Object.assign(env, { PORT: String(port), DATA_DIR: dataDir }, options.env);
  const clock = options.testClock ? ['--import', './test/support/test-clock.mjs'] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', ...clock, 'server/main.ts', ...(options.args ?? [])], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    env,
    // The test clock listens on the IPC channel (an extra one: the output stays piped).
    stdio: options.testClock ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal gives it (signals to -pid reach the product and its children).
    ...(options.detached ? { detached: true } : {}),
  });
  let output = '';
  // Piped above, whichever stdio was chosen.
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    process: child,
    output: () => output,
    advanceClock(ms) {
      if (!options.testClock) return Promise.reject(new Error('the product was started without the test clock'));
      return new Promise<Date>((resolve, reject) => {
        const answered = (message: unknown) => {
          const now = (message as { testClock?: { now?: string } } | null)?.testClock?.now;
          if (typeof now !== 'string') return;
          child.off('message', answered);
          resolve(new Date(now));
        };
        child.on('message', answered);
        child.send({ testClock: { advanceMs: ms } }, (error) => {
          if (error) reject(error);
        });
      });
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    removeData: () => rm(dataDir, { recursive: true, force: true }),
  };
}
