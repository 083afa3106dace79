/**
 * Process variables the way Camunda keeps them: for the whole instance. bpmn-elements gives a
 * sub-process a copy of the variables when it starts, so a variable set outside it (or inside it)
 * would otherwise stay in that one scope.
 */
import type { Engine } from 'bpmn-engine';
import type { Environment, ProcessExecution } from 'bpmn-elements';
import type { StepState } from './state.js';

/** A running sub-process's behaviour holds one execution (with its own environment) per run; bpmn-elements does not type it. */
interface SubProcessBehaviour {
  readonly executions?: readonly ProcessExecution[];
}

/** Every environment an instance's variables live in: each process's, and each running sub-process execution's. */
function variableScopes(engine: Engine): Environment[] {
  const scopes = new Set<Environment>();
  const visit = (scope: ProcessExecution | undefined) => {
    if (!scope) return;
    scopes.add(scope.environment);
    for (const activity of scope.getActivities()) {
      if (!activity.isSubProcess) continue;
      const behaviour = activity.execution?.source as SubProcessBehaviour | undefined;
      for (const execution of behaviour?.executions ?? []) visit(execution);
    }
  };
  for (const definition of engine.execution.definitions) {
    for (const process of definition.getProcesses()) {
      scopes.add(process.environment);
      visit(process.execution);
    }
  }
  return [...scopes];
}

/**
 * Sets process variables (a task's form data, a message's payload, a service handler's result)
 * for the whole instance, so that every scope reads the newest value, e.g. a coordinator change
 * made outside the case sub-process reaches the tasks inside it.
 */
export function assignProcessVariables(state: StepState, variables: Record<string, unknown>, own?: Environment): void {
  own?.assignVariables(variables);
  if (state.engine) for (const scope of variableScopes(state.engine)) if (scope !== own) scope.assignVariables(variables);
  Object.assign(state.variables, variables);
}
