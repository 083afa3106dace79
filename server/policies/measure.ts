import { coordinates, consentCovers, inUnit, isParty, type CaseAccessFacts } from './case.js';
import { allow } from './policy.js';

/** A measure (tiltak) of a plan, and who is responsible for it (a user id; null when the person or an outside party is). */
export interface MeasureFacts {
  readonly case: CaseAccessFacts;
  readonly responsibleId: string | null;
}

declare module './policy.js' {
  interface PolicyResources {
    measure: { facts: MeasureFacts; actions: 'read' | 'update' };
  }
}

const ownMeasure = (actorId: string, measure: MeasureFacts) => measure.responsibleId === actorId;

allow('citizen', 'read', 'measure', (actor, m) => isParty(actor, m.case));
allow('ke-caseworker', ['read', 'update'], 'measure', (actor, m) => inUnit(actor, m.case));
allow('coordinator', ['read', 'update'], 'measure', (actor, m) => coordinates(actor, m.case));
allow('group-member', ['read', 'update'], 'measure', (actor, m) => consentCovers(actor, m.case) && ownMeasure(actor.id, m));
