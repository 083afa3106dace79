/**
 * The named service handlers a BPMN service task may bind to, as
 * `camunda:expression="${environment.services.<name>}"` (what Camunda Modeler writes for the
 * "Expression" implementation), and their implementations. The engine runtime registers one
 * function per name; the definition check refuses any other name. None of them does the work
 * inline: each returns the letter, notification or case event as a job, which the runtime enqueues
 * after saving, so retries and recoveries never send twice. Case events are applied to the case by
 * server/commands/caseEventApplier.ts (the job worker's onCaseEvent). Handlers must be idempotent: a service task that was
 * running when an instance was saved is called again on recovery.
 */
export const serviceHandlerNames = [
  /** Reminds the person (or their parent/guardian) that consent is still missing. Repeats. */
  'sendConsentReminder',
  /** No consent by the deadline: closes the case and informs the person. */
  'closeCaseNoConsent',
  /** Sends the rejection decision letter with the right to complain (4 weeks, via the KE to Statsforvalteren), and closes the case. */
  'sendDecisionLetter',
  /** The need assessment is not decided within a month: interim reply (foreløpig svar) to the person. */
  'sendInterimReply',
  /** Tells the person and the coordinator about the appointment, and makes the coordinator the case's coordinator. */
  'notifyCoordinatorAppointed',
  /** Consent withdrawn: closes the case and sends the person a confirming letter. */
  'closeCaseConsentWithdrawn',
  /** The person declined the offer of a plan (after a notification from health personnel): closes the case. */
  'closeCaseOfferDeclined',
  /** The responsibility group is established: its members who are users get access to the case. */
  'registerResponsibilityGroup',
  /**
   * An approved change of coordinator: the new coordinator takes over the case, its open tasks and
   * the later ones (sets `appointment.coordinatorUserId`, which the coordinator tasks are assigned by).
   */
  'changeCoordinator',
  /** The review closed the plan: closes the case and tells the person. */
  'closeCasePlanEnded',
] as const;

export type ServiceHandlerName = (typeof serviceHandlerNames)[number];

export function isServiceHandlerName(value: unknown): value is ServiceHandlerName {
  return typeof value === 'string' && (serviceHandlerNames as readonly string[]).includes(value);
}

/** A job to add to the jobs queue (workers/jobs) once the step that produced it is saved. */
export interface OutboundJob {
  /** Job name, e.g. the handler name such as 'sendDecisionLetter'. */
  readonly name: string;
  readonly data: Record<string, unknown>;
  /** Deterministic BullMQ job id (no ':'); defaults to `${name}-${idempotencyKey}`. */
  readonly jobId?: string;
}

/** What a service handler gets. */
export interface ServiceCall {
  readonly handler: string;
  readonly instanceId: string;
  readonly caseId: string;
  readonly processKey: string;
  readonly elementId: string;
  readonly elementName?: string;
  /** Engine execution id of this service task run; stable across retries and recoveries. */
  readonly executionId: string;
  /** `${instanceId}-${executionId}`: use it to make the handler's effect idempotent. */
  readonly idempotencyKey: string;
  /** The process variables as they are now (read only). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** 1 on the first call; counts failed calls before this one + 1. */
  readonly attempt: number;
}

/**
 * What a handler may return. `variables` are merged into the process variables; `jobs` are
 * added to the jobs queue only after the state that completed the service task is saved,
 * so a run that loses a revision conflict never sends anything.
 */
export interface ServiceResult {
  readonly variables?: Record<string, unknown>;
  readonly jobs?: readonly OutboundJob[];
}

/**
 * A named, idempotent service handler (bpmn:serviceTask implementation="${environment.services.<name>}").
 * Throwing counts as a failure: the task stays where it is, is retried automatically with
 * backoff, and after the last attempt an incident is raised that staff can retry.
 */
export type ServiceHandler = (call: ServiceCall) => Promise<ServiceResult | void> | ServiceResult | void;

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

interface JobPlan {
  readonly kind: OutboundJobKind;
  readonly template: string;
  /** Process variables copied into the job. */
  readonly variables: readonly string[];
}

