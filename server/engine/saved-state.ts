/**
 * bpmn-engine's saved state as the instance document keeps it: the JSON deflated (about an eighth of
 * its size, some 7 KB a case instead of 54 KB), so that the database, the wire and the engine
 * threads' messages carry less. Documents saved before this hold the JSON text; both are read.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Deflated JSON; JSON text in documents saved before the state was packed. */
export type SavedState = Uint8Array | string;

/** A stored value as the driver hands it back: BSON binary data (with its bytes in `buffer`), bytes or text. */
export type StoredState = SavedState | { readonly buffer: Uint8Array };

export function packState(state: object): Buffer {
  // Level 1: nearly the size of the best level at a fraction of the time.
  return deflateRawSync(JSON.stringify(state), { level: 1 });
}

/** A packed state as the driver writes it (a Uint8Array from a thread's message becomes a Buffer over the same bytes). */
export function stateForSave(packed: Uint8Array): Buffer {
  return Buffer.isBuffer(packed) ? packed : Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
}

export function unpackState(saved: SavedState): object {
  return JSON.parse(typeof saved === 'string' ? saved : inflateRawSync(saved).toString('utf8')) as object;
}

/** The saved state as read from a document (BSON binary data comes back as a Binary). */
export function savedState(stored: StoredState): SavedState {
  if (typeof stored === 'string' || stored instanceof Uint8Array) return stored;
  return stored.buffer;
}

export function sameState(a: SavedState, b: SavedState | null): boolean {
  if (b === null) return false;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return stateForSave(a).equals(b);
}

/** The bytes a saved state takes in the document. */
export function savedStateBytes(saved: SavedState): number {
  return typeof saved === 'string' ? Buffer.byteLength(saved) : saved.byteLength;
}
