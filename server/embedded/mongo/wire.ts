// MongoDB wire protocol framing: OP_QUERY (legacy handshake), OP_MSG (everything else),
// OP_REPLY and OP_MSG replies. Message header: int32 length, requestID, responseTo, opCode.
import { BSON, type Document } from 'bson';
import { firstFieldIs } from './stored-documents.js';
import { decodeDocument } from './types.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;

export const MAX_MESSAGE_BYTES = 48_000_000;
/** Documents at least this large might exceed the 16 MiB limit once the server adds an _id. */
const LARGE_DOCUMENT_BYTES = 16 * 1024 * 1024 - 1024;

/** Command bodies holding a document near or over 16 MiB (only those need the server's size check). */
export const holdsLargeDocuments = new WeakSet<Document>();

export interface Request {
  requestId: number;
  opCode: number;
  /**
   * The command document (kind-1 document sequences merged in under their identifiers). An insert's
   * documents are left as the BSON bytes the client sent (Buffers): the insert reads of each only
   * what it needs, and stores the bytes as they are.
   */
  body: Document;
  /** OP_MSG moreToCome: the client expects no reply. */
  moreToCome: boolean;
  /** OP_QUERY only: the namespace queried (e.g. admin.$cmd). */
  collection?: string;
}

export class ProtocolError extends Error {}

function readCString(buf: Buffer, pos: number): [string, number] {
  const end = buf.indexOf(0, pos);
  if (end < 0) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', pos, end), end + 1];
}

let sawLargeDocument = false;

/** The bytes of the document at `pos`. */
function documentBytes(buf: Buffer, pos: number): Buffer {
  if (pos + 4 > buf.length) throw new ProtocolError('truncated document');
  const size = buf.readInt32LE(pos);
  if (size < 5 || pos + size > buf.length) throw new ProtocolError('bad document size');
  if (size >= LARGE_DOCUMENT_BYTES) sawLargeDocument = true;
  return buf.subarray(pos, pos + size);
}

function readDocument(buf: Buffer, pos: number): [Document, number] {
  const bytes = documentBytes(buf, pos);
  return [decodeDocument(bytes), pos + bytes.length];
}

const isInsert = firstFieldIs('insert');

/** A command body; an insert's documents stay BSON bytes (see Request.body). */
function readBody(buf: Buffer, pos: number): [Document, number] {
  const bytes = documentBytes(buf, pos);
  return [isInsert(bytes) ? decodeDocument(bytes, { rawField: 'documents' }) : decodeDocument(bytes), pos + bytes.length];
}

/** Parses one complete message (header included). */
export function parseMessage(msg: Buffer): Request {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  sawLargeDocument = false;
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16);
    const end = flags & CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
    let pos = 20;
    let body: Document | undefined;
    const sequences: [string, (Document | Buffer)[]][] = [];
    while (pos < end) {
      const kind = msg.readUInt8(pos++);
      if (kind === 0) {
        [body, pos] = readBody(msg, pos);
      } else if (kind === 1) {
        const size = msg.readInt32LE(pos);
        const sectionEnd = pos + size;
        let id: string;
        [id, pos] = readCString(msg, pos + 4);
        const docs: (Document | Buffer)[] = [];
        while (pos < sectionEnd) {
          if (id === 'documents') {
            const bytes = documentBytes(msg, pos);
            docs.push(bytes);
            pos += bytes.length;
            continue;
          }
          let d: Document;
          [d, pos] = readDocument(msg, pos);
          docs.push(d);
        }
        sequences.push([id, docs]);
      } else {
        throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new ProtocolError('OP_MSG without a body section');
    for (const [id, docs] of sequences) body[id] = docs;
    if (sawLargeDocument) holdsLargeDocuments.add(body);
    return { requestId, opCode, body, moreToCome: (flags & MORE_TO_COME) !== 0 };
  }
  if (opCode === OP_QUERY) {
    const [collection, end] = readCString(msg, 20);
    let [body] = readDocument(msg, end + 8); // skips numberToSkip, numberToReturn
    // Legacy wrapped form: { $query: { ... }, $readPreference: ... }
    if (body.$query && typeof body.$query === 'object') body = body.$query as Document;
    return { requestId, opCode, body, moreToCome: false, collection };
  }
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

export function encodeMsg(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const prefix = Buffer.alloc(5); // flagBits 0, section kind 0
  return Buffer.concat([header(16 + 5 + body.length, requestId, responseTo, OP_MSG), prefix, body]);
}

export function encodeReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const fields = Buffer.alloc(20); // responseFlags, int64 cursorID 0, startingFrom 0, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + body.length, requestId, responseTo, OP_REPLY), fields, body]);
}

/** Accumulates socket data and yields complete messages. */
export class MessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(data: Buffer): Buffer[] {
    this.chunks.push(data);
    this.buffered += data.length;
    const out: Buffer[] = [];
    while (this.buffered >= 4) {
      let head = this.chunks[0] as Buffer;
      if (head.length < 4) {
        head = Buffer.concat(this.chunks);
        this.chunks = [head];
      }
      const length = head.readInt32LE(0);
      if (length < 16 || length > MAX_MESSAGE_BYTES) throw new ProtocolError(`invalid message length ${length}`);
      if (this.buffered < length) break;
      const all = this.chunks.length === 1 ? head : Buffer.concat(this.chunks);
      out.push(all.subarray(0, length));
      const rest = all.subarray(length);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
    }
    return out;
  }
}
