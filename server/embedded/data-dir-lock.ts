import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isProcessAlive } from './process.js';

/**
 * One product process owns a data folder at a time: the embedded database and redis-server keep
 * their files there, and two writers would corrupt them. A lock left by a process that died is
 * taken over.
 */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `DATA_DIR ${dataDir} is in use by another running process (pid ${pid}): stop it, use another DATA_DIR, or share one database and Redis by setting MONGODB_URI and REDIS_URL.`,
    );
    this.name = 'DataDirInUseError';
  }
}

export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'product.lock');
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(lockFile, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isProcessAlive(owner)) {
        throw new DataDirInUseError(dataDir, owner);
      }
      await rm(lockFile, { force: true });
    }
  }
}
