/**
 * Steps on this thread, with a bounded cache of the engines they leave behind: the next command on
 * an instance this thread just moved goes on from its live engine instead of recovering the saved
 * state. An engine is used again only when the state it saved is the very state the command loaded
 * (the revision guard decides which state that is, across processes), on the same version, with
 * no service task failing (a failed service runs again only on recover). An engine left unused for
 * `idleMs` is let go, so that a quiet process does not hold a few MB for each of them.
 */
import { sameState, type SavedState } from './saved-state.js';
import { runStepOn, type LiveEngine, type StepCommand, type StepInput, type StepOutput } from './step.js';

/** Where an instance's steps run: on this thread (LiveEngines) or in a pool of threads (step-threads.ts). */
export interface StepRunner {
  run(input: StepInput, command: StepCommand, definitionId: string): Promise<StepOutput>;
  close(): Promise<void>;
}

interface Entry {
  readonly definitionId: string;
  /** When its last step ended (ReleaseTimer.now). */
  readonly usedAt: number;
  /** The state the engine saved last: it stands exactly there. */
  readonly state: SavedState;
  readonly live: LiveEngine;
}

const goesOnFromLive = new Set<StepCommand['kind']>(['complete-task', 'message', 'fire-timer']);

/** The time and the timer the idle engines are let go by (a test gives its own). */
export interface ReleaseTimer {
  now(): number;
  after(ms: number, run: () => void): void;
}

const realTimer: ReleaseTimer = {
  now: () => performance.now(),
  // Idle engines must not keep a process or a thread alive.
  after: (ms, run) => void setTimeout(run, ms).unref(),
};

export const defaultIdleMs = 10_000;

export class LiveEngines implements StepRunner {
  /** By instance id, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  /** A release is waiting on the timer. */
  private releasing = false;

  /** `size`: the most live engines kept (0: none, every step recovers); `idleMs`: how long one is kept unused. */
  constructor(
    private readonly size: number,
    private readonly idleMs = defaultIdleMs,
    private readonly timer: ReleaseTimer = realTimer,
  ) {}

  /** The live engines kept now. */
  get count(): number {
    return this.entries.size;
  }

  async run(input: StepInput, command: StepCommand, definitionId: string): Promise<StepOutput> {
    // Taken out while the step runs: a concurrent step on the same instance recovers its own.
    const entry = this.entries.get(input.instanceId);
    this.entries.delete(input.instanceId);
    const usable = entry && goesOnFromLive.has(command.kind) && input.failures.length === 0 && entry.definitionId === definitionId && sameState(entry.state, input.state);
    if (usable) this.hits++;
    else if (input.state !== null) this.misses++;
    const { output, live } = await runStepOn(usable ? entry.live : undefined, input, command);
    if (this.size > 0 && output.status === 'running') {
      this.entries.set(input.instanceId, { definitionId, usedAt: this.timer.now(), state: output.state, live });
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= this.size) break;
        this.entries.delete(oldest);
      }
      this.scheduleRelease();
    }
    return output;
  }

  /** Lets go of the engines unused for `idleMs`, then waits for the next one to become so. */
  private releaseIdle(): void {
    this.releasing = false;
    const now = this.timer.now();
    for (const [instanceId, entry] of this.entries) {
      if (now - entry.usedAt < this.idleMs) break;
      this.entries.delete(instanceId);
    }
    this.scheduleRelease();
  }

  private scheduleRelease(): void {
    const oldest = this.entries.values().next().value;
    if (oldest === undefined || this.releasing) return;
    this.releasing = true;
    this.timer.after(Math.max(0, oldest.usedAt + this.idleMs - this.timer.now()), () => this.releaseIdle());
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
