import { runProcess } from '../server/lifecycle.js';
import { startWorkers } from './index.js';

/** A worker-only process (npm run worker), for running background jobs apart from the API. */
await runProcess('worker', async (context) => {
  const workers = await startWorkers(context);
  context.logger.info('workers started');
  return workers;
});
