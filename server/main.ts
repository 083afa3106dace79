import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadAuthConfig } from './auth/config.js';
import { createSecurity } from './http/security.js';
import { caseFactsLookup, caseModels, caseNumbersLookup } from './cases/index.js';
import { startCaseServices } from './case-services.js';
import { loadConfig } from './config.js';
import { createApp } from './http/app.js';
import { markInterruptedBackgroundRuns } from './http/routes/definitions.js';
import { productQueues } from './http/routes/operations.js';
import { listen } from './http/listen.js';
import { configOrExit, runProcess } from './lifecycle.js';
import { createServices, deployAndWatchProcesses, writableProcessesDir } from './services.js';
import { startWorkers } from '../workers/index.js';
import { checkRedisEvictionPolicy } from '../workers/redis-policy.js';

/**
 * The product's process. By default it serves the API and the web app and runs the background
 * workers; `--api-only` (npm run server) leaves the workers to separate `npm run worker` processes.
 */
const apiOnly = process.argv.includes('--api-only');
const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

// Sign-in settings are checked before anything starts; only the API process needs them.
const authConfig = configOrExit(() => loadAuthConfig(process.env, loadConfig()));

await runProcess(apiOnly ? 'server' : 'product', async ({ config, logger, infrastructure }) => {
  // The workers check it themselves (startWorkers); an API-only process adds jobs, so it checks too.
  if (apiOnly) await checkRedisEvictionPolicy(infrastructure, { production: config.nodeEnv === 'production', logger });
  const services = await createServices({ config, logger, infrastructure });
  const processWatcher = await deployAndWatchProcesses({ services, infrastructure, logger });
  await markInterruptedBackgroundRuns(infrastructure.db, logger);
  const processFilesDir = config.processFilesWritable ? await writableProcessesDir(logger) : undefined;
  const security = await createSecurity({
    config: authConfig,
    db: infrastructure.db,
    redis: infrastructure.createRedisConnection({ failFast: true }),
    logger,
    caseFacts: caseFactsLookup(caseModels(infrastructure.db)),
    caseNumbers: caseNumbersLookup(caseModels(infrastructure.db)),
  });
  const cases = await startCaseServices({ config, logger, infrastructure, engine: services.engine });
  const queues = productQueues(infrastructure.createRedisConnection());
  const app = createApp({
    logger,
    production: config.nodeEnv === 'production',
    trustProxy: config.trustProxy,
    municipalityName: config.municipalityName,
    webDistDir,
    checkReadiness: () => infrastructure.checkReadiness(),
    security,
    cases,
    definitions: { store: services.definitions, connection: infrastructure.db, logger, steps: services.engine.steps, ...(processFilesDir ? { processFiles: { dir: processFilesDir } } : {}) },
    queues,
  });
  const http = await listen(app, config.host, config.port);
  const { port } = http.server.address() as AddressInfo;
  const workers = apiOnly ? undefined : await startWorkers({ config, logger, infrastructure, services });
  logger.info({ url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, workers: !apiOnly }, 'listening');
  return {
    async close() {
      processWatcher.close();
      await http.close();
      await workers?.close();
      await Promise.all(queues.map((queue) => queue.close()));
      await services.close();
    },
  };
});
