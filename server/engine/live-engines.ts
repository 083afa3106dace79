/**
 * Steps on this thread, with a bounded cache of the engines they leave behind: the next command on
 * an instance this thread just moved goes on from its live engine instead of recovering the saved
 * state. An engine is used again only when the state it saved is the very state the command loaded
 * (the revision guard decides which state that is, across processes), on the same version, with
 * no service task failing (a failed service runs again only on recover).
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
  /** The state the engine saved last: it stands exactly there. */
  readonly state: SavedState;
  readonly live: LiveEngine;
}

const goesOnFromLive = new Set<StepCommand['kind']>(['complete-task', 'message', 'fire-timer']);

export class LiveEngines implements StepRunner {
  /** By instance id, least recently used first. */
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  /** `size`: the most live engines kept (0: none, every step recovers). */
  constructor(private readonly size: number) {}

  async run(input: StepInput, command: StepCommand, definitionId: string): Promise<StepOutput> {
    // Taken out while the step runs: a concurrent step on the same instance recovers its own.
    const entry = this.entries.get(input.instanceId);
    this.entries.delete(input.instanceId);
    const usable = entry && goesOnFromLive.has(command.kind) && input.failures.length === 0 && entry.definitionId === definitionId && sameState(entry.state, input.state);
    if (usable) this.hits++;
    else if (input.state !== null) this.misses++;
    const { output, live } = await runStepOn(usable ? entry.live : undefined, input, command);
    if (this.size > 0 && output.status === 'running') {
      this.entries.set(input.instanceId, { definitionId, state: output.state, live });
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= this.size) break;
        this.entries.delete(oldest);
      }
    }
    return output;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
