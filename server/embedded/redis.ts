import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { findFreePort, isProcessAlive } from './process.js';

/**
 * Runs redis-server from the PATH as the embedded default when no REDIS_URL is configured.
 * Settings follow what BullMQ needs to keep delayed jobs across restarts: an append-only file
 * fsynced every second and no eviction.
 */
export interface EmbeddedRedis {
  readonly url: string;
  /** The running redis-server's pid (it changes when the supervisor starts it again). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export class RedisServerMissingError extends Error {
  constructor() {
    super(
      'redis-server was not found on the PATH: install it (Debian/Ubuntu: apt-get install redis-server, which npm run setup does when run as root) or set REDIS_URL to a running Redis.',
    );
    this.name = 'RedisServerMissingError';
  }
}

const startTimeoutMs = 15000;
/** Backoff of the supervisor's restarts: 200 ms, 400 ms, … at most 10 s; afresh after a minute up. */
const restartFirstDelayMs = 200;
const restartMaxDelayMs = 10_000;
const restartResetMs = 60_000;

export async function startEmbeddedRedis(options: {
  dataDir: string;
  port: number;
  logger: Logger;
}): Promise<EmbeddedRedis> {
  const dir = path.join(options.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const pidFile = path.join(dir, 'redis.pid');
  await stopLeftover(pidFile, options.logger);

  const port = options.port || (await findFreePort());
  const log = options.logger.child({ component: 'redis-server' });
  // prettier-ignore
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dir,
    '--pidfile', pidFile,
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--maxmemory-policy', 'noeviction',
    '--save', '',
    '--daemonize', 'no',
    '--logfile', '',
  ];
  /** A redis-server spawned and not yet ready. */
  let starting: ChildProcess | undefined;
  // Its own process group: a Ctrl-C in the terminal reaches the product, which stops redis-server
  // itself after its own work, instead of both at once (and redis-server's exit looking like a crash).
  const launch = async (): Promise<ChildProcess> => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    starting = started;
    try {
      await waitUntilReady(started, log);
    } finally {
      starting = undefined;
    }
    return started;
  };

  // Its own process group keeps it alive when this process ends without stopping it (a shutdown
  // past its deadline, a failed start): it is told to stop then too, and SIGTERM still flushes the
  // append-only file.
  let child: ChildProcess | undefined;
  const stopOnExit = () => {
    for (const running of [child, starting]) {
      if (running && running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
    }
  };
  process.on('exit', stopOnExit);
  try {
    child = await launch();
  } catch (error) {
    process.off('exit', stopOnExit);
    throw error;
  }
  log.info({ port, dir }, 'embedded redis-server started');

  let stopping: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let startedAt = Date.now();

  /** The supervisor: an unexpected exit is logged and redis-server is started again on the same port, with backoff. */
  const supervise = (running: ChildProcess) => {
    running.once('exit', (code, signal) => {
      if (stopping) {
        log.info('embedded redis-server stopped');
        return;
      }
      // A server that ran a while starts the backoff afresh.
      if (Date.now() - startedAt > restartResetMs) failures = 0;
      const delay = Math.min(restartMaxDelayMs, restartFirstDelayMs * 2 ** failures);
      failures += 1;
      log.error({ code, signal, restartInMs: delay }, 'embedded redis-server exited unexpectedly; starting it again');
      const restart = () => {
        restartTimer = undefined;
        if (stopping) return;
        launch().then(
          (next) => {
            if (stopping) {
              next.kill('SIGTERM');
              return;
            }
            child = next;
            startedAt = Date.now();
            log.warn({ port, attempt: failures }, 'embedded redis-server started again');
            supervise(next);
          },
          (error: unknown) => {
            const retryIn = Math.min(restartMaxDelayMs, restartFirstDelayMs * 2 ** failures);
            failures += 1;
            log.error({ err: (error as Error).message, retryInMs: retryIn }, 'embedded redis-server did not start again');
            restartTimer = setTimeout(restart, retryIn);
          },
        );
      };
      restartTimer = setTimeout(restart, delay);
    });
  };
  supervise(child);

  return {
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (restartTimer) clearTimeout(restartTimer);
        const current = child!;
        if (current.exitCode !== null || current.signalCode !== null) return resolve();
        current.once('exit', () => resolve());
        // SIGTERM makes redis-server flush the append-only file before it exits.
        current.kill('SIGTERM');
      }).then(() => {
        // A start in progress is stopped when it is ready (the supervisor), or by the hook at exit.
        if (!starting) process.off('exit', stopOnExit);
      });
      return stopping;
    },
  };
}

function waitUntilReady(child: ChildProcess, log: Logger): Promise<void> {
  return new Promise((resolve, reject) => {
    const recent: string[] = [];
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within ${startTimeoutMs / 1000} s: ${recent.join(' | ')}`));
    }, startTimeoutMs);
    const onLine = (line: string) => {
      if (!line.trim()) return;
      recent.push(line.trim());
      if (recent.length > 5) recent.shift();
      log.debug({ line }, 'redis-server');
      if (!ready && line.includes('Ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve();
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        lines.forEach(onLine);
      });
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new RedisServerMissingError() : error);
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`redis-server exited during start (${signal ?? `code ${code}`}): ${recent.join(' | ')}`));
    });
  });
}

/**
 * A redis-server left running by a product process that was killed still holds the append-only
 * file; two servers on one file would corrupt it, so the leftover one is shut down first.
 */
async function stopLeftover(pidFile: string, log: Logger): Promise<void> {
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid) || !(await isRedisServer(pid))) {
    await rm(pidFile, { force: true });
    return;
  }
  log.warn({ pid }, 'stopping a redis-server left running on this data folder');
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + startTimeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`redis-server (pid ${pid}) of ${pidFile} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function isRedisServer(pid: number): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('redis-server');
  } catch {
    return false;
  }
}
