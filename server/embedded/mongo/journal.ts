// Durability for a data folder. Layout of <dataDir>:
//   journal.bson            append-only records, one per acknowledged command (group-committed,
//                           fdatasync'ed before the reply is sent)
//   journal.previous.bson   the journal as it was when a compaction began; deleted once its snapshot is complete
//   snapshot.bson           the whole state as of sequence number S, written by compaction
//   snapshot.bson.tmp       a compaction in progress (deleted at startup; only a completed file is renamed)
//   mongod.lock             pid of the process using the folder
// A record is: uint32 LE payload length, uint32 LE crc32(payload), payload. The payload is a BSON
// header { seq } (snapshot records: { seq, snapshot: true } and a final { seq, end: true }) followed
// by BSON op documents (see storage.ts). Startup loads the snapshot, then replays the records with
// seq > S of the previous journal and of the journal, in that order; a torn or corrupt tail is cut
// off with a warning.
//
// Compaction does not hold up commands: it moves the journal aside and starts a new one, then
// writes the snapshot of the state as of that moment a chunk at a time, between commands, while
// their records go to the new journal. It starts when the journal holds compactAfterBytes or as
// much as the last snapshot, whichever is more, so that its cost per byte written stays the same
// however large the database grows (startup replays at most about twice the database).
import { embeddedDocument } from './stored-documents.js';
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
  /**
   * The ops that rebuild the current state, as of the call: later changes must not show in them
   * (the snapshot is written while commands go on). They may be produced asynchronously.
   */
  snapshot: () => Iterable<Document> | AsyncIterable<Document>;
}

const JOURNAL = 'journal.bson';
const PREVIOUS_JOURNAL = 'journal.previous.bson';
const SNAPSHOT = 'snapshot.bson';
const LOCK = 'mongod.lock';
/** Snapshot records are written this large; between two, commands run. */
const SNAPSHOT_CHUNK = 1024 * 1024;
/** The longest an unhurried record waits for a write that goes to disk at once (mongod's journal commit interval is 100 ms). */
const UNHURRIED_MS = 50;

const DOC_ELEMENT = Buffer.from([0x03, ...Buffer.from('doc'), 0x00]);

/**
 * An op as the pieces of its BSON: whole, or for a put carrying its document already serialized
 * (`docBytes`), the BSON of its other fields (the same for every put in a collection, so kept) and
 * those bytes, written as its `doc`.
 */
type OpPieces = { readonly bytes: Uint8Array } | { readonly head: Buffer; readonly docBytes: Uint8Array };

/** The BSON of `{ o: 'p', d, c }` by database and collection (names never hold a NUL). */
const putHeads = new Map<string, Buffer>();

function opPieces(op: Document): OpPieces {
  const docBytes: unknown = op.docBytes;
  if (!(docBytes instanceof Uint8Array)) return { bytes: BSON.serialize(op) };
  const fields = () => {
    const { docBytes: _, ...rest } = op;
    return Buffer.from(BSON.serialize(rest));
  };
  // The usual put: { o: 'p', d, c, docBytes } (collection.ts, storage.ts).
  if (op.o !== 'p' || typeof op.d !== 'string' || typeof op.c !== 'string' || Object.keys(op).length !== 4) return { head: fields(), docBytes };
  const key = `${op.d}\0${op.c}`;
  let head = putHeads.get(key);
  if (!head) {
    head = fields();
    putHeads.set(key, head);
  }
  return { head, docBytes };
}

function piecesLength(op: OpPieces): number {
  return 'bytes' in op ? op.bytes.length : op.head.length - 1 + DOC_ELEMENT.length + op.docBytes.length + 1;
}

