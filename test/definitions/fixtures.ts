import { readFileSync } from 'node:fs';
import path from 'node:path';

export const processesDir = path.resolve('processes');
export const realFile = 'individual-plan.bpmn';
export const realSource = readFileSync(path.join(processesDir, realFile), 'utf8');

/** The real file with one exact text replaced (fails loudly when the text is not there). */
export function variant(search: string, replacement: string, source = realSource): string {
  if (!source.includes(search)) throw new Error(`fixture text not found: ${search}`);
  return source.replace(search, replacement);
}

/** Replaces the service task `id` with a script task (same flows). */
export function withScriptTask(id: string): string {
  const start = realSource.indexOf(`<bpmn:serviceTask id="${id}"`);
  const end = realSource.indexOf('</bpmn:serviceTask>', start);
  if (start < 0 || end < 0) throw new Error(`no service task ${id}`);
  const block = realSource.slice(start, end + '</bpmn:serviceTask>'.length);
  const script = block
    .replace(/ camunda:expression="[^"]*"/, '')
    .replace('<bpmn:serviceTask', '<bpmn:scriptTask scriptFormat="javascript"')
    .replace('</bpmn:serviceTask>', '  <bpmn:script>next()</bpmn:script>\n      </bpmn:scriptTask>');
  return realSource.replace(block, script);
}
