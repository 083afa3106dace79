/** Process definitions: check, compile, version and deploy the BPMN files in processes/. */
export type { DefinitionRegistry, DefinitionVersion } from './types.js';
export { checkAndCompile, checkDefinition, formatProblem, type CheckResult, type DefinitionProblem } from './check.js';
export { camundaModdle, compileDefinition, compileSource, parseBpmn } from './compile.js';
export { allowlistExpressions, noScripts, parseExpression, resolveExpression, ExpressionError } from './expressions.js';
export { resolveTaskDate, taskDateProblem, timerValueProblem } from './iso.js';
export { defaultDefinitionLimits, type DefinitionLimits } from './limits.js';
export { formVariable, processMessages, type IndividualPlanStartVariables } from './process-contract.js';
export { isServiceHandlerName, serviceHandlerNames, type ServiceHandlerName } from './service-handlers.js';
export { contentHash, DefinitionNotFoundError, DefinitionStore, type DeployResult, type Refusal } from './store.js';
export { deployProcesses, watchProcesses, type FileDeployResult, type ProcessWatcher } from './deploy.js';
export { definitionModel, type DefinitionDocument } from './model.js';