/** A record: its payload's length and checksum, then the header and the ops, written in one buffer. */
function encodeRecord(header: Document, ops: readonly OpPieces[]): Buffer {
  const headerBytes = BSON.serialize(header);
  let size = 8 + headerBytes.length;
  for (const op of ops) size += piecesLength(op);
  const out = Buffer.allocUnsafe(size);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const op of ops) {
    if ('bytes' in op) {
      out.set(op.bytes, at);
      at += op.bytes.length;
      continue;
    }
    // The head's elements, then the document as an embedded-document element, then the terminator.
    const start = at;
    out.set(op.head.subarray(0, op.head.length - 1), at);
    at += op.head.length - 1;
    out.set(DOC_ELEMENT, at);
    at += DOC_ELEMENT.length;
    out.set(op.docBytes, at);
    at += op.docBytes.length;
    out[at++] = 0;
    out.writeInt32LE(at - start, start);
  }
  out.writeUInt32LE(size - 8, 0);
  out.writeUInt32LE(crc32(out.subarray(8)), 4);
  return out;
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
        const bytes = payload.subarray(p, p + size);
        const doc = decodeDocument(bytes);
        // A put brings its document's bytes along, so that loading does not serialize it again.
        if (doc.o === 'p') doc.docBytes = embeddedDocument(bytes, 'doc');
        docs.push(doc);
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

