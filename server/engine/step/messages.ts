/**
 * Messages in a step: a message catch event or receive task waits until deliverMessage signals
 * the message's id; the payload becomes process variables.
 */
import { MessageNotExpectedError } from '../errors.js';
import { isInterruptingBoundary, scopeOf, type ElementApi } from './element.js';
import type { StepCommand, StepState } from './state.js';
import { assignProcessVariables } from './variables.js';

export function isMessageWait(api: ElementApi): boolean {
  return api.type === 'bpmn:MessageEventDefinition' || api.owner.type === 'bpmn:ReceiveTask';
}

export class Messages {
  /** Whether any element caught a message in this step. */
  private caught = false;

  constructor(private readonly state: StepState) {}

  onWait(api: ElementApi): void {
    const { state } = this;
    const { executionId, owner } = api;
    if (state.active.has(executionId)) return;
    state.active.set(executionId, {
      kind: 'message',
      elementId: owner.id,
      elementType: owner.type,
      ...(owner.name ? { name: owner.name } : {}),
      executionId,
      startedAt: state.enteredAt.get(executionId) ?? state.now(),
      scope: scopeOf(api),
    });
  }

  onCatch(api: ElementApi): void {
    const { state } = this;
    this.caught = true;
    if (api.executionId) {
      state.triggers.set(api.executionId, 'message');
      if (state.command.kind === 'message') state.actedOn.add(api.executionId);
    }
    if (isInterruptingBoundary(api.owner)) state.interruptedBy = api.id;
  }

  /** The message command: MessageNotExpectedError when nothing caught it. */
  async deliver(command: Extract<StepCommand, { kind: 'message' }>, settle: () => Promise<void>): Promise<void> {
    const { state } = this;
    assignProcessVariables(state, command.payload);
    state.engine?.execution.signal({ ...command.payload, id: command.messageId });
    await settle();
    if (!this.caught) throw new MessageNotExpectedError(state.input.instanceId, command.messageId);
  }
}
