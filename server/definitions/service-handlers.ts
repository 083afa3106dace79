/**
 * The named service handlers a BPMN service task may bind to, as
 * `camunda:expression="${environment.services.<name>}"` (what Camunda Modeler writes for the
 * "Expression" implementation). The engine runtime registers one function per name; the
 * definition check refuses any other name. Handlers must be idempotent: a service task that was
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
