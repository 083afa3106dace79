// Worker entry for step-threads.ts: registers the TypeScript loader (tsx) in this thread, then runs
// the TypeScript worker. Plain JavaScript because it is loaded before any loader exists.
import { register } from 'tsx/esm/api';

register();
await import('./step-thread.ts');
