// A sorted sequence kept as a list of bounded blocks: binary search finds the block and the slot,
// and a splice only moves one block's elements, so random-order inserts into 100 000 keys stay cheap.
// An insert that does not go at the end waits, unsorted, until the list is next read: a burst of
// writes to an index nobody reads meanwhile (notifications recorded by the thousand) is then sorted
// once and merged in one pass, instead of being searched for one item at a time.

const MAX_BLOCK = 1024;

export interface Position {
  block: number;
  index: number;
}

export class SortedList<T> {
  private blocks: T[][] = [];
  /** Inserted but not yet in place (see settle). */
  private waiting: T[] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with the given items (sorted here). */
  load(items: T[]): void {
    this.waiting = [];
    this.count = items.length;
    this.fill(items.sort(this.compare));
  }

  /** Makes the blocks from all items, in order, half full. */
  private fill(sorted: T[]): void {
    this.blocks = [];
    for (let i = 0; i < sorted.length; i += MAX_BLOCK / 2) this.blocks.push(sorted.slice(i, i + MAX_BLOCK / 2));
  }

  insert(item: T): void {
    this.count++;
    const last = this.blocks[this.blocks.length - 1];
    if (!last) {
      this.blocks.push([item]);
      return;
    }
    // Keys that grow with time (ObjectIds, timestamps) go after the last item at once.
    if (this.compare(last[last.length - 1] as T, item) < 0) {
      last.push(item);
      if (last.length > MAX_BLOCK) this.blocks.push(last.splice(MAX_BLOCK / 2));
    } else this.waiting.push(item);
  }

  /** Removes an item that compares equal to `item`; returns whether one was found. */
  remove(item: T): boolean {
    const pos = this.seek((x) => this.compare(x, item) < 0);
    const block = this.blocks[pos.block];
    if (!block || pos.index >= block.length || this.compare(block[pos.index] as T, item) !== 0) return false;
    block.splice(pos.index, 1);
    if (block.length === 0) this.blocks.splice(pos.block, 1);
    this.count--;
    return true;
  }

  /** Puts the waiting inserts in place: one by one when they are few, else in one merge of the whole list. */
  settle(): void {
    const waiting = this.waiting;
    if (waiting.length === 0) return;
    this.waiting = [];
    waiting.sort(this.compare);
    const placed = this.count - waiting.length;
    if (waiting.length * Math.log2(placed + 2) < placed + waiting.length) {
      for (const item of waiting) this.place(item);
      return;
    }
    const merged: T[] = [];
    let w = 0;
    for (const block of this.blocks) {
      for (const item of block) {
        while (w < waiting.length && this.compare(waiting[w] as T, item) < 0) merged.push(waiting[w++] as T);
        merged.push(item);
      }
    }
    while (w < waiting.length) merged.push(waiting[w++] as T);
    this.fill(merged);
  }

  private place(item: T): void {
    const pos = this.seek((x) => this.compare(x, item) < 0);
    const b = Math.min(pos.block, this.blocks.length - 1);
    const block = this.blocks[b] as T[];
    const index = b === pos.block ? pos.index : block.length;
    block.splice(index, 0, item);
    if (block.length > MAX_BLOCK) this.blocks.splice(b + 1, 0, block.splice(MAX_BLOCK / 2));
  }

  /** First position whose item does not satisfy `before` (which must be true for a prefix of the list). */
  seek(before: (item: T) => boolean): Position {
    this.settle();
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid] as T[];
      if (before(block[block.length - 1] as T)) lo = mid + 1;
      else hi = mid;
    }
    const block = this.blocks[lo];
    if (!block) return { block: lo, index: 0 };
    let a = 0;
    let z = block.length;
    while (a < z) {
      const mid = (a + z) >>> 1;
      if (before(block[mid] as T)) a = mid + 1;
      else z = mid;
    }
    return { block: lo, index: a };
  }

  /** How many items lie before `pos`. */
  ordinal(pos: Position): number {
    this.settle();
    let n = 0;
    for (let b = 0; b < pos.block && b < this.blocks.length; b++) n += (this.blocks[b] as T[]).length;
    return n + (pos.block < this.blocks.length ? pos.index : 0);
  }

  /** Items before `to`, last first. */
  iterateBack(to: Position): Generator<T> {
    this.settle();
    return this.walkBack(to);
  }

  private *walkBack(to: Position): Generator<T> {
    for (let b = Math.min(to.block, this.blocks.length - 1); b >= 0; b--) {
      const block = this.blocks[b] as T[];
      for (let i = b === to.block ? to.index - 1 : block.length - 1; i >= 0; i--) yield block[i] as T;
    }
  }

  /** Items from `from` onwards, in order. */
  iterate(from: Position = { block: 0, index: 0 }): Generator<T> {
    this.settle();
    return this.walk(from);
  }

  private *walk(from: Position): Generator<T> {
    for (let b = from.block; b < this.blocks.length; b++) {
      const block = this.blocks[b] as T[];
      for (let i = b === from.block ? from.index : 0; i < block.length; i++) yield block[i] as T;
    }
  }
}
