/** Errors the engine runtime throws; `code` is stable for the API layer to map to HTTP statuses. */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404: no such instance, task, timer or incident. */
export class NotFoundError extends EngineError {
  constructor(what: 'instance' | 'task' | 'timer' | 'incident', id: string) {
    super(`${what} ${id} not found`, `${what}-not-found`);
  }
}

/**
 * 409: the task cannot be completed or claimed (already completed, closed, being completed by
 * someone else, or claimed by another person). `status` is the task's status when we looked.
 */
export class TaskConflictError extends EngineError {
  constructor(
    readonly taskId: string,
    readonly status: string,
    detail: string,
    /** Who has the task, when someone else holds it. */
    readonly assignee?: string,
  ) {
    super(`task ${taskId}: ${detail}`, 'task-conflict');
  }
}

/** 409: the instance kept changing under us and the command gave up after its retries. */
export class ConcurrencyError extends EngineError {
  constructor(readonly instanceId: string, attempts: number) {
    super(`instance ${instanceId} changed concurrently ${attempts} times; giving up`, 'concurrency-conflict');
  }
}

/** 409: the instance has ended; it takes no more commands. */
export class InstanceEndedError extends EngineError {
  constructor(readonly instanceId: string, status: string) {
    super(`instance ${instanceId} is ${status}`, 'instance-ended');
  }
}

/** 409: nothing in the instance waits for this message now. */
export class MessageNotExpectedError extends EngineError {
  constructor(readonly instanceId: string, readonly messageId: string) {
    super(`instance ${instanceId} does not wait for message ${messageId}`, 'message-not-expected');
  }
}

/** 503: more engine steps are waiting for a thread than may wait; nothing was done. */
export class EngineBusyError extends EngineError {
  constructor() {
    super('the engine is busy: too many steps are waiting', 'engine-busy');
  }
}

/** 409: the incident is not open. */
export class IncidentNotOpenError extends EngineError {
  constructor(readonly incidentId: string) {
    super(`incident ${incidentId} is not open`, 'incident-not-open');
  }
}

/**
 * 500: bpmn-engine stopped with an error while running the definition (for example a gateway
 * with no matching condition). Nothing was saved.
 */
export class EngineRunError extends EngineError {
  constructor(
    message: string,
    readonly elementId?: string,
  ) {
    super(message, 'engine-run-error');
  }
}
