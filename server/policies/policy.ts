import type { Role } from '../auth/roles.js';
import type { SessionUser } from '../auth/types.js';

/**
 * Access rules in one place, one file per resource, each rule one line:
 *
 *   allow('coordinator', ['read', 'update'], 'plan', (actor, plan) => plan.coordinatorId === actor.id);
 *
 * Anything not allowed by a rule is denied. Resource files declare their facts and actions by
 * augmenting PolicyResources, so `can` and `allow` are checked by the compiler.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PolicyResources {}

export type ResourceName = keyof PolicyResources & string;
export type FactsOf<R extends ResourceName> = PolicyResources[R] extends { facts: infer F } ? F : never;
export type ActionOf<R extends ResourceName> = PolicyResources[R] extends { actions: infer A extends string } ? A : never;
export type Condition<R extends ResourceName> = (actor: SessionUser, facts: FactsOf<R>) => boolean;

interface Rule {
  readonly roles: readonly Role[];
  readonly actions: readonly string[];
  readonly resource: string;
  readonly when?: (actor: SessionUser, facts: never) => boolean;
}

const rules: Rule[] = [];

export function allow<R extends ResourceName>(
  roles: Role | readonly Role[],
  actions: ActionOf<R> | readonly ActionOf<R>[],
  resource: R,
  when?: Condition<R>,
): void {
  rules.push({
    roles: typeof roles === 'string' ? [roles] : roles,
    actions: typeof actions === 'string' ? [actions] : actions,
    resource,
    ...(when ? { when: when as Rule['when'] } : {}),
  });
}

/** Whether the actor may do the action on the resource described by facts. */
export function can<R extends ResourceName>(actor: SessionUser | undefined, action: ActionOf<R>, resource: R, facts: FactsOf<R>): boolean {
  if (!actor) return false;
  return rules.some(
    (rule) =>
      rule.resource === resource &&
      rule.roles.includes(actor.role) &&
      rule.actions.includes(action) &&
      (!rule.when || (rule.when as Condition<R>)(actor, facts)),
  );
}

/** The actions the actor may do on the resource (for the web app to show or hide controls). */
export function permittedActions<R extends ResourceName>(actor: SessionUser | undefined, resource: R, facts: FactsOf<R>): ActionOf<R>[] {
  const actions = new Set(rules.filter((rule) => rule.resource === resource).flatMap((rule) => rule.actions));
  return [...actions].filter((action) => can(actor, action as ActionOf<R>, resource, facts)) as ActionOf<R>[];
}
