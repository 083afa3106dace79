import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createApp } from './http/app.js';
import { listen } from './http/listen.js';
import { runProcess } from './lifecycle.js';
import { startWorkers } from '../workers/index.js';

/**
 * The product's process. By default it serves the API and the web app and runs the background
 * workers; `--api-only` (npm run server) leaves the workers to separate `npm run worker` processes.
 */
const apiOnly = process.argv.includes('--api-only');
const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/dist');

await runProcess(apiOnly ? 'server' : 'product', async ({ config, logger, infrastructure }) => {
  const app = createApp({
    logger,
    production: config.nodeEnv === 'production',
    municipalityName: config.municipalityName,
    webDistDir,
    checkReadiness: () => infrastructure.checkReadiness(),
  });
  const http = await listen(app, config.host, config.port);
  const { port } = http.server.address() as AddressInfo;
  const workers = apiOnly ? undefined : await startWorkers({ config, logger, infrastructure });
  logger.info({ url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, workers: !apiOnly }, 'listening');
  return {
    async close() {
      await http.close();
      await workers?.close();
    },
  };
});
