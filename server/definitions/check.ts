import type { SerializableContext } from 'moddle-context-serializer';
import { compileDefinition, parseBpmn, type ModdleElement, type ModdleParseResult } from './compile.js';
import { lintSource } from './lint.js';
import { defaultDefinitionLimits, type DefinitionLimits } from './limits.js';
import { processContracts } from './process-contract.js';
import { pluginName } from './rules.js';

/** One finding about a BPMN file. Errors refuse the file; warnings are shown but do not. */
export interface DefinitionProblem {
  /** The file as given (relative to processes/ when deployed). */
  readonly file: string;
  /** The BPMN element the problem is about; `(document)` for problems with the file as a whole. */
  readonly elementId: string;
  /** bpmnlint rule names as is (`no-disconnected`), ours as `individual-plan/<rule>`, `xml` for parse errors. */
  readonly rule: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

export interface CheckResult {
  readonly file: string;
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  readonly problems: readonly DefinitionProblem[];
  /** The id of the one executable process, when the file has one. */
  readonly processKey?: string;
  /** Only when ok. */
  readonly parsed?: ModdleParseResult;
}

const documentId = '(document)';

/** One line per problem: `file: elementId: rule: message`. */
export function formatProblem(problem: DefinitionProblem): string {
  const message = problem.severity === 'warning' ? `warning: ${problem.message}` : problem.message;
  return `${problem.file}: ${problem.elementId}: ${problem.rule}: ${message}`;
}

function executableProcessId(parsed: ModdleParseResult): string | undefined {
  const roots = (parsed.rootElement.get('rootElements') as ModdleElement[] | undefined) ?? [];
  const executable = roots.filter((element) => element.$type === 'bpmn:Process' && element.get('isExecutable') === true);
  return executable.length === 1 ? executable[0]?.id : undefined;
}

/** The elements code relies on (process-contract.ts) that the process lacks or has with another type. */
function contractProblems(parsed: ModdleParseResult, processKey: string, file: string): DefinitionProblem[] {
  const rule = `${pluginName}/process-contract`;
  return (processContracts[processKey] ?? []).flatMap(({ id, type }): DefinitionProblem[] => {
    const element = parsed.elementsById[id];
    if (!element) return [{ file, elementId: id, rule, message: `The process has no ${type} with id "${id}"; the product relies on it`, severity: 'error' }];
    if (element.$type !== type) return [{ file, elementId: id, rule, message: `"${id}" is a ${element.$type}; the product relies on it being a ${type}`, severity: 'error' }];
    return [];
  });
}

/** How many XML elements (start tags) the source has, counting no further than `stopAfter`. */
export function countElements(source: string, stopAfter: number): number {
  let count = 0;
  for (let at = source.indexOf('<'); at >= 0 && count <= stopAfter; at = source.indexOf('<', at + 1)) {
    const next = source.charCodeAt(at + 1);
    // A letter or an underscore starts an element name; `</`, `<?` and `<!` do not.
    if ((next >= 65 && next <= 90) || (next >= 97 && next <= 122) || next === 95) count += 1;
  }
  return count;
}

/** A file beyond the size limits is refused before it is parsed. */
export function sizeProblem(source: string, file: string, limits: DefinitionLimits): DefinitionProblem | undefined {
  const bytes = Buffer.byteLength(source, 'utf8');
  const rule = `${pluginName}/file-size`;
  if (bytes > limits.maxBytes) {
    return { file, elementId: documentId, rule, message: `The file has ${bytes} bytes; at most ${limits.maxBytes} are allowed`, severity: 'error' };
  }
  const elements = countElements(source, limits.maxElements);
  if (elements > limits.maxElements) {
    return { file, elementId: documentId, rule, message: `The file has more than ${limits.maxElements} XML elements, the most allowed`, severity: 'error' };
  }
  return undefined;
}

/**
 * Checks one BPMN source: its size (bytes and elements, see DefinitionLimits), XML and BPMN parsing, bpmnlint's recommended rules and the product's
 * rules (forms, roles, no scripts, allowed expressions, ISO 8601 timers within the limits and
 * task dates, known service handlers, exactly one executable process) and the element ids code
 * relies on (process-contract.ts). Needs no database.
 */
export async function checkDefinition(source: string, file: string, limits: DefinitionLimits = defaultDefinitionLimits): Promise<CheckResult> {
  const tooLarge = sizeProblem(source, file, limits);
  if (tooLarge) return { file, ok: false, problems: [tooLarge] };
  const problems: DefinitionProblem[] = [];
  let parsed: ModdleParseResult;
  try {
    parsed = await parseBpmn(source);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'unreadable XML';
    return { file, ok: false, problems: [{ file, elementId: documentId, rule: 'xml', message, severity: 'error' }] };
  }
  if (parsed.rootElement?.$type !== 'bpmn:Definitions') {
    return { file, ok: false, problems: [{ file, elementId: documentId, rule: 'xml', message: 'The root element is not bpmn:definitions', severity: 'error' }] };
  }
  for (const warning of parsed.warnings) {
    const element = warning.element as { id?: unknown } | undefined;
    const elementId = typeof element?.id === 'string' ? element.id : documentId;
    problems.push({ file, elementId, rule: 'xml', message: warning.message.split('\n')[0] ?? warning.message, severity: 'error' });
  }

  for (const finding of await lintSource(source, parsed.rootElement, limits)) {
    if (finding.category === 'info') continue;
    problems.push({
      file,
      elementId: finding.elementId ?? documentId,
      rule: finding.rule,
      message: finding.message,
      severity: finding.category === 'warn' ? 'warning' : 'error',
    });
  }

  const processKey = executableProcessId(parsed);
  if (processKey) problems.push(...contractProblems(parsed, processKey, file));
  const ok = !problems.some((problem) => problem.severity === 'error');
  return { file, ok, problems, ...(processKey && { processKey }), ...(ok && { parsed }) };
}

/** Checks and, when the file is good, compiles it for the engine. */
export async function checkAndCompile(
  source: string,
  file: string,
  limits: DefinitionLimits = defaultDefinitionLimits,
): Promise<CheckResult & { sourceContext?: SerializableContext }> {
  const result = await checkDefinition(source, file, limits);
  if (!result.ok || !result.parsed) return result;
  try {
    // A fresh parse: a tree that bpmnlint has walked in this thread compiles into a context in
    // which the engine finds nothing to run.
    return { ...result, sourceContext: compileDefinition(await parseBpmn(source)) };
  } catch (error) {
    const problem: DefinitionProblem = {
      file,
      elementId: documentId,
      rule: `${pluginName}/compile`,
      message: `bpmn-engine cannot compile the file: ${(error as Error).message}`,
      severity: 'error',
    };
    return { file, ok: false, problems: [...result.problems, problem] };
  }
}
