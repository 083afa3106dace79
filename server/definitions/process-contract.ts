import { formsByKey, isFormKey } from '../../forms/index.js';

/**
 * What the code and the BPMN files agree on: the element and message ids code relies on (checked
 * on every definition, see `processContracts`), start variables and task output variables.
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
 * Elements of the individual-plan process that code finds by id: the citizen's plan approval (the
 * case page's actions), the coordinator-change task, the periodic review timer (the case stage,
 * reminders) and the interim-reply deadline (reminders). The drafting and review tasks only tell the
 * inactive-plan reminder that a case has a plan (the plan itself is found by its form), so a
 * version may rename them: they are not required below.
 */
export const individualPlanElements = {
  draftPlan: 'Task_DraftPlan',
  approvePlan: 'Task_ApprovePlan',
  reviewPlan: 'Task_ReviewPlan',
  considerCoordinatorChange: 'Task_ConsiderCoordinatorChange',
  reviewDue: 'Event_ReviewDue',
  interimReplyDue: 'BoundaryEvent_InterimReplyDue',
} as const;

/** What a process must have, by process key: element ids with their BPMN type. The definition check refuses a file without one. */
export const processContracts: Readonly<Record<string, readonly { readonly id: string; readonly type: string }[]>> = {
  'individual-plan': [
    { id: individualPlanElements.approvePlan, type: 'bpmn:UserTask' },
    { id: individualPlanElements.considerCoordinatorChange, type: 'bpmn:UserTask' },
    { id: individualPlanElements.reviewDue, type: 'bpmn:IntermediateCatchEvent' },
    { id: individualPlanElements.interimReplyDue, type: 'bpmn:BoundaryEvent' },
    { id: processMessages.consentWithdrawn, type: 'bpmn:Message' },
    { id: processMessages.coordinatorChangeRequested, type: 'bpmn:Message' },
  ],
};

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
