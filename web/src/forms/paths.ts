import type { Field, VisibleWhen } from '@forms/types.js';

/** `person.name`, `currentServices[0].service`: Formik's way of addressing nested values. */
export function joinPath(prefix: string, name: string | number): string {
  if (typeof name === 'number') return `${prefix}[${name}]`;
  return prefix ? `${prefix}.${name}` : name;
}

/**
 * A DOM id for the input of a field path (the error summary links to it). `scope` tells apart the
 * forms of one page (two forms may have a field of the same name): `field-<scope>--<path>`.
 */
export function fieldId(path: string, scope = ''): string {
  return `field-${scope ? `${scope}--` : ''}${path.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/-+$/, '')}`;
}

export function getIn(values: unknown, path: string): unknown {
  if (path === '') return values;
  const keys = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node: unknown = values;
  for (const key of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The parent path of a field path (`a.b[0].c` → `a.b[0]`). */
export function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut < 0 ? '' : path.slice(0, cut);
}

/**
 * Whether a field shows: `visibleWhen.field` names a sibling in the same group, or, when the group
 * has no such field, a field of the whole form.
 */
export function isVisible(field: Field, values: unknown, groupPath: string, siblings: readonly Field[]): boolean {
  return conditionHolds(field.visibleWhen, values, groupPath, siblings);
}

function conditionHolds(condition: VisibleWhen | undefined, values: unknown, groupPath: string, siblings: readonly Field[]): boolean {
  if (!condition) return true;
  const sibling = siblings.some((f) => f.name === condition.field);
  const value = getIn(values, sibling ? joinPath(groupPath, condition.field) : condition.field);
  return condition.in.some((allowed) => allowed === value);
}

/** Whether an error path belongs to one of these top-level fields. */
export function belongsTo(errorPath: string, fieldNames: readonly string[]): boolean {
  return fieldNames.some((name) => errorPath === name || errorPath.startsWith(`${name}.`) || errorPath.startsWith(`${name}[`));
}
