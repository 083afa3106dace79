// Compaction of the embedded server's journal goes on beside commands: their records are
// acknowledged while the snapshot is still being written, and a crash at that moment loses none.
import { afterEach, expect, test } from '@jest/globals';
import type { Document } from 'bson';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../server/embedded/mongo/journal.js';

const folders: string[] = [];
function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'embedded-journal-'));
  folders.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const silent = { info() {}, warn() {}, error() {} };

async function replayed(dir: string): Promise<Document[]> {
  const ops: Document[] = [];
  const journal = await Journal.open({ dir, logger: silent, compactAfterBytes: 1 << 30, snapshot: () => [] }, (op) => ops.push(op));
  await journal.close();
  return ops;
}

test('records are acknowledged while a snapshot is written, and a crash meanwhile loses none of them', async () => {
  const dir = tempFolder();
  let openGate!: () => void;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let snapshotRead = false;
  // The state as of the compaction (records 1 and 2), produced slowly: the test holds it half-way.
  async function* state(): AsyncGenerator<Document> {
    yield { n: 1 };
    await gate;
    yield { n: 2 };
    snapshotRead = true;
  }
  const journal = await Journal.open({ dir, logger: silent, compactAfterBytes: 1, snapshot: state }, () => undefined);

  await journal.append([{ n: 1 }]);
  // The journal is past its limit: the next write starts a compaction, and is not held up by it.
  await journal.append([{ n: 2 }]);
  await journal.append([{ n: 3 }]);
  expect(snapshotRead).toBe(false);
  expect(existsSync(join(dir, 'journal.previous.bson'))).toBe(true);
  expect(existsSync(join(dir, 'snapshot.bson'))).toBe(false);

  // A crash now: the folder as it is, opened by another process.
  const crashed = tempFolder();
  cpSync(dir, crashed, { recursive: true });
  expect(await replayed(crashed)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

  openGate();
  await journal.close(); // waits for the compaction
  expect(snapshotRead).toBe(true);
  expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);
  expect(existsSync(join(dir, 'journal.previous.bson'))).toBe(false);
  // The snapshot (as of record 2), then the records after it.
  expect(await replayed(dir)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
});

test('a compaction that fails keeps the journal, and the next one covers it', async () => {
  const dir = tempFolder();
  let fail = true;
  let failed!: () => void;
  const firstFailure = new Promise<void>((resolve) => (failed = resolve));
  const errors: string[] = [];
  const logger = {
    ...silent,
    error: (_: object, message?: string) => {
      errors.push(message ?? '');
      failed();
    },
  };
  const appended: Document[] = [];
  const journal = await Journal.open(
    {
      dir,
      logger,
      compactAfterBytes: 64,
      snapshot: () => {
        const state = [...appended];
        return (function* () {
          if (fail) throw new Error('disk full');
          yield* state;
        })();
      },
    },
    () => undefined,
  );
  const append = async (n: number) => {
    const op = { n, padding: 'x'.repeat(40) };
    appended.push(op);
    await journal.append([op]);
  };
  for (let n = 1; n <= 3; n++) await append(n);
  await firstFailure;
  expect(new Set(errors)).toEqual(new Set(['journal compaction failed; the journal is kept and compaction is tried again later']));
  expect(existsSync(join(dir, 'journal.previous.bson'))).toBe(true);
  expect(existsSync(join(dir, 'snapshot.bson.tmp'))).toBe(false);
  fail = false;
  for (let n = 4; n <= 8; n++) await append(n);
  await journal.close();
  expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);
  expect(existsSync(join(dir, 'journal.previous.bson'))).toBe(false);
  expect((await replayed(dir)).map((op) => op.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test('the next compaction waits until the journal has grown by as much as the last snapshot holds', async () => {
  const dir = tempFolder();
  const appended: Document[] = [];
  let snapshots = 0;
  const openJournal = (compactAfterBytes: number) =>
    Journal.open(
      {
        dir,
        logger: silent,
        compactAfterBytes,
        snapshot: () => {
          snapshots++;
          return [...appended];
        },
      },
      () => undefined,
    );
  const append = async (journal: Journal, n: number, padding: number) => {
    const op = { n, padding: 'x'.repeat(padding) };
    appended.push(op);
    await journal.append([op]);
  };
  // 20 KB of state in the journal, with no compaction yet.
  const first = await openJournal(1 << 30);
  for (let n = 1; n <= 20; n++) await append(first, n, 1000);
  await first.close();

  // Opened with a limit of 64 bytes: the first write compacts the 20 KB into a snapshot …
  const journal = await openJournal(64);
  await append(journal, 21, 10);
  expect(snapshots).toBe(1);
  // … small writes far past 64 bytes but short of the snapshot's 20 KB start no other …
  for (let n = 22; n <= 60; n++) await append(journal, n, 100);
  expect(snapshots).toBe(1);
  // … and once the journal holds more than the snapshot, the next write starts one.
  for (let n = 61; n <= 80; n++) await append(journal, n, 1000);
  await journal.close();
  expect(snapshots).toBe(2);
  expect((await replayed(dir)).map((op) => op.n)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
});

test('an unhurried record goes to disk with the next record that is not, or on its own soon after', async () => {
  const dir = tempFolder();
  const journal = await Journal.open({ dir, logger: silent, compactAfterBytes: 1 << 30, snapshot: () => [] }, () => undefined);
  let firstWritten = false;
  const first = journal.append([{ n: 1 }], true).then(() => (firstWritten = true));
  await new Promise((resolve) => setImmediate(resolve));
  expect(firstWritten).toBe(false); // waiting for company
  await journal.append([{ n: 2 }]);
  expect(firstWritten).toBe(true); // written with the record after it
  await first;
  await journal.append([{ n: 3 }], true); // alone: written after a short wait
  await journal.close();
  expect((await replayed(dir)).map((op) => op.n)).toEqual([1, 2, 3]);
});
