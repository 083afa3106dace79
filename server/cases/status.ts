import { closedStages, type CaseStage, type CaseStepKey } from '../../contract/cases.js';
import { individualPlanElements } from '../definitions/process-contract.js';
import type { HistoryEntry, InstanceView } from '../engine/types.js';

/**
 * A case's stage and steps in words a person understands. The server gives stable keys
 * (contract/cases.ts); the web app turns them into text in the reader's language. Keys follow the element ids of
 * processes/individual-plan.bpmn; an element the map does not know shows as 'in-progress'.
 */
export { caseStages, type CaseStage, type CaseStepKey } from '../../contract/cases.js';

const stageByTask: Readonly<Record<string, CaseStage>> = {
  Task_OfferIndividualPlan: 'offer',
  Task_ObtainSignedRequest: 'signature-missing',
  Task_ObtainConsent: 'consent-missing',
  Task_AssessNeed: 'assessing',
  Task_AppointCoordinator: 'appointing',
  Task_EstablishResponsibilityGroup: 'group',
  Task_DraftPlan: 'drafting',
  Task_ApprovePlan: 'awaiting-approval',
  Task_ReviewPlan: 'reviewing',
};

const stageByEnd: Readonly<Record<string, CaseStage>> = {
  EndEvent_Rejected: 'rejected',
  EndEvent_OfferDeclined: 'offer-declined',
  EndEvent_ClosedNoConsent: 'closed-no-consent',
  EndEvent_ClosedConsentWithdrawn: 'closed-consent-withdrawn',
  EndEvent_PlanClosed: 'closed',
};

/** Steps worth telling the person about, by element id. */
export const stepKeys: Readonly<Record<string, CaseStepKey>> = {
  StartEvent_RequestReceived: 'received',
  Task_OfferIndividualPlan: 'offer-answered',
  Task_ObtainSignedRequest: 'signature-registered',
  Task_ObtainConsent: 'consent-registered',
  Task_SendInterimReply: 'interim-reply',
  Task_AssessNeed: 'assessed',
  Task_SendDecisionLetter: 'decision-letter',
  Task_AppointCoordinator: 'coordinator-appointed',
  Task_EstablishResponsibilityGroup: 'group-established',
  Task_DraftPlan: 'plan-drafted',
  Task_ApprovePlan: 'plan-answered',
  Event_ReviewDue: 'review-due',
  Task_ReviewPlan: 'reviewed',
  Task_ConsiderCoordinatorChange: 'coordinator-change-considered',
  BoundaryEvent_CoordinatorChangeRequested: 'coordinator-change-requested',
  Event_NextCoordinatorChangeRequested: 'coordinator-change-requested',
  BoundaryEvent_ConsentWithdrawn: 'consent-withdrawn',
  EndEvent_PlanClosed: 'closed',
};

export interface CaseStep {
  readonly key: CaseStepKey;
  readonly at: string;
}

export function caseStage(instance: Pick<InstanceView, 'status' | 'active' | 'history'> | null): CaseStage {
  if (!instance) return 'received';
  if (instance.status !== 'running') {
    for (const entry of [...instance.history].reverse()) {
      const stage = stageByEnd[entry.elementId];
      if (stage) return stage;
    }
    return 'closed';
  }
  const tasks = instance.active.filter((element) => element.kind === 'task');
  // The main path's task wins over the side task of a coordinator change.
  for (const task of tasks) {
    const stage = stageByTask[task.elementId];
    if (stage) return stage;
  }
  if (instance.active.some((element) => element.elementId === individualPlanElements.reviewDue)) return 'active';
  return tasks.length > 0 || instance.active.length > 0 ? 'in-progress' : 'received';
}

export function caseSteps(history: readonly HistoryEntry[]): CaseStep[] {
  return history
    .flatMap((entry) => {
      const key = entry.outcome === 'completed' ? stepKeys[entry.elementId] : undefined;
      return key ? [{ key, at: new Date(entry.endedAt).toISOString() }] : [];
    });
}

export function isClosedStage(stage: CaseStage): boolean {
  return closedStages.includes(stage);
}
