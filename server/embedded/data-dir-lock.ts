import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process.js';

/**
 * One product process owns a data folder at a time: the embedded database and redis-server keep
 * their files there, and two writers would corrupt them. A lock left by a process that died is
 * taken over at once: the lock names its owner by pid and start time, and an owner that is gone,
 * a zombie (killed, not yet reaped by its parent) or another process that got the same pid later
 * does not hold it.
 */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `DATA_DIR ${dataDir} is in use by another running process (pid ${pid}): stop it, use another DATA_DIR, or share one database and Redis by setting MONGODB_URI and REDIS_URL.`,
    );
    this.name = 'DataDirInUseError';
  }
}

interface ProcessState {
  /** One letter from /proc/<pid>/stat: R, S, D, Z (zombie), X (dead), … */
  readonly state: string;
  /** Clock ticks after boot at which the process started. */
  readonly startTime: string;
}

/** The process's state and start time from /proc (Linux); undefined where /proc does not tell. */
async function processState(pid: number): Promise<ProcessState | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : undefined;
}

/** Whether the owner named in a lock file still runs. */
async function ownerRuns(pid: number, startTime: string | undefined): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  const state = await processState(pid);
  if (!state) return true; // No /proc: trust the signal check.
  if (state.state === 'Z' || state.state === 'X') return false;
  return startTime === undefined || state.startTime === startTime;
}

export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'product.lock');
  const own = await processState(process.pid);
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(own ? `${process.pid} ${own.startTime}` : String(process.pid));
      await handle.close();
      return { release: () => rm(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText, startTime] = (await readFile(lockFile, 'utf8').catch(() => '')).trim().split(/\s+/);
      const owner = Number(pidText);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && (await ownerRuns(owner, startTime))) {
        throw new DataDirInUseError(dataDir, owner);
      }
      await rm(lockFile, { force: true });
    }
  }
}