/** What each handler enqueues; the first job's name is the handler name, further ones get a suffix. */
export const serviceJobPlans: Readonly<Record<ServiceHandlerName, readonly JobPlan[]>> = {
  sendConsentReminder: [{ kind: 'notification', template: 'consent-reminder', variables: ['intake', 'consent'] }],
  closeCaseNoConsent: [
    { kind: 'case-event', template: 'closed-no-consent', variables: [] },
    { kind: 'letter', template: 'case-closed-no-consent', variables: [] },
  ],
  sendDecisionLetter: [
    { kind: 'letter', template: 'decision-rejection', variables: ['assessment'] },
    { kind: 'case-event', template: 'closed-rejected', variables: [] },
  ],
  sendInterimReply: [{ kind: 'letter', template: 'interim-reply', variables: [] }],
  notifyCoordinatorAppointed: [
    { kind: 'notification', template: 'coordinator-appointed', variables: ['appointment'] },
    { kind: 'case-event', template: 'coordinator-appointed', variables: ['appointment'] },
    { kind: 'letter', template: 'decision-grant', variables: ['assessment', 'appointment'] },
  ],
  closeCaseConsentWithdrawn: [
    { kind: 'case-event', template: 'closed-consent-withdrawn', variables: [] },
    { kind: 'letter', template: 'consent-withdrawn-confirmation', variables: [] },
  ],
  closeCaseOfferDeclined: [
    { kind: 'case-event', template: 'closed-offer-declined', variables: [] },
    { kind: 'letter', template: 'case-closed-offer-declined', variables: [] },
  ],
  registerResponsibilityGroup: [{ kind: 'case-event', template: 'responsibility-group-established', variables: ['responsibilityGroup'] }],
  changeCoordinator: [
    { kind: 'case-event', template: 'coordinator-changed', variables: ['coordinatorChange'] },
    { kind: 'notification', template: 'coordinator-changed', variables: ['coordinatorChange'] },
  ],
  closeCasePlanEnded: [
    { kind: 'case-event', template: 'closed-plan-ended', variables: ['review'] },
    { kind: 'letter', template: 'case-closed-plan-ended', variables: [] },
  ],
};

/**
 * Process variables a handler sets besides its jobs. An approved coordinator change replaces the
 * coordinator in `appointment`, which the coordinator tasks' `camunda:assignee` and the case page read.
 */
const serviceVariables: Partial<Record<ServiceHandlerName, (call: ServiceCall) => Record<string, unknown> | undefined>> = {
  changeCoordinator: (call) => {
    const change = record(call.variables.coordinatorChange);
    if (change?.decision !== 'approved' || typeof change.newCoordinatorUserId !== 'string' || !change.newCoordinatorUserId) return undefined;
    const appointment = record(call.variables.appointment) ?? {};
    const { coordinatorPhone: _previousPhone, ...rest } = appointment;
    return {
      appointment: {
        ...rest,
        coordinatorUserId: change.newCoordinatorUserId,
        ...(typeof change.newCoordinatorName === 'string' ? { coordinatorName: change.newCoordinatorName } : {}),
        ...(typeof change.newCoordinatorEmail === 'string' ? { coordinatorEmail: change.newCoordinatorEmail } : {}),
      },
    };
  },
};

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function pick(variables: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in variables) picked[name] = variables[name];
  return picked;
}

export function jobsFor(handler: string, plans: readonly JobPlan[], call: ServiceCall): OutboundJob[] {
  return plans.map((plan, index) => {
    const name = index === 0 ? handler : `${handler}-${plan.kind}`;
    const data: Omit<OutboundJobData, 'instanceId' | 'caseId'> = {
      kind: plan.kind,
      template: plan.template,
      handler,
      elementId: call.elementId,
      idempotencyKey: call.idempotencyKey,
      variables: pick(call.variables, plan.variables),
    };
    return { name, data: { ...data }, jobId: `${name}-${call.idempotencyKey}` };
  });
}

/** One handler per name, for createEngineRuntime's `serviceHandlers`. */
export function createJobServiceHandlers(): Record<ServiceHandlerName, ServiceHandler> {
  const handlers = {} as Record<ServiceHandlerName, ServiceHandler>;
  for (const [handler, plans] of Object.entries(serviceJobPlans) as [ServiceHandlerName, readonly JobPlan[]][]) {
    const variables = serviceVariables[handler];
    handlers[handler] = (call) => {
      const assigned = variables?.(call);
      return { jobs: jobsFor(handler, plans, call), ...(assigned ? { variables: assigned } : {}) };
    };
  }
  return handlers;
}
