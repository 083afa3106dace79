// A sorted sequence kept as a list of bounded blocks: binary search finds the block and the slot,
// and a splice only moves one block's elements, so random-order inserts into 100 000 keys stay cheap.

const MAX_BLOCK = 1024;

export interface Position {
  block: number;
  index: number;
}

export class SortedList<T> {
  private blocks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with the given items (sorted here). */
  load(items: T[]): void {
    items.sort(this.compare);
    this.blocks = [];
    for (let i = 0; i < items.length; i += MAX_BLOCK / 2) this.blocks.push(items.slice(i, i + MAX_BLOCK / 2));
    this.count = items.length;
  }

  insert(item: T): void {
    if (this.blocks.length === 0) {
      this.blocks.push([item]);
      this.count = 1;
      return;
    }
    // Keys that grow with time (ObjectIds, timestamps) go after the last item: no search.
    const last = this.blocks[this.blocks.length - 1] as T[];
    const pos = this.compare(last[last.length - 1] as T, item) < 0 ? { block: this.blocks.length - 1, index: last.length } : this.seek((x) => this.compare(x, item) < 0);
    const b = Math.min(pos.block, this.blocks.length - 1);
    const block = this.blocks[b] as T[];
    const index = b === pos.block ? pos.index : block.length;
    block.splice(index, 0, item);
    this.count++;
    if (block.length > MAX_BLOCK) this.blocks.splice(b + 1, 0, block.splice(MAX_BLOCK / 2));
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

  /** First position whose item does not satisfy `before` (which must be true for a prefix of the list). */
  seek(before: (item: T) => boolean): Position {
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
    let n = 0;
    for (let b = 0; b < pos.block && b < this.blocks.length; b++) n += (this.blocks[b] as T[]).length;
    return n + (pos.block < this.blocks.length ? pos.index : 0);
  }

  /** Items before `to`, last first. */
  *iterateBack(to: Position): Generator<T> {
    for (let b = Math.min(to.block, this.blocks.length - 1); b >= 0; b--) {
      const block = this.blocks[b] as T[];
      for (let i = b === to.block ? to.index - 1 : block.length - 1; i >= 0; i--) yield block[i] as T;
    }
  }

  /** Items from `from` onwards, in order. */
  *iterate(from: Position = { block: 0, index: 0 }): Generator<T> {
    for (let b = from.block; b < this.blocks.length; b++) {
      const block = this.blocks[b] as T[];
      for (let i = b === from.block ? from.index : 0; i < block.length; i++) yield block[i] as T;
    }
  }
}
