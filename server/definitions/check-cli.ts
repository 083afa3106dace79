/**
 * `npm run processes:check -- [file...]`: checks BPMN files (default: every processes/*.bpmn)
 * without a database. Prints one line per problem, `file: elementId: rule: message`, and exits
 * 0 when no file has an error, 1 otherwise (warnings are printed but do not fail).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { checkAndCompile, formatProblem, type DefinitionProblem } from './check.js';

async function defaultFiles(): Promise<string[]> {
  const dir = path.resolve('processes');
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith('.bpmn')).sort().map((name) => path.join('processes', name));
}

async function main(args: string[]): Promise<number> {
  let limits;
  try {
    limits = loadConfig().definitionLimits;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 78;
  }
  const files = args.length > 0 ? args : await defaultFiles();
  if (files.length === 0) {
    process.stderr.write('No .bpmn files to check\n');
    return 1;
  }
  let failed = false;
  for (const file of files) {
    let problems: readonly DefinitionProblem[];
    try {
      const source = await readFile(file, 'utf8');
      const result = await checkAndCompile(source, file, limits);
      problems = result.problems;
      failed ||= !result.ok;
    } catch (error) {
      problems = [{ file, elementId: '(document)', rule: 'file', message: (error as Error).message, severity: 'error' }];
      failed = true;
    }
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
  }
  process.stdout.write(failed ? `${files.length} file(s) checked: refused\n` : `${files.length} file(s) checked: ok\n`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
