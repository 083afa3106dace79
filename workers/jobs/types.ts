/**
 * Jobs the BPMN service handlers produce (queue `engine-jobs`). The engine runtime adds them only
 * after the step that ran the service task is saved, with a deterministic job id, so each letter,
 * notification or case event is enqueued once per service task run.
 */
export type OutboundJobKind = 'letter' | 'notification' | 'case-event';

export interface OutboundJobData {
  readonly kind: OutboundJobKind;
  /** Letter/notification template or case event name, e.g. 'decision-rejection', 'closed-no-consent'. */
  readonly template: string;
  /** The BPMN service handler that produced it. */
  readonly handler: string;
  readonly elementId: string;
  /** Stable per service task run: deliver at most once per key (the notifier's outbox keeps it). */
  readonly idempotencyKey: string;
  /** The process variables the template needs (a chosen few, not all). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Added by the runtime. */
  readonly instanceId: string;
  readonly caseId: string;
}
