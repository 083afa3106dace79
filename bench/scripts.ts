// The node flags an npm script of package.json gives its process (`tsx <flags> <file>`), and a bench
// part run in a process of its own with them, so that the bench runs the product's processes as
// `npm run <script>` runs them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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

/**
 * Runs a bench part's module (`moduleUrl`: its import.meta.url) as a process of its own, started with
 * the node flags of `npm run <script>`, and waits for it to end well.
 */
export async function runAsScript(script: string, moduleUrl: string): Promise<void> {
  const child = spawn(process.execPath, [...nodeFlagsOf(script), ...profileFlags(), '--import', 'tsx', fileURLToPath(moduleUrl)], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${path.basename(fileURLToPath(moduleUrl))} exited with ${code}`);
}

/** True in the process runAsScript started for the module. */
export const startedAsScript = (moduleUrl: string): boolean => process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === moduleUrl;
