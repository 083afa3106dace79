import type { Request } from 'express';
import type { AuditAction } from '../../contract/audit.js';
import { audit } from '../audit/audit.js';
import { httpError } from './middleware/messages.js';
import { requireUser } from './middleware/signed-in.js';
import type { CaseAccessFacts } from '../policies/case.js';
import { can, type ActionOf, type FactsOf, type ResourceName } from '../policies/index.js';

/** Facts no rule allows anything on: what a missing case is checked against. */
const missingCase: CaseAccessFacts = {
  id: '',
  personNationalId: '',
  representativeNationalIds: [],
  unitId: '',
  coordinatorId: null,
  groupMemberIds: [],
  consent: { active: false, sharedWith: [] },
};

type Audited = 'case' | 'plan' | 'incident' | 'measure';
/** `<resource>.<action>` for each resource and each of its own actions. */
type AuditedAction<R extends Audited> = R extends Audited ? `${R}.${ActionOf<R>}` : never;
/** Fails to compile when an action of these resources is missing from contract/audit.ts. */
type Recorded<T extends AuditAction> = T;

/** The audit action of a rule check on a case's resource. */
function auditedAction<R extends Audited>(resource: R, action: ActionOf<R>): Recorded<AuditedAction<Audited>> {
  return `${resource}.${action}` as AuditedAction<Audited>;
}

/** Throws 401 without a user and 403 when no rule allows the action. */
export function authorize<R extends ResourceName>(req: Request, action: ActionOf<R>, resource: R, facts: FactsOf<R>): void {
  const actor = requireUser(req);
  if (!can(actor, action, resource, facts)) throw httpError(403, 'forbidden');
}

/**
 * The one call a case route makes before touching case data: checks the rule, writes the audit
 * entry (allowed or denied) and returns the facts. A case the user may not even read answers 404,
 * as if it did not exist, so case numbers cannot be probed; one they may read but not change answers 403.
 *
 *   const facts = await authorizeCase(req, 'case', 'read', await caseFacts(req.params.id));
 */
export async function authorizeCase<R extends 'case' | 'plan' | 'incident'>(
  req: Request,
  resource: R,
  action: ActionOf<R>,
  facts: CaseAccessFacts | null,
): Promise<CaseAccessFacts> {
  const actor = requireUser(req);
  if (!facts) {
    // The same work as for a case the user may not see (a rule check and an audit entry), so that
    // neither the answer nor its timing tells whether the case exists.
    can(actor, action, resource, missingCase as FactsOf<R>);
    await audit(req, { action: auditedAction(resource, action), outcome: 'denied' });
    throw httpError(404, 'notFound');
  }
  const entry = { action: auditedAction(resource, action), caseId: facts.id, unitId: facts.unitId };
  if (can(actor, action, resource, facts as FactsOf<R>)) {
    await audit(req, entry);
    return facts;
  }
  await audit(req, { ...entry, outcome: 'denied' });
  const mayRead = can(actor, 'read', 'case', facts) || can(actor, 'read', 'plan', facts);
  throw mayRead ? httpError(403, 'forbidden') : httpError(404, 'notFound');
}

/**
 * A measure of a case's plan, to be changed by the user (a group member reports on the measures
 * they carry): audited as measure.<action> on the case; 404 when they may not even read the plan.
 */
export async function authorizeMeasure(req: Request, action: ActionOf<'measure'>, facts: CaseAccessFacts, responsibleId: string | null): Promise<void> {
  const actor = requireUser(req);
  const entry = { action: auditedAction('measure', action), caseId: facts.id, unitId: facts.unitId };
  if (can(actor, action, 'measure', { case: facts, responsibleId })) {
    await audit(req, entry);
    return;
  }
  await audit(req, { ...entry, outcome: 'denied' });
  throw can(actor, 'read', 'plan', facts) ? httpError(403, 'forbidden') : httpError(404, 'notFound');
}
