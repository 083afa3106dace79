/** Errors of the case commands; the routes map them to HTTP statuses. */
export class CaseCommandError extends Error {
  constructor(
    message: string,
    /** nothing-to-approve, case-closed, process-not-started, not-expected, no-coordinator */
    readonly code: 'nothing-to-approve' | 'case-closed' | 'process-not-started' | 'not-expected' | 'no-coordinator',
  ) {
    super(message);
    this.name = 'CaseCommandError';
  }
}
