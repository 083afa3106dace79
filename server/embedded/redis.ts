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
  // prettier-ignore
  const child = spawn('redis-server', [
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
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.logger.child({ component: 'redis-server' });
  await waitUntilReady(child, log);
  log.info({ port, dir }, 'embedded redis-server started');

  let stopping: Promise<void> | undefined;
  child.once('exit', (code, signal) => {
    if (stopping) log.info('embedded redis-server stopped');
    else log.error({ code, signal }, 'embedded redis-server exited unexpectedly');
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        // SIGTERM makes redis-server flush the append-only file before it exits.
        child.kill('SIGTERM');
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
