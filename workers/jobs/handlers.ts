/**
 * The service handlers of the BPMN processes (names: server/definitions/service-handlers.ts).
 * None of them does the work inline: each returns the letter, notification or case event as a
 * job, which the runtime enqueues after saving, so retries and recoveries never send twice. Case
 * events are applied to the case by server/commands/caseEventApplier.ts (the job worker's onCaseEvent).
 */
import type { ServiceHandlerName } from '../../server/definitions/service-handlers.js';
import type { OutboundJob, ServiceCall, ServiceHandler } from '../../server/engine/types.js';
import type { OutboundJobData, OutboundJobKind } from './types.js';

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
