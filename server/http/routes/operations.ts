import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ConnectionOptions, Queue } from 'bullmq';
import { createJobQueue, createTimerQueue } from '../../engine/queues.js';
import { createNotificationQueue } from '../../notifications/notifier.js';
import { createReminderQueue } from '../../notifications/reminders.js';
import { Router } from 'express';
import { authorize } from '../authorize.js';
import { signedIn } from '../middleware/signed-in.js';

export const operationsPath = '/api/admin/queues';

/**
 * Bull Board over the product's queues at /api/admin/queues, for admins only (session + role, as
 * every admin route). Read-only: jobs are retried through the product (incidents), not by hand.
 */
export function operationsRoutes(queues: readonly Queue[]): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(operationsPath);
  createBullBoard({ queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })), serverAdapter });
  const router = Router();
  router.use('/admin/queues', signedIn, (req, _res, next) => {
    authorize(req, 'read', 'operations', {});
    next();
  });
  router.use('/admin/queues', serverAdapter.getRouter() as Router);
  return router;
}

/** Every queue of the product, for the operations view (close them at shutdown). */
export function productQueues(connection: ConnectionOptions): Queue[] {
  return [createTimerQueue(connection), createJobQueue(connection), createNotificationQueue(connection), createReminderQueue(connection)] as Queue[];
}
