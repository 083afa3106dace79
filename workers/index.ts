import type { Config } from '../server/config.js';
import type { Infrastructure } from '../server/infrastructure.js';
import type { Logger } from '../server/log.js';

export interface Workers {
  /** Stops taking jobs and waits for the jobs in progress to finish. */
  close(): Promise<void>;
}

/** Starts every background worker of the product on the shared Redis and MongoDB. */
export async function startWorkers(context: {
  config: Config;
  logger: Logger;
  infrastructure: Infrastructure;
}): Promise<Workers> {
  const started: Workers[] = [];
  void context;
  return {
    async close() {
      await Promise.all(started.map((worker) => worker.close()));
    },
  };
}
