// The node flags an npm script of package.json gives its process (`tsx <flags> <file>`), a bench
// part run in a process of its own with them, and the product's processes (the API, the database)
// started with them: the bench runs the product's processes as `npm run <script>` runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findFreePort } from '../server/embedded/process.js';

const repo = path.resolve(import.meta.dirname, '..');

export function nodeFlagsOf(script: string): string[] {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts[script];
  if (command === undefined) throw new Error(`package.json has no script ${script}`);
  const words = command.split(/\s+/);
  if (words[0] !== 'tsx') throw new Error(`the script ${script} does not start with tsx: ${command}`);
  const file = words.findIndex((word, i) => i > 0 && !word.startsWith('--'));
  return words.slice(1, file < 0 ? undefined : file);
}

/** Flags that make `node --cpu-prof --import tsx bench/index.ts <part>` profile every process. */
export const profileFlags = () => process.execArgv.filter((a) => a.startsWith('--cpu-prof'));

/** Node's arguments for `args` (a file and its arguments) run as `npm run <script>` runs its file. */
const nodeArgs = (script: string, args: string[]) => [...nodeFlagsOf(script), ...profileFlags(), '--import', 'tsx', ...args];

/**
 * Runs a bench part's module (`moduleUrl`: its import.meta.url) as a process of its own, started with
 * the node flags of `npm run <script>`, and waits for it to end well.
 */
export async function runAsScript(script: string, moduleUrl: string): Promise<void> {
  const child = spawn(process.execPath, nodeArgs(script, [fileURLToPath(moduleUrl)]), { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${path.basename(fileURLToPath(moduleUrl))} exited with ${code}`);
}

/** True in the process runAsScript started for the module. */
export const startedAsScript = (moduleUrl: string): boolean => process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === moduleUrl;

export interface ScriptProcess {
  readonly process: ChildProcess;
  /** The end of what it wrote (standard output and error). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts a process as `npm run <script>` starts it (its node flags), with `args` after the loader, and
 * waits until `ready` says it is (two minutes at most).
 */
export async function startScript(script: string, args: string[], env: Record<string, string>, ready: () => Promise<boolean>): Promise<ScriptProcess> {
  const child = spawn(process.execPath, nodeArgs(script, args), {
    cwd: repo,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 120_000;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `npm run db`: the embedded database in its own process, as MongoDB is in production, and its URI for `database`. */
export async function startDatabase(dataDir: string, database: string): Promise<{ child: ScriptProcess; uri: string }> {
  const port = await findFreePort();
  const accepts = () =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
  const child = await startScript('db', ['server/embedded/mongo/main.ts'], { MONGO_PORT: String(port), DATA_DIR: dataDir }, accepts);
  return { child, uri: `mongodb://127.0.0.1:${port}/${database}` };
}
