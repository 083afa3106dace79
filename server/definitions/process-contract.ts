import { formsByKey, isFormKey } from '../../forms/index.js';

/**
 * What the engine runtime and the BPMN files agree on, beyond element ids.
 *
 * Messages are delivered by signalling the message's id (bpmn-engine matches boundary and catch
 * message events by id, not by name):
 * `execution.signal({ id: processMessages.consentWithdrawn })`.
 */
export const processMessages = {
  /** Interrupting, at any time after intake: closes the case with a letter. */
  consentWithdrawn: 'Message_ConsentWithdrawn',
  /** Non-interrupting, at any time after intake, repeatable: a KE task to consider the change. */
  coordinatorChangeRequested: 'Message_CoordinatorChangeRequested',
} as const;

/**
 * Variables intake sets when it starts an `individual-plan` instance; BPMN conditions read them.
 * `signature` and `consent` are the same variables the `signed-request` and `consent-registration`
 * tasks later overwrite, so the process can loop back to the same check.
 */
export interface IndividualPlanStartVariables {
  intake: { channel: 'citizen-request' | 'health-notification' };
  signature: { valid: boolean };
  consent: { given: boolean };
  [name: string]: unknown;
}

/**
 * The process variable a completed user task's form data is stored under: the `variable` its
 * form declares (e.g. need-assessment → `assessment`). The runtime stores the validated data
 * there when it completes the task, so conditions such as
 * `${environment.variables.assessment.decision == 'reject'}` can read it.
 */
export function formVariable(formKey: string): string | undefined {
  return isFormKey(formKey) ? formsByKey[formKey].variable : undefined;
}
