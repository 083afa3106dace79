import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from 'mongoose';
import type { Logger } from '../log.js';
import { contentHash, DefinitionStore, type DeployResult } from './store.js';

export interface DeployOptions {
  /** The processes/ folder. */
  readonly dir: string;
  readonly connection: Connection;
  readonly logger: Logger;
  /** An existing store to deploy into (default: a new one on the connection). */
  readonly store?: DefinitionStore;
}

export interface FileDeployResult {
  readonly fileName: string;
  /** The hash of the content that was dealt with (contentHash): a file can change again meanwhile. */
  readonly contentHash: string;
  readonly result: DeployResult;
}

async function bpmnFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.bpmn')).map((entry) => entry.name).sort();
}

/**
 * Startup: checks every .bpmn in `dir` and deploys the good ones. A refused file is logged (warn)
 * and kept as the store's latest refusal; its last good version, if any, keeps serving.
 */
export async function deployProcesses(options: DeployOptions): Promise<{ store: DefinitionStore; results: FileDeployResult[] }> {
  const store = options.store ?? new DefinitionStore(options.connection, options.logger);
  await store.init();
  const results: FileDeployResult[] = [];
  for (const fileName of await bpmnFiles(options.dir)) {
    const source = await readFile(path.join(options.dir, fileName), 'utf8');
    // A restart never undoes a later deployment (from the browser, or a newer file that was reverted since).
    results.push({ fileName, contentHash: contentHash(source), result: await store.deploy(fileName, source, { reactivate: false }) });
  }
  return { store, results };
}

export interface WatchOptions {
  readonly dir: string;
  readonly store: DefinitionStore;
  readonly logger: Logger;
  /** Wait this long after the last change of a file before deploying it (editors write in bursts). */
  readonly debounceMs?: number;
  /** Called after every redeployment attempt (tests, process-owner notifications). */
  readonly onResult?: (result: FileDeployResult) => void;
}

export interface ProcessWatcher {
  close(): void;
}

/**
 * While the product runs: redeploys a .bpmn file when it changes. Watches the folder (not the
 * files), so editors that save by writing a new file and renaming it are seen too.
 */
export function watchProcesses(options: WatchOptions): ProcessWatcher {
  const debounceMs = options.debounceMs ?? 300;
  const pending = new Map<string, NodeJS.Timeout>();
  let queue: Promise<void> = Promise.resolve();
  let closed = false;

  const redeploy = (fileName: string) => {
    queue = queue.then(async () => {
      if (closed) return;
      let source: string;
      try {
        source = await readFile(path.join(options.dir, fileName), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          options.logger.info({ fileName }, `Process file ${fileName} was removed; its versions stay deployed`);
          return;
        }
        throw error;
      }
      const result = await options.store.deploy(fileName, source);
      options.onResult?.({ fileName, contentHash: contentHash(source), result });
    }).catch((error: unknown) => {
      options.logger.error({ err: error, fileName }, `Redeploying ${fileName} failed`);
    });
  };

  const watcher: FSWatcher = watch(options.dir, { persistent: false }, (_event, name) => {
    const fileName = name?.toString();
    if (!fileName || !fileName.endsWith('.bpmn') || closed) return;
    const timer = pending.get(fileName);
    if (timer) clearTimeout(timer);
    pending.set(
      fileName,
      setTimeout(() => {
        pending.delete(fileName);
        redeploy(fileName);
      }, debounceMs),
    );
  });
  watcher.on('error', (error) => options.logger.error({ err: error }, 'Watching the process folder failed'));

  return {
    close() {
      closed = true;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      watcher.close();
    },
  };
}
