/** Paths in form data as the forms write them: `person.name`, `sharing[0].party`. */
export function joinPath(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name;
}

function keys(path: string): string[] {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.');
}

export function getIn(data: unknown, path: string): unknown {
  let node: unknown = data;
  for (const key of keys(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Sets (or, with undefined, removes) the value at a path, creating objects on the way. */
export function setIn(data: Record<string, unknown>, path: string, value: unknown): void {
  const parts = keys(path);
  let node: Record<string, unknown> = data;
  for (const key of parts.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
}
