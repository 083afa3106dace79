import type { ItemChange, PlanDiff, PlanDraft } from '../../contract/plan.js';

/** The plan's parts beside its goals and measures, compared field by field. */
const partFields = [
  'resourcesAndNeeds',
  'participants',
  'personContribution',
  'servicesContribution',
  'relativesContribution',
  'cooperation',
  'otherPlans',
  'periodFrom',
  'periodTo',
  'adjustmentOn',
  'nextReviewOn',
] as const satisfies readonly (keyof PlanDraft)[];

/** Equal as data (key order and missing vs empty text do not count). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function compareItems<T extends { id: string }>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[]; changed: ItemChange<T>[] } {
  const old = new Map(before.map((item) => [item.id, item]));
  const now = new Map(after.map((item) => [item.id, item]));
  const changed: ItemChange<T>[] = [];
  for (const item of after) {
    const previous = old.get(item.id);
    if (!previous || same(previous, item)) continue;
    const keys = [...new Set([...Object.keys(previous), ...Object.keys(item)])].filter((key) => key !== 'id');
    const fields = keys.filter((key) => !same((previous as Record<string, unknown>)[key], (item as Record<string, unknown>)[key])).sort();
    changed.push({ before: previous, after: item, fields });
  }
  return { added: after.filter((item) => !old.has(item.id)), removed: before.filter((item) => !now.has(item.id)), changed };
}

/**
 * What changed from one version of a plan to another: goals and measures added, removed and
 * changed (matched by their ids, which stay with them from version to version), and the other
 * parts that changed. With no earlier version everything is added.
 */
export function planDiff(from: { number: number; content: PlanDraft } | null, to: { number: number; content: PlanDraft }): PlanDiff {
  const before = from?.content;
  return {
    from: from?.number ?? null,
    to: to.number,
    goals: compareItems(before?.goals ?? [], to.content.goals ?? []),
    measures: compareItems(before?.measures ?? [], to.content.measures ?? []),
    parts: partFields.filter((field) => !same(before?.[field], to.content[field])),
  };
}

/** True when nothing differs. */
export function isEmptyDiff(diff: PlanDiff): boolean {
  return [diff.goals, diff.measures].every((d) => d.added.length + d.removed.length + d.changed.length === 0) && diff.parts.length === 0;
}
