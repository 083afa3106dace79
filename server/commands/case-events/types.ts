import type { Clock } from '../../engine/types.js';
import type { Logger } from '../../log.js';
import type { CaseEventMessage } from '../../cases/event-messages.js';
import type { CaseDoc, CaseMessageDoc, CaseMessageKind, CaseModels } from '../../cases/models.js';
import type { OutboundJobData } from '../../definitions/service-handlers.js';

export interface CaseEventContext {
  readonly models: CaseModels;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** A case-event job as the job worker hands it over. */
export type CaseEventJob = Pick<OutboundJobData, 'template' | 'caseId' | 'instanceId' | 'idempotencyKey' | 'variables'>;

/** What the person is told about the event (to whoever sent the request, see server/cases/case-messages.ts). */
export interface EventMessage {
  readonly kind: CaseMessageKind;
  readonly dedupeKey: string;
  readonly text: (language: CaseMessageDoc['language']) => CaseEventMessage;
}

export interface EventApplied {
  /** Whether the case changed (false: applied before, or nothing to change). */
  readonly changed: boolean;
  readonly message?: EventMessage;
  /** The coordinator's open tasks follow the case's coordinator. */
  readonly coordinatorTasksFollow?: boolean;
}

/** Applies one case event to the case; idempotent. Null: nothing to apply (the case stays as it is, nobody is told). */
export type CaseEventHandler = (ctx: CaseEventContext, caseDoc: CaseDoc, job: CaseEventJob, now: Date) => Promise<EventApplied | null>;

export function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
