import { describe, expect, it } from '@jest/globals';
import { checkAndCompile, checkDefinition, formatProblem, type DefinitionProblem } from '../../server/definitions/check.js';
import { processContracts } from '../../server/definitions/process-contract.js';
import { realFile, realSource, variant, withScriptTask } from './fixtures.js';

function errors(problems: readonly DefinitionProblem[]) {
  return problems.filter((p) => p.severity === 'error').map(({ file, elementId, rule }) => ({ file, elementId, rule }));
}

describe('checkDefinition', () => {
  it('passes the real process without errors or warnings', async () => {
    const result = await checkAndCompile(realSource, realFile);
    expect(result.problems.map(formatProblem)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.processKey).toBe('individual-plan');
    expect(result.sourceContext).toBeDefined();
  });

  it('refuses XML that cannot be parsed', async () => {
    const result = await checkDefinition(realSource.replace('</bpmn:definitions>', ''), 'broken.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'broken.bpmn', elementId: '(document)', rule: 'xml' }]);
  });

  it('refuses a formKey that is not a form', async () => {
    const result = await checkDefinition(variant('camunda:formKey="need-assessment"', 'camunda:formKey="needs-assessment"'), 'x.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_AssessNeed', rule: 'individual-plan/user-task-form' }]);
  });

  it('refuses a user task without formKey', async () => {
    const result = await checkDefinition(variant(' camunda:formKey="review"', ''), 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_ReviewPlan', rule: 'individual-plan/user-task-form' }]);
  });

  it.each(processContracts['individual-plan']!.map(({ id }) => [id]))('refuses the process without %s, which the code relies on, naming it', async (id) => {
    const source = realSource.replaceAll(`"${id}"`, `"${id}_Renamed"`);
    expect(source).not.toBe(realSource);
    const result = await checkDefinition(source, 'x.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: id, rule: 'individual-plan/process-contract' }]);
  });

  it('refuses the process when an element the code relies on has another type', async () => {
    const source = variant('<bpmn:message id="Message_CoordinatorChangeRequested"', '<bpmn:signal id="Message_CoordinatorChangeRequested"');
    const result = await checkDefinition(source, 'x.bpmn');
    expect(result.problems.filter((p) => p.rule === 'individual-plan/process-contract').map(formatProblem)).toEqual([
      'x.bpmn: Message_CoordinatorChangeRequested: individual-plan/process-contract: "Message_CoordinatorChangeRequested" is a bpmn:Signal; the product relies on it being a bpmn:Message',
    ]);
  });

  it('refuses a script task', async () => {
    const result = await checkDefinition(withScriptTask('Task_SendInterimReply'), 'x.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_SendInterimReply', rule: 'individual-plan/no-scripts' }]);
  });

  it('refuses a script condition', async () => {
    const source = variant(
      `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${environment.variables.review.outcome == 'revise'}</bpmn:conditionExpression>`,
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="javascript">next(null, true)</bpmn:conditionExpression>',
    );
    const result = await checkDefinition(source, 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Flow_ReviewRevise', rule: 'individual-plan/no-scripts' }]);
  });

  it('refuses the constructor injection in a condition', async () => {
    const source = variant(
      `\${environment.variables.assessment.decision == 'reject'}`,
      `\${environment.variables.constructor.constructor('return process')()}`,
    );
    const result = await checkDefinition(source, 'x.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Flow_DecisionReject', rule: 'individual-plan/allowed-expressions' }]);
  });

  it.each([
    ['a path through constructor', '${environment.variables.constructor}'],
    ['a path through __proto__', '${environment.variables.__proto__.polluted}'],
    ['a call', '${environment.services.sendDecisionLetter()}'],
    ['a service read in a condition', '${environment.services.sendDecisionLetter}'],
    ['a root outside the environment', "${process.env.SECRET == 'x'}"],
    ['two comparisons', "${environment.variables.a == 1 && environment.variables.b == 2}"],
  ])('refuses %s in an assignee', async (_label, expression) => {
    const source = variant(
      `camunda:assignee="\${environment.variables.appointment.coordinatorUserId}" camunda:dueDate="P6W"`,
      `camunda:assignee="${expression}" camunda:dueDate="P6W"`,
    );
    const result = await checkDefinition(source, 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_DraftPlan', rule: 'individual-plan/allowed-expressions' }]);
  });

  it('refuses an invalid timer duration', async () => {
    const result = await checkDefinition(variant('>P6M<', '>6 months<'), 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Event_ReviewDue', rule: 'individual-plan/timer-values' }]);
  });

  it('refuses an invalid timer cycle', async () => {
    const result = await checkDefinition(variant('>R/P7D<', '>R/P7X<'), 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'BoundaryEvent_ConsentReminder', rule: 'individual-plan/timer-values' }]);
  });

  it('refuses an invalid due date and accepts an ISO date', async () => {
    const bad = await checkDefinition(variant('camunda:dueDate="P4W" camunda:followUpDate="P3W"', 'camunda:dueDate="in four weeks" camunda:followUpDate="P3W"'), 'x.bpmn');
    expect(errors(bad.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_AssessNeed', rule: 'individual-plan/task-dates' }]);
    const good = await checkDefinition(variant('camunda:dueDate="P4W" camunda:followUpDate="P3W"', 'camunda:dueDate="2030-01-31" camunda:followUpDate="PT36H"'), 'x.bpmn');
    expect(good.ok).toBe(true);
  });

  it('refuses an unknown candidate group', async () => {
    const result = await checkDefinition(variant('camunda:candidateGroups="citizen"', 'camunda:candidateGroups="citizen, nurse"'), 'x.bpmn');
    expect(result.ok).toBe(false);
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_ApprovePlan', rule: 'individual-plan/candidate-groups' }]);
  });

  it('refuses an unknown service handler and other bindings', async () => {
    const unknown = await checkDefinition(variant('environment.services.sendInterimReply', 'environment.services.sendSms'), 'x.bpmn');
    expect(errors(unknown.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Task_SendInterimReply', rule: 'individual-plan/service-handler' }]);
    const javaClass = await checkDefinition(
      variant(`camunda:expression="\${environment.services.sendInterimReply}"`, 'camunda:class="no.kommune.InterimReply"'),
      'x.bpmn',
    );
    expect(errors(javaClass.problems)).toContainEqual({ file: 'x.bpmn', elementId: 'Task_SendInterimReply', rule: 'individual-plan/service-handler' });
  });

  it('requires exactly one executable process', async () => {
    const result = await checkDefinition(variant('isExecutable="true"', 'isExecutable="false"'), 'x.bpmn');
    expect(errors(result.problems)).toEqual([{ file: 'x.bpmn', elementId: 'Definitions_IndividualPlan', rule: 'individual-plan/executable-process' }]);
  });

  it('reports bpmnlint recommended rules', async () => {
    // Without its flow the end event "Plan closed" is disconnected.
    const disconnected = await checkDefinition(
      variant('<bpmn:sequenceFlow id="Flow_PlanEnded" sourceRef="Task_CloseCasePlanEnded" targetRef="EndEvent_PlanClosed" />', ''),
      'x.bpmn',
    );
    expect(disconnected.ok).toBe(false);
    expect(disconnected.problems).toContainEqual(expect.objectContaining({ elementId: 'EndEvent_PlanClosed', rule: 'no-disconnected' }));
  });

  it('formats one line per problem', () => {
    expect(formatProblem({ file: 'a.bpmn', elementId: 'Task_1', rule: 'r', message: 'm', severity: 'error' })).toBe('a.bpmn: Task_1: r: m');
  });
});
