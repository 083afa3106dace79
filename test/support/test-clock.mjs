/**
 * The test clock of a product the browser tests start (startProduct({ testClock: true }) in
 * ./product.ts): loaded with --import before the product's own code, it moves the whole process's
 * time forward when the test asks, as months passing would. Every Date and Date.now() of the
 * process reads the moved time: the engine's timers, the reminders, BullMQ's delayed jobs, sessions,
 * the embedded database. Node's own timers (setTimeout, setInterval) keep real time, so nothing runs
 * faster; what has fallen due runs at its next look.
 *
 * The test sends `{ testClock: { advanceMs } }` over the IPC channel of the child process and gets
 * `{ testClock: { now } }` back. Only the parent that started the process can move its time: there
 * is nothing to reach over the network, and the product has no code of its own for it.
 * Plain JavaScript: it is loaded before tsx can load TypeScript.
 */
import { isMainThread } from 'node:worker_threads';

const isAdvance = (message) => typeof message?.testClock?.advanceMs === 'number' && message.testClock.advanceMs >= 0;

// Worker threads (the BPMN checks) keep the real time: nothing there reads the clock for a rule.
if (isMainThread && process.send) {
  const RealDate = Date;
  let offsetMs = 0;
  const now = () => RealDate.now() + offsetMs;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    // Date() called without new answers the time as a string.
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });

  process.on('message', (message) => {
    if (!isAdvance(message)) return;
    offsetMs += message.testClock.advanceMs;
    process.send?.({ testClock: { now: new RealDate(now()).toISOString() } });
  });
  // The channel must not keep the process alive on its own.
  process.channel?.unref();
}
