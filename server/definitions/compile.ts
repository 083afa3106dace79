import { createRequire } from 'node:module';
import * as Elements from 'bpmn-elements';
import BpmnModdle from 'bpmn-moddle';
import Serializer, { deserialize, TypeResolver, type SerializableContext } from 'moddle-context-serializer';

const require = createRequire(import.meta.url);

/** The camunda-bpmn-moddle descriptor: makes camunda:formKey, candidateGroups, … visible. */
export const camundaModdle = require('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>;

/** What bpmn-moddle's fromXML gives back. */
export interface ModdleParseResult {
  rootElement: ModdleElement;
  warnings: { message: string; element?: unknown; property?: string; value?: unknown }[];
  references: unknown[];
  elementsById: Record<string, ModdleElement>;
}

/** A bpmn-moddle element: `$type`, its properties, `$parent`, `get(name)`. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  id?: string;
  get(name: string): unknown;
  [key: string]: unknown;
}

/** Parses BPMN XML with the Camunda extensions; throws on XML that cannot be read. */
export async function parseBpmn(source: string): Promise<ModdleParseResult> {
  const moddle = new BpmnModdle({ camunda: camundaModdle } as never);
  return (await moddle.fromXML(source.trim())) as unknown as ModdleParseResult;
}

const serviceTaskTypes = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);

/**
 * Camunda Modeler writes a service task's "Expression" implementation as `camunda:expression`;
 * bpmn-elements binds services through `implementation`. Map the one onto the other.
 */
function extendElement(element: { $type?: string; expression?: unknown; implementation?: unknown }) {
  if (element.$type && serviceTaskTypes.has(element.$type) && typeof element.expression === 'string' && !element.implementation) {
    return { implementation: element.expression };
  }
  return undefined;
}

const typeResolver = TypeResolver({ ...(Elements as unknown as Record<string, unknown>) });

/**
 * Compiles a parsed definition into the context bpmn-engine takes as `sourceContext`. An engine
 * built from it needs no `moddleOptions`, and its saved state needs no embedded source.
 */
export function compileDefinition(parsed: ModdleParseResult): SerializableContext {
  return Serializer(parsed as never, typeResolver, extendElement as never);
}

/** Parse and compile in one step (for sources already known to be valid). */
export async function compileSource(source: string): Promise<SerializableContext> {
  return compileDefinition(await parseBpmn(source));
}

/** Rebuilds a compiled context from its `serialize()` text (a context compiled in another thread). */
export function deserializeDefinition(serialized: string): SerializableContext {
  return deserialize(JSON.parse(serialized) as object, typeResolver);
}
