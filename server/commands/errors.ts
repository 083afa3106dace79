/** Errors of the case commands; the routes map them to HTTP statuses. */
export class CaseCommandError extends Error {
  constructor(
    message: string,
    /**
     * nothing-to-approve, case-closed, process-not-started, not-expected, no-coordinator; conflict: the case changed since it was read;
     * the plan's: not-drafting (no plan task open), not-reviewing (no review task open), no-review-due, unknown-measure, version-changed
     * (the person answered another version than the one waiting), unknown-version (no such plan version), version-not-current (a plan letter
     * is for the version waiting for approval or the approved one)
     */
    readonly code:
      | 'nothing-to-approve'
      | 'case-closed'
      | 'process-not-started'
      | 'not-expected'
      | 'no-coordinator'
      | 'conflict'
      | 'not-drafting'
      | 'not-reviewing'
      | 'no-review-due'
      | 'unknown-measure'
      | 'version-changed'
      | 'unknown-version'
      | 'version-not-current',
  ) {
    super(message);
    this.name = 'CaseCommandError';
  }
}
