// Worker entry for step-threads.ts: registers the TypeScript loader (tsx) in this thread, then runs
// the TypeScript worker. Plain JavaScript because it is loaded before any loader exists.
import { getPriority, setPriority } from 'node:os';
import { register } from 'tsx/esm/api';

// Steps give way to the event loop that answers requests when the cores are busy: this thread runs
// at a nice value 10 above the process's. On Linux the nice value belongs to the calling thread
// alone; elsewhere it would lower the whole process, so it is left alone there.
if (process.platform === 'linux') {
  try {
    setPriority(Math.min(19, getPriority() + 10));
  } catch {
    // not allowed here: steps run at the process's priority
  }
}

register();
await import('./step-thread.ts');
