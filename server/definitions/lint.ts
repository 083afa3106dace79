import { Worker } from 'node:worker_threads';
import type { ModdleElement } from './compile.js';
import { defaultDefinitionLimits, type DefinitionLimits } from './limits.js';
import { productLintConfig, ProductRuleResolver } from './rules.js';
import { loadLinter } from './bpmnlint.js';

export interface LintFinding {
  readonly rule: string;
  readonly elementId?: string;
  readonly message: string;
  readonly category: 'error' | 'warn' | 'info' | 'rule-error';
}

/** Lints a parsed definition in this thread (needs a host whose `require` can load ES modules). */
export async function lintParsed(definitions: ModdleElement, limits: DefinitionLimits = defaultDefinitionLimits): Promise<LintFinding[]> {
  // A new Linter per lint: a reused one reports false duplicates.
  const Linter = loadLinter();
  const linter = new Linter({ config: productLintConfig(limits), resolver: new ProductRuleResolver() });
  const reports = await linter.lint(definitions);
  return Object.entries(reports).flatMap(([rule, ruleReports]) =>
    ruleReports.map((report) => ({ rule, ...(report.id && { elementId: report.id }), message: report.message, category: report.category })),
  );
}

let inThread: boolean | undefined;

/**
 * Lints a BPMN source. bpmnlint 11 is CommonJS and requires ES-module-only packages (min-dash,
 * bpmn-moddle 10), which Node's own loader handles (Node >= 20.19) but module registries that
 * reimplement `require` (the jest runtime) do not. Where that fails, the lint runs in a worker
 * thread, which always has Node's own loader; the rules and results are the same.
 */
export async function lintSource(source: string, parsed: ModdleElement, limits: DefinitionLimits = defaultDefinitionLimits): Promise<LintFinding[]> {
  if (inThread !== false) {
    try {
      const findings = await lintParsed(parsed, limits);
      inThread = true;
      return findings;
    } catch (error) {
      if (inThread === true || !/ES Module|require\(\) of ES|ERR_REQUIRE_ESM/i.test((error as Error).message)) throw error;
      inThread = false;
    }
  }
  return lintInWorker(source, limits);
}

function lintInWorker(source: string, limits: DefinitionLimits): Promise<LintFinding[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./lint-worker-entry.mjs', import.meta.url), { workerData: { source, limits } });
    worker.once('message', (message: { reports?: LintFinding[]; error?: string }) => {
      void worker.terminate();
      if (message.reports) resolve(message.reports);
      else reject(new Error(message.error ?? 'lint worker failed'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`lint worker exited with code ${code}`));
    });
  });
}
