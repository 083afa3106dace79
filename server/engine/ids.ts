/** Ids the engine derives from an instance and an engine execution id, so that a repeated write finds the same document or job. */

/** BullMQ job ids must not contain ':'. */
export function safeJobId(id: string): string {
  return id.replaceAll(':', '-');
}

export function taskIdFor(instanceId: string, executionId: string): string {
  return `${instanceId}-${executionId}`;
}

export function timerIdFor(instanceId: string, timerExecutionId: string): string {
  return `${instanceId}-${timerExecutionId}`;
}

export function incidentIdFor(instanceId: string, executionId: string): string {
  return `${instanceId}-${executionId}`;
}
