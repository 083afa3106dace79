import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataDirInUseError, lockDataDir } from '../../server/embedded/data-dir-lock.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ip-lock-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function startTime(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** A process killed with kill -9 whose parent has not reaped it yet: a zombie, as right after a crash. */
async function zombie(): Promise<{ pid: number; end(): void }> {
  // The shell replaces itself with a sleep that never reaps its child, and only then is the child
  // killed: killed earlier, the shell itself might reap it.
  const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  await until(async () => (await readFile(`/proc/${parent.pid}/comm`, 'utf8')).trim() === 'sleep');
  process.kill(pid, 'SIGKILL');
  await until(async () => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  });
  return { pid, end: () => parent.kill('SIGKILL') };
}

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('the data folder lock', () => {
  it('is refused while its owner runs, and taken over at once when the owner was killed', async () => {
    const lock = await lockDataDir(dir);
    const file = path.join(dir, 'product.lock');
    const held = await readFile(file, 'utf8');
    expect(held).toMatch(new RegExp(`^${process.pid} \\d+$`));

    // Another live process named in the lock holds it (the parent of this test, started before it).
    await writeFile(file, `${process.ppid} ${await startTime(process.ppid)}`);
    await expect(lockDataDir(dir)).rejects.toBeInstanceOf(DataDirInUseError);

    // The same pid with another start time is another process that got the pid later: not the owner.
    await writeFile(file, `${process.ppid} 1`);
    await (await lockDataDir(dir)).release();

    // Killed and not yet reaped: the lock is taken over at once.
    const dead = await zombie();
    try {
      await writeFile(file, String(dead.pid));
      const started = Date.now();
      const taken = await lockDataDir(dir);
      expect(Date.now() - started).toBeLessThan(200);
      expect(await readFile(file, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
      await taken.release();
    } finally {
      dead.end();
    }
    await lock.release();
  });
});
