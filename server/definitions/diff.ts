import type { DefinitionElement } from './elements.js';

export interface AttributeChange {
  readonly attribute: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface ChangedElement {
  readonly id: string;
  readonly type: string;
  readonly name: string | null;
  /** Name and type changes are listed as the attributes `name` and `type`. */
  readonly changes: readonly AttributeChange[];
}

export interface DefinitionDiff {
  readonly added: readonly DefinitionElement[];
  readonly removed: readonly DefinitionElement[];
  readonly changed: readonly ChangedElement[];
}

/** Added, removed and changed flow elements between two versions, matched by element id. */
export function diffDefinitions(from: readonly DefinitionElement[], to: readonly DefinitionElement[]): DefinitionDiff {
  const before = new Map(from.map((element) => [element.id, element]));
  const after = new Map(to.map((element) => [element.id, element]));
  const changed: ChangedElement[] = [];
  for (const element of to) {
    const old = before.get(element.id);
    if (!old) continue;
    const changes: AttributeChange[] = [];
    if (old.type !== element.type) changes.push({ attribute: 'type', from: old.type, to: element.type });
    if (old.name !== element.name) changes.push({ attribute: 'name', from: old.name, to: element.name });
    const keys = [...new Set([...Object.keys(old.attributes), ...Object.keys(element.attributes)])].sort();
    for (const key of keys) {
      const a = old.attributes[key] ?? null;
      const b = element.attributes[key] ?? null;
      if (a !== b) changes.push({ attribute: key, from: a, to: b });
    }
    if (changes.length > 0) changed.push({ id: element.id, type: element.type, name: element.name, changes });
  }
  return {
    added: to.filter((element) => !before.has(element.id)),
    removed: from.filter((element) => !after.has(element.id)),
    changed,
  };
}
