/**
 * What a BPMN file may ask of the product: how often its timers may fire and how large it may be.
 * The check refuses a file beyond these limits (at `processes:check` and at deploy), so that no
 * definition can flood a person with messages or take the product down. Set through the
 * environment (server/config.ts, the README's configuration table).
 */
export interface DefinitionLimits {
  /** The shortest interval of any timer (duration or one repetition of a cycle), in ms. */
  readonly minTimerMs: number;
  /** The shortest interval of a timer whose path leads to a service task (every handler sends or closes something), in ms. */
  readonly minMessageTimerMs: number;
  /** The most repetitions a cycle may name (`R5/…`); `R/…` repeats while its activity waits. */
  readonly maxRepetitions: number;
  /** The largest file, in bytes (UTF-8). */
  readonly maxBytes: number;
  /** The most XML elements in a file (diagram layout included). */
  readonly maxElements: number;
}

/** Not configurable below this: a timer shorter than a second is never meant. */
export const timerFloorMs = 1000;

export const defaultDefinitionLimits: DefinitionLimits = {
  minTimerMs: 60 * 1000,
  minMessageTimerMs: 60 * 60 * 1000,
  maxRepetitions: 1000,
  maxBytes: 1024 * 1024,
  maxElements: 5000,
};

/** "1 hour", "90 seconds": for messages that name a limit. */
export function describeMs(ms: number): string {
  const units: [number, string][] = [
    [24 * 3600 * 1000, 'day'],
    [3600 * 1000, 'hour'],
    [60 * 1000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? '' : 's'}`;
  }
  return `${ms} ms`;
}
