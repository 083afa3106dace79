// A collection's documents by _id identity key, each kept as its BSON bytes: the server holds its
// data in about half the memory it took as JavaScript objects, and the collector has less to walk.
// Every read decodes a new object, so what a caller holds is its own and nothing stored can change
// in place.
import { BSON, Long, ObjectId, type Document } from 'bson';
import { asDouble, decodeDocument } from './types.js';

export class StoredDocuments {
  private readonly bytes = new Map<string, Buffer>();

  get size(): number {
    return this.bytes.size;
  }

  has(id: string): boolean {
    return this.bytes.has(id);
  }

  get(id: string): Document | undefined {
    const bytes = this.bytes.get(id);
    return bytes && decodeDocument(bytes);
  }

  /** Stores the document (`serialized`: its BSON, when at hand) and returns its bytes (to be read, never written). */
  set(id: string, doc: Document, serialized: Uint8Array = BSON.serialize(doc)): Buffer {
    // An owned copy: bson's small results are slices of a shared pool (and bytes at hand, of a
    // whole journal file), which one kept slice would pin.
    const bytes = Buffer.allocUnsafeSlow(serialized.length);
    bytes.set(serialized);
    this.bytes.set(id, bytes);
    return bytes;
  }

  delete(id: string): boolean {
    return this.bytes.delete(id);
  }

  *values(): IterableIterator<Document> {
    for (const bytes of this.bytes.values()) yield decodeDocument(bytes);
  }

  /** The stored bytes as they are now (later changes store new arrays and leave these alone). */
  storedBytes(): Buffer[] {
    return [...this.bytes.values()];
  }

  /**
   * The documents passing `test`, which sees only the listed top-level fields of each document:
   * a document is decoded in full only when it passes.
   */
  *passing(fields: ReadonlySet<string>, test: (partial: Document) => boolean): IterableIterator<Document> {
    for (const [id] of this.passingFields(fields, test)) yield this.get(id) as Document;
  }

  /** A reader of the listed top-level fields of a stored document, as decodeDocument would give them. */
  fieldReader(fields: ReadonlySet<string>): (id: string) => Document | undefined {
    const names = fieldNames(fields);
    return (id) => {
      const bytes = this.bytes.get(id);
      return bytes && readFields(bytes, names);
    };
  }

  /** The ids and the listed top-level fields of the documents whose fields pass `test`. */
  *passingFields(fields: ReadonlySet<string>, test: (partial: Document) => boolean): IterableIterator<[string, Document]> {
    const names = fieldNames(fields);
    for (const [id, bytes] of this.bytes) {
      const partial = readFields(bytes, names);
      if (test(partial)) yield [id, partial];
    }
  }

  *entries(): IterableIterator<[string, Document]> {
    for (const [id, bytes] of this.bytes) yield [id, decodeDocument(bytes)];
  }
}

/** A test of whether a BSON document's first element is named `name` (its type is byte 4, its name starts at 5). */
export function firstFieldIs(name: string): (bytes: Buffer) => boolean {
  const cstring = Buffer.from(`${name}\0`);
  return (bytes) => bytes.length > 5 + cstring.length && bytes.subarray(5, 5 + cstring.length).equals(cstring);
}

/** A reader of the listed top-level fields of a BSON document, as decodeDocument would give them. */
export function topLevelFieldsReader(fields: ReadonlySet<string>): (bytes: Buffer) => Document {
  const names = fieldNames(fields);
  return (bytes) => readFields(bytes, names);
}

function fieldNames(fields: ReadonlySet<string>): Array<{ field: string; bytes: Buffer }> {
  return [...fields].map((field) => ({ field, bytes: Buffer.from(field) }));
}

/**
 * The named top-level fields of a stored document, as decodeDocument would give them. Plain values
 * are read where they lie; anything else is decoded from a copy of its element alone.
 */
function readFields(view: Buffer, names: Array<{ field: string; bytes: Buffer }>): Document {
  const out: Document = {};
  let pos = 4;
  while (view[pos] !== 0) {
    const start = pos;
    const type = view[pos] as number;
    // Names are short: plain loops beat the native calls here.
    let nameEnd = pos + 1;
    while (view[nameEnd] !== 0) nameEnd++;
    const wanted = names.find((name) => sameBytes(view, pos + 1, nameEnd, name.bytes));
    const at = nameEnd + 1;
    pos = at + valueLength(view, type, at);
    if (wanted) out[wanted.field] = readValue(view, type, at, start, pos);
  }
  return out;
}

function sameBytes(view: Buffer, start: number, end: number, name: Buffer): boolean {
  if (end - start !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (view[start + i] !== name[i]) return false;
  return true;
}

function readValue(view: Buffer, type: number, at: number, start: number, end: number): unknown {
  switch (type) {
    case 0x01:
      return asDouble(view.readDoubleLE(at));
    case 0x02:
      return view.toString('utf8', at + 4, at + 4 + view.readInt32LE(at) - 1);
    case 0x07:
      return new ObjectId(Uint8Array.prototype.slice.call(view, at, at + 12));
    case 0x08:
      return view[at] === 1;
    case 0x09:
      return new Date(Number(view.readBigInt64LE(at)));
    case 0x0a:
      return null;
    case 0x10:
      return view.readInt32LE(at);
    case 0x12:
      return Long.fromBits(view.readInt32LE(at), view.readInt32LE(at + 4));
    case 0x03: // an embedded document's value is a BSON document of its own
      return decodeDocument(view.subarray(at, end));
    case 0x04: // so is an array's, with the keys "0", "1", …
      return Object.values(decodeDocument(view.subarray(at, end)));
  }
  const element = Buffer.allocUnsafe(4 + end - start + 1);
  element.writeInt32LE(element.length, 0);
  view.copy(element, 4, start, end);
  element[element.length - 1] = 0;
  return Object.values(decodeDocument(element))[0];
}

/** The element of a BSON document that starts at `pos`: its type, where its name ends, where its value starts and ends. */
function elementAt(view: Buffer, pos: number): { type: number; nameEnd: number; at: number; end: number } {
  const type = view[pos] as number;
  const nameEnd = view.indexOf(0, pos + 1);
  const at = nameEnd + 1;
  return { type, nameEnd, at, end: at + valueLength(view, type, at) };
}

/** The bytes of the value of type `wanted` a BSON document holds under `name` at its top level. */
function topLevelValue(view: Buffer, name: string, wanted: number): Buffer | undefined {
  for (let pos = 4; view[pos] !== 0; ) {
    const { type, nameEnd, at, end } = elementAt(view, pos);
    if (type === wanted && view.toString('utf8', pos + 1, nameEnd) === name) return view.subarray(at, end);
    pos = end;
  }
  return undefined;
}

/** The bytes of the embedded document a BSON document holds under `name` at its top level. */
export function embeddedDocument(view: Buffer, name: string): Buffer | undefined {
  return topLevelValue(view, name, 0x03);
}

/** The length of an element's value of BSON type `type` starting at `pos`. */
function valueLength(view: Buffer, type: number, pos: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + view.readInt32LE(pos);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return view.readInt32LE(pos);
    case 0x05: // binary: length, subtype, bytes
      return 5 + view.readInt32LE(pos);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // max key
    case 0xff: // min key
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: // regex: pattern and options, two C strings
      return view.indexOf(0, view.indexOf(0, pos) + 1) + 1 - pos;
    case 0x0c: // DBPointer: string, ObjectId
      return 4 + view.readInt32LE(pos) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
  }
  throw new Error(`unknown BSON type ${type}`);
}
