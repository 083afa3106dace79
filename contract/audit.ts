/**
 * The audit log as the API answers it (`GET /api/audit`, server/http/routes/audit.ts), and every
 * action the product records. `AuditInput.action` (server/audit/audit.ts) takes only these, so a new
 * action is added here first, with its words in every language (the oversight pages' `auditAction`
 * texts): the audit page names each one, and a resource's actions (`case.`) are searched by name.
 */
export const auditActions = [
  'auth.sign-in',
  'auth.sign-out',
  'case.create',
  'case.read',
  'case.read-submission',
  'case.read-as-staff',
  'case.list',
  'case.list-by-national-id',
  'case.update',
  'case.read-access-log',
  'case.give-consent',
  'case.withdraw-consent',
  'case.request-coordinator-change',
  'case.resolve-duplicate',
  'case.letter-download',
  'plan.read',
  'plan.list',
  'plan.update',
  'plan.approve',
  'plan.read-versions',
  'plan.pdf-download',
  'measure.read',
  'measure.update',
  'task.list',
  'task.read',
  'task.claim',
  'task.unclaim',
  'task.assign',
  'task.complete',
  'staff.list',
  'incident.read',
  'incident.retry',
  'notification.list-failed',
  'overview.read',
  'overview.export',
  'audit.search',
  'audit.export',
  'user.list',
  'user.create',
  'user.update',
  'user.deactivate',
  'user.open-tasks',
  'definition.read',
  'definition.inspect',
  'definition.update',
  'definition.deploy',
  'definition.migrate',
  'figures.read',
] as const;

export type AuditAction = (typeof auditActions)[number];

/** The resources whose actions the search offers as one choice (`case.` is every action on cases). */
export const auditResources = [...new Set(auditActions.map((action) => action.slice(0, action.indexOf('.'))))] as readonly string[];

export interface AuditEntry {
  readonly time: string;
  readonly actorId: string;
  readonly actorName: string;
  readonly actorRole: string;
  /** The actor led their coordinating unit at the time. */
  readonly actorLead: boolean;
  /** An action of `auditActions`; an older entry may hold one this version no longer records. */
  readonly action: string;
  readonly outcome: 'allowed' | 'denied';
  readonly caseId: string | null;
  /** The case's number, when the case still exists. */
  readonly caseNumber: string | null;
  readonly unitId: string | null;
  readonly targetUserId: string | null;
  readonly route: string | null;
}

/**
 * One page of the search, newest first. With a page number (`page=`) the total is counted; with a
 * cursor it is not (`total` and `page` are null): `after=<next>` is the page of older entries,
 * `before=<previous>` the page of newer ones. `next` and `previous` are null at either end.
 */
export interface AuditSearchAnswer {
  readonly entries: readonly AuditEntry[];
  readonly total: number | null;
  readonly page: number | null;
  readonly pageSize: number;
  readonly next: string | null;
  readonly previous: string | null;
}
