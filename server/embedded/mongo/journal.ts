// Durability for a data folder. Layout of <dataDir>:
//   journal.bson        append-only records, one per acknowledged command (group-committed, fdatasync'ed
//                       before the reply is sent)
//   snapshot.bson       the whole state as of sequence number S, written by compaction
//   snapshot.bson.tmp   a compaction in progress (deleted at startup; only a completed file is renamed)
//   mongod.lock         pid of the process using the folder
// A record is: uint32 LE payload length, uint32 LE crc32(payload), payload. The payload is a BSON
// header { seq } (snapshot records: { seq, snapshot: true } and a final { seq, end: true }) followed
// by BSON op documents (see storage.ts). Startup loads the snapshot, then replays journal records
// with seq > S; a torn or corrupt tail is cut off with a warning.
import { decodeDocument } from './types.js';
import { BSON, type Document } from 'bson';
import { mkdirSync, readFileSync, writeFileSync, existsSync, unlinkSync, openSync, closeSync, fsyncSync, ftruncateSync, statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JournalOptions {
  dir: string;
  logger: Logger;
  /** Compact into a snapshot once the journal file grows past this size. */
  compactAfterBytes: number;
  /** Produces the ops that rebuild the current state. */
  snapshot: () => Iterable<Document>;
}

const JOURNAL = 'journal.bson';
const SNAPSHOT = 'snapshot.bson';
const LOCK = 'mongod.lock';
const SNAPSHOT_CHUNK = 4 * 1024 * 1024;

function frame(payload: Buffer): Buffer {
  const head = Buffer.allocUnsafe(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

function encodeRecord(header: Document, ops: Document[]): Buffer {
  return frame(Buffer.concat([BSON.serialize(header), ...ops.map((op) => BSON.serialize(op))]));
}

interface ParsedRecord {
  header: Document;
  ops: Document[];
}

/** Parses records until the end or the first damaged one; `validLength` is where good data ends. */
function parseRecords(buf: Buffer): { records: ParsedRecord[]; validLength: number; damaged: string | null } {
  const records: ParsedRecord[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < 8) return { records, validLength: pos, damaged: 'short record header' };
    const len = buf.readUInt32LE(pos);
    const sum = buf.readUInt32LE(pos + 4);
    if (len < 5 || pos + 8 + len > buf.length) return { records, validLength: pos, damaged: 'short record' };
    const payload = buf.subarray(pos + 8, pos + 8 + len);
    if (crc32(payload) !== sum) return { records, validLength: pos, damaged: 'checksum mismatch' };
    try {
      const docs: Document[] = [];
      let p = 0;
      while (p < payload.length) {
        const size = payload.readInt32LE(p);
        if (size < 5 || p + size > payload.length) throw new Error('bad document length');
        docs.push(decodeDocument(payload.subarray(p, p + size)));
        p += size;
      }
      const [header, ...ops] = docs;
      if (!header || typeof header.seq !== 'number') throw new Error('missing header');
      records.push({ header, ops });
    } catch (err) {
      return { records, validLength: pos, damaged: `unreadable record (${(err as Error).message})` };
    }
    pos += 8 + len;
  }
  return { records, validLength: pos, damaged: null };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function lock(dir: string): void {
  const path = join(dir, LOCK);
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    let alive = false;
    if (pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (alive) throw new Error(`data folder ${dir} is in use by process ${pid}`);
  }
  writeFileSync(path, String(process.pid));
}

interface Pending {
  buf: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class Journal {
  private seq = 0;
  private size = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  private constructor(
    private readonly opts: JournalOptions,
    private readonly fh: FileHandle,
  ) {}

  /** Opens the folder, replays snapshot and journal through `apply`, and returns the journal. */
  static async open(opts: JournalOptions, apply: (op: Document) => void): Promise<Journal> {
    const { dir, logger } = opts;
    mkdirSync(dir, { recursive: true });
    lock(dir);
    const tmp = join(dir, `${SNAPSHOT}.tmp`);
    if (existsSync(tmp)) unlinkSync(tmp);

    let snapshotSeq = 0;
    const snapshotPath = join(dir, SNAPSHOT);
    if (existsSync(snapshotPath)) {
      const { records, damaged } = parseRecords(readFileSync(snapshotPath));
      const complete = records.at(-1)?.header.end === true;
      if (damaged || !complete) logger.error({ file: snapshotPath, problem: damaged ?? 'no end marker' }, 'snapshot is damaged; loading what is readable');
      for (const r of records) {
        snapshotSeq = r.header.seq as number;
        for (const op of r.ops) apply(op);
      }
    }

    const journalPath = join(dir, JOURNAL);
    let maxSeq = snapshotSeq;
    let replayed = 0;
    if (existsSync(journalPath)) {
      const buf = readFileSync(journalPath);
      const { records, validLength, damaged } = parseRecords(buf);
      if (damaged) {
        logger.warn({ file: journalPath, offset: validLength, droppedBytes: buf.length - validLength, problem: damaged }, 'dropping damaged journal tail');
        const fd = openSync(journalPath, 'r+');
        try {
          ftruncateSync(fd, validLength);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      for (const r of records) {
        const seq = r.header.seq as number;
        if (seq <= snapshotSeq) continue;
        for (const op of r.ops) apply(op);
        maxSeq = Math.max(maxSeq, seq);
        replayed++;
      }
    }
    const fh = await open(journalPath, 'a');
    fsyncPath(dir);
    const journal = new Journal(opts, fh);
    journal.seq = maxSeq;
    journal.size = statSync(journalPath).size;
    if (snapshotSeq > 0 || replayed > 0) logger.info({ dir, snapshotSeq, replayed }, 'embedded mongo data loaded');
    return journal;
  }

  /** Makes the ops of one command durable; resolves once they are on disk. */
  append(ops: Document[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const buf = encodeRecord({ seq: ++this.seq }, ops);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ buf, resolve, reject });
      this.flushing ??= this.flush().finally(() => (this.flushing = null));
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (this.size >= this.opts.compactAfterBytes) {
          await this.compact();
        } else {
          const data = batch.length === 1 ? (batch[0] as Pending).buf : Buffer.concat(batch.map((p) => p.buf));
          await writeAll(this.fh, data);
          await this.fh.datasync();
          this.size += data.length;
        }
        for (const p of batch) p.resolve();
      } catch (err) {
        this.opts.logger.error({ err }, 'journal write failed');
        for (const p of batch) p.reject(err as Error);
      }
    }
  }

  /**
   * Writes the whole state as a snapshot and empties the journal. The state already contains every
   * queued record (ops are applied in memory before they are journaled), so those become durable with it.
   */
  private async compact(): Promise<void> {
    const seq = this.seq;
    const chunks: Buffer[] = [];
    let ops: Document[] = [];
    let bytes = 0;
    const push = (): void => {
      chunks.push(encodeRecord({ seq, snapshot: true }, ops));
      ops = [];
      bytes = 0;
    };
    for (const op of this.opts.snapshot()) {
      ops.push(op);
      bytes += BSON.calculateObjectSize(op);
      if (bytes >= SNAPSHOT_CHUNK) push();
    }
    if (ops.length) push();
    chunks.push(encodeRecord({ seq, end: true }, []));

    const dir = this.opts.dir;
    const tmp = join(dir, `${SNAPSHOT}.tmp`);
    const out = await open(tmp, 'w');
    try {
      for (const c of chunks) await writeAll(out, c);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, join(dir, SNAPSHOT));
    fsyncPath(dir);
    await this.fh.truncate(0);
    await this.fh.sync();
    this.size = 0;
    this.opts.logger.info({ dir, seq }, 'journal compacted into snapshot');
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.fh.close();
    const lockPath = join(this.opts.dir, LOCK);
    if (existsSync(lockPath) && readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
  }
}

async function writeAll(fh: FileHandle, data: Buffer): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}
