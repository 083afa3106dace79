import { parseBpmn, type ModdleElement } from './compile.js';

/** One flow element of a definition (task, event, gateway, sequence flow, sub-process …) as process owners compare it. */
export interface DefinitionElement {
  readonly id: string;
  readonly name: string | null;
  /** BPMN type, e.g. bpmn:UserTask. */
  readonly type: string;
  /** Its attributes as text: `camunda:formKey`, `sourceRef`, `eventDefinitions`, …, in a stable order. */
  readonly attributes: Readonly<Record<string, string>>;
}

interface PropertyDescriptor {
  name: string;
  isMany?: boolean;
  isReference?: boolean;
  ns: { name: string; prefix: string; localName: string };
}

/** Properties that are the element's identity or restate the structure other elements carry. */
const skipped = new Set(['id', 'name', 'flowElements', 'incoming', 'outgoing', 'artifacts', 'laneSets', 'di', 'boundaryEventRefs', 'lanes']);

function attributeName(property: PropertyDescriptor): string {
  return property.ns.prefix === 'bpmn' ? property.ns.localName : property.ns.name;
}

function render(value: unknown, reference: boolean): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const parts = value.map((item) => render(item, reference)).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  if (typeof value !== 'object') return String(value);
  const element = value as ModdleElement;
  if (reference) return element.id ?? element.$type;
  const nested = describe(element);
  const text = typeof element.body === 'string' ? element.body : typeof element.text === 'string' ? element.text : undefined;
  const inner = [...(text !== undefined ? [text.trim()] : []), ...Object.entries(nested).map(([key, part]) => `${key}=${part}`)];
  return inner.length > 0 ? `${element.$type}(${inner.join('; ')})` : element.$type;
}

function describe(element: ModdleElement): Record<string, string> {
  const descriptor = (element as { $descriptor?: { properties?: PropertyDescriptor[] } }).$descriptor;
  const result: Record<string, string> = {};
  for (const property of descriptor?.properties ?? []) {
    if (skipped.has(property.name) || property.name === 'body' || property.name === 'text') continue;
    // Only what the file sets: moddle's get() also gives the schema's defaults.
    if (!Object.hasOwn(element, property.name) && !Object.hasOwn(element, property.ns.name)) continue;
    const value = element.get(property.ns.name);
    const rendered = render(value, property.isReference === true);
    if (rendered !== undefined && rendered !== '') result[attributeName(property)] = rendered;
  }
  const extra = (element as { $attrs?: Record<string, unknown> }).$attrs ?? {};
  for (const [key, value] of Object.entries(extra)) {
    if (!key.startsWith('xmlns') && key !== 'xsi:type') result[key] = String(value);
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

function collect(container: ModdleElement, into: DefinitionElement[]): void {
  for (const element of (container.get('flowElements') as ModdleElement[] | undefined) ?? []) {
    if (!element.id) continue;
    into.push({ id: element.id, name: typeof element.name === 'string' && element.name !== '' ? element.name : null, type: element.$type, attributes: describe(element) });
    if (element.$type === 'bpmn:SubProcess' || element.$type === 'bpmn:Transaction' || element.$type === 'bpmn:AdHocSubProcess') collect(element, into);
  }
}

/** The flow elements of every process in a BPMN source (sub-processes included), in document order. */
export async function definitionElements(source: string): Promise<DefinitionElement[]> {
  const parsed = await parseBpmn(source);
  const elements: DefinitionElement[] = [];
  const roots = (parsed.rootElement.get('rootElements') as ModdleElement[] | undefined) ?? [];
  for (const root of roots) if (root.$type === 'bpmn:Process') collect(root, elements);
  return elements;
}
