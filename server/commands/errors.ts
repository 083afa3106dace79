/** Errors of the case commands; the routes map them to HTTP statuses. */
export class CaseCommandError extends Error {
  constructor(
    message: string,
    /** nothing-to-approve, case-closed, process-not-started, not-expected, no-coordinator; conflict: the case changed since it was read */
    readonly code: 'nothing-to-approve' | 'case-closed' | 'process-not-started' | 'not-expected' | 'no-coordinator' | 'conflict',
  ) {
    super(message);
    this.name = 'CaseCommandError';
  }
}
