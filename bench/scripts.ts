// The node flags an npm script of package.json gives its process (`tsx <flags> <file>`), so that a
// bench part runs the product's processes as `npm run <script>` runs them.
import { readFileSync } from 'node:fs';

export function nodeFlagsOf(script: string): string[] {
  const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const command = scripts[script];
  if (command === undefined) throw new Error(`package.json has no script ${script}`);
  const words = command.split(/\s+/);
  if (words[0] !== 'tsx') throw new Error(`the script ${script} does not start with tsx: ${command}`);
  const file = words.findIndex((word, i) => i > 0 && !word.startsWith('--'));
  return words.slice(1, file < 0 ? undefined : file);
}
