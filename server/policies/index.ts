// The access rules of the product. Importing this module registers every resource's rules.
import './case.js';
import './plan.js';
import './incident.js';
import './measure.js';
import './definition.js';
import './figures.js';
import './user.js';
import './audit.js';
import './task.js';
import './operations.js';
import './notification.js';
import './overview.js';

export { allow, can, permittedActions, type ActionOf, type FactsOf, type ResourceName } from './policy.js';
export { coordinates, consentCovers, inUnit, isParty, type CaseAccessFacts, type CaseFactsLookup, type ConsentScope } from './case.js';
export type { MeasureFacts } from './measure.js';
export type { UserFacts } from './user.js';
export type { AuditScope } from './audit.js';
export type { TaskFacts } from './task.js';
export type { OverviewScope } from './overview.js';
