import { runProcess } from '../server/lifecycle.js';
import { createServices } from '../server/services.js';
import { startWorkers } from './index.js';

/** A worker-only process (npm run worker), for running background jobs apart from the API. */
await runProcess('worker', async (context) => {
  const services = await createServices(context);
  const workers = await startWorkers({ ...context, services });
  context.logger.info('workers started');
  return {
    async close() {
      await workers.close();
      await services.close();
    },
  };
});
