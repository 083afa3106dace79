// A "server process" of the scale test: starts its share of instances and completes open tasks
// (any instance's) through the engine runtime until every instance has an active plan whose first
// review is due (the review task is left open).
import { ConcurrencyError, TaskConflictError } from '../../../server/engine/errors.js';
import { connectChild, example } from './common.js';

const total = Number(process.env.TOTAL_INSTANCES ?? 200);
const mine = Number(process.env.MY_INSTANCES ?? 100);
const name = process.env.PROCESS_NAME ?? 'server';
const deadline = Date.now() + Number(process.env.TIME_LIMIT_MS ?? 210_000);

const child = await connectChild();
const { runtime, models } = child;
const stats = { started: 0, completed: 0, taskConflicts: 0, concurrencyErrors: 0, otherErrors: 0 };
const actor = { id: name };

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const t0 = Date.now();
await pool(
  Array.from({ length: mine }, (_, i) => i),
  8,
  async (i) => {
    await runtime.startInstance({
      processKey: 'individual-plan',
      caseId: `${name}-${i}`,
      actor,
      variables: { intake: { channel: 'citizen-request' }, signature: { valid: true }, consent: { given: i % 5 !== 0 } },
    });
    stats.started++;
  },
);

async function outputFor(task: { elementId: string; instanceId: string }): Promise<Record<string, unknown>> {
  switch (task.elementId) {
    case 'Task_ObtainConsent':
      return example('consent-registration', { given: true });
    case 'Task_AssessNeed':
      return example('need-assessment', { decision: 'plan-and-coordinator' });
    case 'Task_AppointCoordinator':
      return example('coordinator-appointment', { coordinatorUserId: 'coordinator-1', establishResponsibilityGroup: false });
    case 'Task_DraftPlan':
      return example('plan');
    case 'Task_ApprovePlan':
      return { approved: true };
    default:
      throw new Error(`no output for ${task.elementId}`);
  }
}

for (;;) {
  if (Date.now() > deadline) {
    process.stdout.write(`${JSON.stringify({ name, error: 'time limit', ...stats })}\n`);
    await child.close();
    process.exit(2);
  }
  // The two servers walk the queue from opposite ends and meet in the middle.
  const open = await models.Task.find({ status: { $in: ['open', 'claimed'] }, elementId: { $ne: 'Task_ReviewPlan' } }, { _id: 1, elementId: 1, instanceId: 1 })
    .sort({ createdAt: name.endsWith('a') ? 1 : -1 })
    .limit(24)
    .lean();
  if (open.length === 0) {
    const [count, reviewsDue] = await Promise.all([
      models.Instance.countDocuments({}),
      models.Task.countDocuments({ elementId: 'Task_ReviewPlan', status: { $in: ['open', 'claimed'] } }),
    ]);
    if (count >= total && reviewsDue >= total) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    continue;
  }
  await pool(open, 6, async (task) => {
    try {
      await runtime.completeTask({ taskId: task._id, actor, output: await outputFor(task) });
      stats.completed++;
    } catch (error) {
      if (error instanceof TaskConflictError) stats.taskConflicts++;
      else if (error instanceof ConcurrencyError) stats.concurrencyErrors++;
      else {
        stats.otherErrors++;
        process.stderr.write(`${name}: ${(error as Error).stack}\n`);
      }
    }
  });
}

process.stdout.write(`${JSON.stringify({ name, ms: Date.now() - t0, ...stats })}\n`);
await child.close();
