// Versions of the real process a process owner would deploy: one step added, one step renamed.
import { realSource, variant } from './fixtures.js';

/** The real process with a "Welcome call" user task between the need assessment's decision and the appointment. */
export const withWelcomeCall = variant(
  '<bpmn:sequenceFlow id="Flow_DecisionGranted" name="Plan and/or coordinator" sourceRef="Gateway_Decision" targetRef="Task_AppointCoordinator" />',
  `<bpmn:sequenceFlow id="Flow_DecisionGranted" name="Plan and/or coordinator" sourceRef="Gateway_Decision" targetRef="Task_WelcomeCall" />
      <bpmn:userTask id="Task_WelcomeCall" name="Welcome call" camunda:formKey="offer-contact" camunda:candidateGroups="ke-caseworker">
        <bpmn:incoming>Flow_DecisionGranted</bpmn:incoming>
        <bpmn:outgoing>Flow_WelcomeCallDone</bpmn:outgoing>
      </bpmn:userTask>
      <bpmn:sequenceFlow id="Flow_WelcomeCallDone" sourceRef="Task_WelcomeCall" targetRef="Task_AppointCoordinator" />`,
  variant(
    '</bpmndi:BPMNPlane>',
    `  <bpmndi:BPMNShape id="Task_WelcomeCall_di" bpmnElement="Task_WelcomeCall">
        <dc:Bounds x="1430" y="420" width="100" height="80" />
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_WelcomeCallDone_di" bpmnElement="Flow_WelcomeCallDone">
        <di:waypoint x="1480" y="420" />
        <di:waypoint x="1480" y="370" />
      </bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>`,
    variant('<bpmn:incoming>Flow_DecisionGranted</bpmn:incoming>', '<bpmn:incoming>Flow_WelcomeCallDone</bpmn:incoming>'),
  ),
);

/** withWelcomeCall with the plan-drafting task renamed: instances waiting there cannot move to it. */
export const withWelcomeCallAndRenamedDraft = withWelcomeCall.replaceAll('Task_DraftPlan', 'Task_WritePlan');

export { realSource };

/**
 * withWelcomeCall with three waiting elements renamed: the consent step and its weekly reminder
 * timer (a cycle attached to it), and the plan-drafting step.
 */
export const withWelcomeCallAndRenames = withWelcomeCall
  .replaceAll('Task_ObtainConsent', 'Task_RegisterConsent')
  .replaceAll('BoundaryEvent_ConsentReminder', 'BoundaryEvent_WeeklyConsentReminder')
  .replaceAll('Task_DraftPlan', 'Task_WritePlan');

/** The mapping that carries instances over to withWelcomeCallAndRenames. */
export const renames = {
  Task_ObtainConsent: 'Task_RegisterConsent',
  BoundaryEvent_ConsentReminder: 'BoundaryEvent_WeeklyConsentReminder',
  Task_DraftPlan: 'Task_WritePlan',
} as const;
