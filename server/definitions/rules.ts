import type { LintConfig, Reporter, Resolver, RuleDefinition, RuleFactory } from 'bpmnlint';
import { isFormKey } from '../../forms/index.js';
import { isRole } from '../auth/roles.js';
import { createNodeResolver } from './bpmnlint.js';
import type { ModdleElement } from './compile.js';
import { ExpressionError, expressionPaths, isExpression, parseTemplate } from './expressions.js';
import { taskDateProblem, timerIntervalMs, timerValueProblem, type TimerType } from './iso.js';
import { defaultDefinitionLimits, describeMs, type DefinitionLimits } from './limits.js';
import { isServiceHandlerName, serviceHandlerNames } from './service-handlers.js';

/**
 * The product's own lint rules, served to bpmnlint by a resolver that wraps bpmnlint's
 * NodeResolver under the plugin name `individual-plan` (no npm plugin package needed).
 */
export const pluginName = 'individual-plan';
const pluginPackage = `bpmnlint-plugin-${pluginName}`;

function is(node: ModdleElement | undefined, type: string): boolean {
  return Boolean(node && typeof (node as { $instanceOf?: unknown }).$instanceOf === 'function' && (node as unknown as { $instanceOf(t: string): boolean }).$instanceOf(type));
}

/** The id to report: the element's own, or the nearest ancestor's (for timer definitions, expressions, extensions). */
function ownerId(node: ModdleElement): string {
  let current: ModdleElement | undefined = node;
  while (current) {
    const isInner = is(current, 'bpmn:EventDefinition') || is(current, 'bpmn:Expression') || current.$type.startsWith('camunda:');
    if (current.id && !isInner) return current.id;
    current = current.$parent;
  }
  return node.id ?? '(definitions)';
}

function attr(node: ModdleElement, name: string): string | undefined {
  const value = node.get(name);
  return typeof value === 'string' ? value : undefined;
}

function rule(check: (node: ModdleElement, reporter: Reporter) => void): RuleFactory {
  return () => ({ check: (node: ModdleElement, reporter: Reporter) => check(node, reporter) }) satisfies RuleDefinition;
}

const userTaskForm = rule((node, reporter) => {
  if (!is(node, 'bpmn:UserTask')) return;
  const formKey = attr(node, 'camunda:formKey');
  if (!formKey) reporter.report(ownerId(node), 'User task has no camunda:formKey');
  else if (!isFormKey(formKey)) reporter.report(ownerId(node), `camunda:formKey "${formKey}" is not a form in forms/`);
});

const candidateGroups = rule((node, reporter) => {
  if (!is(node, 'bpmn:UserTask')) return;
  const groups = attr(node, 'camunda:candidateGroups');
  if (!groups || groups.trim() === '') {
    reporter.report(ownerId(node), 'User task has no camunda:candidateGroups');
    return;
  }
  for (const group of groups.split(',').map((g) => g.trim())) {
    if (!isRole(group)) reporter.report(ownerId(node), `Candidate group "${group}" is not a known role`);
  }
});

const noScripts = rule((node, reporter) => {
  if (is(node, 'bpmn:ScriptTask')) reporter.report(ownerId(node), 'Script tasks are not allowed; use a service task bound to a named handler');
  else if (node.$type === 'camunda:Script') reporter.report(ownerId(node), 'Inline scripts are not allowed');
  else if (node.$type === 'camunda:ExecutionListener' || node.$type === 'camunda:TaskListener') {
    reporter.report(ownerId(node), 'Execution and task listeners are not supported');
  } else if (is(node, 'bpmn:FormalExpression') || is(node, 'bpmn:Expression')) {
    const language = attr(node, 'language');
    if (language) reporter.report(ownerId(node), `Script conditions (language "${language}") are not allowed; use a \${…} expression`);
  }
});

/** Attributes bound to a service handler: checked by service-handler, not as conditions. */
const serviceBindingAttributes = new Set(['expression', 'implementation']);
const skipKeys = new Set(['$type', 'id', 'name']);

const allowedExpressions = rule((node, reporter) => {
  const isServiceTask = is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask') || is(node, 'bpmn:BusinessRuleTask');
  for (const key of Object.keys(node)) {
    if (skipKeys.has(key) || key.startsWith('$')) continue;
    const value = node[key];
    if (typeof value !== 'string' || !value.includes('${')) continue;
    try {
      const parsed = parseTemplate(value);
      if (isServiceTask && serviceBindingAttributes.has(key)) continue;
      for (const path of parsed.flatMap(expressionPaths)) {
        if (path.root !== 'variables') {
          reporter.report(ownerId(node), `Expression "${value}" may only read environment.variables`);
          break;
        }
      }
    } catch (error) {
      const reason = error instanceof ExpressionError ? error.message : String(error);
      reporter.report(ownerId(node), `Expression "${value}" is not allowed: ${reason}`);
    }
  }
});

const timerTypes: TimerType[] = ['timeDuration', 'timeDate', 'timeCycle'];

const sendingTypes = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];
const passThroughTypes = ['bpmn:Gateway', 'bpmn:IntermediateThrowEvent'];

/**
 * Whether the flow that leaves a timer's event reaches a service task (every handler sends a
 * message or a letter, or closes the case and says so) before anything that waits.
 */
function leadsToMessage(event: ModdleElement | undefined): boolean {
  const seen = new Set<ModdleElement>();
  const queue: ModdleElement[] = event ? [event] : [];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (seen.has(current)) continue;
    seen.add(current);
    if (current !== event && sendingTypes.some((type) => is(current, type))) return true;
    if (current !== event && !passThroughTypes.some((type) => is(current, type))) continue;
    for (const flow of (current.get('outgoing') as ModdleElement[] | undefined) ?? []) {
      const target = flow.get('targetRef') as ModdleElement | undefined;
      if (target) queue.push(target);
    }
  }
  return false;
}

