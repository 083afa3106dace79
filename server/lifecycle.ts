import { ConfigError, loadConfig, type Config } from './config.js';
import { DataDirInUseError } from './embedded/data-dir-lock.js';
import { RedisServerMissingError } from './embedded/redis.js';
import { startInfrastructure, type Infrastructure } from './infrastructure.js';
import { createLogger, type Logger } from './log.js';

/** Loads configuration, or ends the process with the one line that names the wrong setting. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

export interface Running {
  /** Stop taking new work, let work in progress finish, release what was opened. */
  close(): Promise<void>;
}

/**
 * Runs one of the product's processes (all-in-one, API only, worker only): validates the
 * configuration, starts MongoDB/Redis or connects to them, starts the parts, and shuts down
 * gracefully on SIGTERM/SIGINT. Startup failures end the process with one clear line.
 */
export async function runProcess(
  name: string,
  start: (context: { config: Config; logger: Logger; infrastructure: Infrastructure }) => Promise<Running>,
): Promise<void> {
  const config = configOrExit(() => loadConfig());
  const logger = createLogger({ level: config.logLevel, name });

  let infrastructure: Infrastructure | undefined;
  let running: Running | undefined;
  const startup = (async () => {
    infrastructure = await startInfrastructure(config, logger);
    running = await start({ config, logger, infrastructure });
  })();

  // Listened for from the first moment: a signal during the start waits for it, then stops what it
  // started, instead of ending the process with the embedded servers still running.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    // A failed start ends the process below.
    if (!(await startup.then(() => true, () => false))) return;
    try {
      await running?.close();
      await infrastructure?.close();
      logger.info('stopped');
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  try {
    await startup;
  } catch (error) {
    const known = error instanceof RedisServerMissingError || error instanceof DataDirInUseError;
    logger.fatal(known ? { reason: (error as Error).message } : { err: error }, 'startup failed');
    process.stderr.write(`Startup failed: ${(error as Error).message}\n`);
    await infrastructure?.close().catch(() => undefined);
    process.exit(1);
  }
}