/** The records of a journal file (none if it does not exist); a damaged tail is cut off with a warning. */
function readJournal(path: string, logger: Logger): ParsedRecord[] {
  if (!existsSync(path)) return [];
  const buf = readFileSync(path);
  const { records, validLength, damaged } = parseRecords(buf);
  if (damaged) {
    logger.warn({ file: path, offset: validLength, droppedBytes: buf.length - validLength, problem: damaged }, 'dropping damaged journal tail');
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, validLength);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return records;
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
  private compacting: Promise<void> | null = null;
  private lastRecord: Promise<void> = Promise.resolve();
  private unhurriedTimer: NodeJS.Timeout | null = null;
  /** The journal size that starts the next compaction. */
  private compactAt = 0;
  private closed = false;

  private constructor(
    private readonly opts: JournalOptions,
    private fh: FileHandle,
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

    let maxSeq = snapshotSeq;
    let replayed = 0;
    for (const name of [PREVIOUS_JOURNAL, JOURNAL]) {
      for (const r of readJournal(join(dir, name), logger)) {
        const seq = r.header.seq as number;
        if (seq <= snapshotSeq) continue;
        for (const op of r.ops) apply(op);
        maxSeq = Math.max(maxSeq, seq);
        replayed++;
      }
    }
    const journalPath = join(dir, JOURNAL);
    const fh = await open(journalPath, 'a');
    fsyncPath(dir);
    const journal = new Journal(opts, fh);
    journal.seq = maxSeq;
    journal.size = statSync(journalPath).size;
    journal.compactAt = Math.max(opts.compactAfterBytes, existsSync(snapshotPath) ? statSync(snapshotPath).size : 0);
    if (snapshotSeq > 0 || replayed > 0) logger.info({ dir, snapshotSeq, replayed }, 'embedded mongo data loaded');
    return journal;
  }

  /**
   * Makes the ops of one command durable; resolves once they are on disk. `unhurried` (a write
   * whose reply does not wait for the disk): the record waits for the next write that does, or
   * for UNHURRIED_MS, so that both go to disk with one flush.
   */
  append(ops: Document[], unhurried = false): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    const buf = encodeRecord({ seq: ++this.seq }, ops.map(opPieces));
    this.lastRecord = new Promise<void>((resolve, reject) => {
      this.queue.push({ buf, resolve, reject });
      if (!unhurried) this.flushing ??= this.flush();
      else if (!this.flushing && !this.unhurriedTimer) {
        this.unhurriedTimer = setTimeout(() => {
          this.unhurriedTimer = null;
          if (this.queue.length > 0) this.flushing ??= this.flush();
        }, UNHURRIED_MS);
      }
    });
    return this.lastRecord;
  }

  /** Resolves once every record appended so far is on disk, writing those still waiting now. */
  written(): Promise<void> {
    if (this.queue.length > 0) this.flushing ??= this.flush();
    return this.lastRecord;
  }

  /**
   * Writes queued records until none are left. `flushing` is cleared in the same turn as the last
   * look at the queue: a caller woken by the last batch that appends again starts a new flush.
   */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        if (this.size >= this.compactAt && !this.compacting) await this.startCompaction();
        const data = batch.length === 1 ? (batch[0] as Pending).buf : Buffer.concat(batch.map((p) => p.buf));
        await writeAll(this.fh, data);
        await this.fh.datasync();
        this.size += data.length;
        for (const p of batch) p.resolve();
      } catch (err) {
        this.opts.logger.error({ err }, 'journal write failed');
        for (const p of batch) p.reject(err as Error);
      }
    }
    this.flushing = null;
  }

  /**
   * Takes the state as of the last record (ops are applied in memory before they are journaled, so
   * it holds every record appended so far), moves the journal aside and opens a new one, then
   * writes the snapshot in the background. Runs between two writes of the flush loop.
   */
  private async startCompaction(): Promise<void> {
    const seq = this.seq;
    const state = this.opts.snapshot();
    const dir = this.opts.dir;
    // A previous journal still there belongs to a compaction that failed: this snapshot covers it
    // too, so the journal is not moved aside this time (its records up to `seq` are skipped at startup).
    if (!existsSync(join(dir, PREVIOUS_JOURNAL))) {
      await this.fh.close();
      await rename(join(dir, JOURNAL), join(dir, PREVIOUS_JOURNAL));
      this.fh = await open(join(dir, JOURNAL), 'a');
      fsyncPath(dir);
      this.size = 0;
    }
    const base = this.size;
    this.compactAt = base + this.opts.compactAfterBytes;
    this.compacting = this.writeSnapshot(state, seq)
      .then((snapshotBytes) => {
        // The next compaction waits until the journal has grown by as much as this snapshot holds
        // (at least compactAfterBytes): rewriting a large database every 64 MB of writes would cost
        // more than the writes themselves.
        this.compactAt = Math.max(this.compactAt, base + snapshotBytes);
      })
      .catch((err: unknown) => {
        this.opts.logger.error({ err }, 'journal compaction failed; the journal is kept and compaction is tried again later');
        if (existsSync(join(dir, `${SNAPSHOT}.tmp`))) unlinkSync(join(dir, `${SNAPSHOT}.tmp`));
      })
      .finally(() => (this.compacting = null));
  }

  /** Writes the state as the snapshot at `seq`, a chunk at a time, then drops the previous journal; returns the snapshot's size. */
  private async writeSnapshot(state: Iterable<Document> | AsyncIterable<Document>, seq: number): Promise<number> {
    const dir = this.opts.dir;
    const tmp = join(dir, `${SNAPSHOT}.tmp`);
    const out = await open(tmp, 'w');
    let written = 0;
    const write = async (record: Buffer): Promise<void> => {
      await writeAll(out, record);
      written += record.length;
    };
    try {
      let ops: OpPieces[] = [];
      let bytes = 0;
      const writeChunk = async (): Promise<void> => {
        await write(encodeRecord({ seq, snapshot: true }, ops));
        ops = [];
        bytes = 0;
        await new Promise((resolve) => setImmediate(resolve)); // commands waiting run before the next chunk
      };
      for await (const op of state) {
        const pieces = opPieces(op);
        ops.push(pieces);
        bytes += piecesLength(pieces);
        if (bytes >= SNAPSHOT_CHUNK) await writeChunk();
      }
      if (ops.length) await writeChunk();
      await write(encodeRecord({ seq, end: true }, []));
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, join(dir, SNAPSHOT));
    fsyncPath(dir);
    if (existsSync(join(dir, PREVIOUS_JOURNAL))) {
      unlinkSync(join(dir, PREVIOUS_JOURNAL));
      fsyncPath(dir);
    }
    this.opts.logger.info({ dir, seq, bytes: written }, 'journal compacted into snapshot');
    return written;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.unhurriedTimer) clearTimeout(this.unhurriedTimer);
    this.unhurriedTimer = null;
    if (this.queue.length > 0) this.flushing ??= this.flush();
    while (this.flushing || this.compacting) await (this.flushing ?? this.compacting);
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