/** Config: DefinitionLimits (the product passes its configured ones; see productLintConfig). */
const timerValues: RuleFactory = (config?: unknown) => {
  const limits: DefinitionLimits = { ...defaultDefinitionLimits, ...(config as Partial<DefinitionLimits> | undefined) };
  return {
    check(node: ModdleElement, reporter: Reporter) {
      if (!is(node, 'bpmn:TimerEventDefinition')) return;
      const present = timerTypes.filter((type) => node.get(type));
      if (present.length !== 1) {
        reporter.report(ownerId(node), 'A timer needs exactly one of timeDuration, timeDate or timeCycle');
        return;
      }
      for (const type of present) {
        const body = (node.get(type) as { body?: unknown } | undefined)?.body;
        const value = typeof body === 'string' ? body : '';
        const problem = timerValueProblem(type, value, limits);
        if (problem) {
          reporter.report(ownerId(node), `${type} ${problem}`);
          continue;
        }
        const interval = timerIntervalMs(type, value);
        if (interval !== undefined && interval < limits.minMessageTimerMs && leadsToMessage(node.$parent)) {
          reporter.report(
            ownerId(node),
            `${type} "${value.trim()}" leads to a message and is shorter than the shortest interval allowed for messages, ${describeMs(limits.minMessageTimerMs)}`,
          );
        }
      }
    },
  } satisfies RuleDefinition;
};

const taskDates = rule((node, reporter) => {
  if (!is(node, 'bpmn:UserTask')) return;
  for (const name of ['camunda:dueDate', 'camunda:followUpDate']) {
    const value = attr(node, name);
    if (value === undefined) continue;
    const problem = taskDateProblem(value);
    if (problem) reporter.report(ownerId(node), `${name} ${problem}`);
  }
});

const serviceHandlerPattern = /^\$\{environment\.services\.([A-Za-z_$][\w$]*)\}$/;

const serviceHandler = rule((node, reporter) => {
  if (!(is(node, 'bpmn:ServiceTask') || is(node, 'bpmn:SendTask') || is(node, 'bpmn:BusinessRuleTask'))) return;
  for (const unsupported of ['camunda:class', 'camunda:delegateExpression', 'camunda:type', 'camunda:topic']) {
    if (attr(node, unsupported)) reporter.report(ownerId(node), `${unsupported} is not supported; use camunda:expression="\${environment.services.<handler>}"`);
  }
  const implementation = attr(node, 'implementation');
  const binding = attr(node, 'camunda:expression') ?? (implementation && isExpression(implementation) ? implementation : undefined);
  if (!binding) {
    reporter.report(ownerId(node), `Service task is not bound to a handler; set camunda:expression="\${environment.services.<handler>}" (one of ${serviceHandlerNames.join(', ')})`);
    return;
  }
  const name = serviceHandlerPattern.exec(binding)?.[1];
  if (!name) reporter.report(ownerId(node), `Service binding "${binding}" must be exactly \${environment.services.<handler>}`);
  else if (!isServiceHandlerName(name)) reporter.report(ownerId(node), `Service handler "${name}" is unknown; known: ${serviceHandlerNames.join(', ')}`);
});

const executableProcess = rule((node, reporter) => {
  if (!is(node, 'bpmn:Definitions')) return;
  const roots = (node.get('rootElements') as ModdleElement[] | undefined) ?? [];
  const executable = roots.filter((element) => is(element, 'bpmn:Process') && element.get('isExecutable') === true);
  if (executable.length !== 1) {
    reporter.report(node.id ?? '(definitions)', `Expected exactly one executable process, found ${executable.length}`);
  }
});

/** Our rules by name; reported as `individual-plan/<name>`. */
export const productRules: Readonly<Record<string, RuleFactory>> = {
  'user-task-form': userTaskForm,
  'candidate-groups': candidateGroups,
  'no-scripts': noScripts,
  'allowed-expressions': allowedExpressions,
  'timer-values': timerValues,
  'task-dates': taskDates,
  'service-handler': serviceHandler,
  'executable-process': executableProcess,
};

/** bpmnlint's recommended rules and ours, with the timer rule bound to `limits`. */
export function productLintConfig(limits: DefinitionLimits = defaultDefinitionLimits): LintConfig {
  return {
    extends: ['bpmnlint:recommended', `plugin:${pluginName}/recommended`],
    rules: { [`${pluginName}/timer-values`]: ['error', { ...limits }] },
  } as LintConfig;
}

const productPluginConfig: LintConfig = {
  rules: Object.fromEntries(Object.keys(productRules).map((name) => [`${pluginName}/${name}`, 'error'])),
};

/** bpmnlint's node resolver, plus our plugin served from memory. */
export class ProductRuleResolver implements Resolver {
  private readonly base: Resolver = createNodeResolver();

  resolveRule(pkg: string, ruleName: string): RuleFactory {
    if (pkg === pluginPackage) {
      const factory = productRules[ruleName];
      if (!factory) throw new Error(`cannot resolve rule <${ruleName}> from <${pkg}>`);
      return factory;
    }
    return this.base.resolveRule(pkg, ruleName) as RuleFactory;
  }

  resolveConfig(pkg: string, configName: string): LintConfig {
    if (pkg === pluginPackage) {
      if (configName !== 'recommended') throw new Error(`cannot resolve config <${configName}> from <${pkg}>`);
      return productPluginConfig;
    }
    return this.base.resolveConfig(pkg, configName) as LintConfig;
  }
}
