/** Errors of the case commands; the routes map them to HTTP statuses. */
export class CaseCommandError extends Error {
  constructor(
    message: string,
    /** nothing-to-approve, case-closed, process-not-started, not-expected; conflict: the case changed since it was read */
    readonly code: 'nothing-to-approve' | 'case-closed' | 'process-not-started' | 'not-expected' | 'conflict',
  ) {
    super(message);
    this.name = 'CaseCommandError';
  }
}
