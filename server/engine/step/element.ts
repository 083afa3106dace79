/** Reading bpmn-elements' element API: the events the listener gets carry an Api of the element. */
import type { Activity, Api } from 'bpmn-elements';

/** The element API an activity event carries (its owner is the activity). */
export type ElementApi = Api<Activity>;

/** Execution ids of the scopes around an element (innermost first). */
export function scopeOf(api: ElementApi): string[] {
  const parent = api.content.parent;
  if (!parent) return [];
  const ids = [parent.executionId, ...(parent.path ?? []).map((p) => p.executionId)];
  return ids.filter((id): id is string => typeof id === 'string' && id.length > 0);
}

export function isInterruptingBoundary(owner: Activity | undefined): boolean {
  return owner?.type === 'bpmn:BoundaryEvent' && owner.behaviour?.cancelActivity !== false;
}
