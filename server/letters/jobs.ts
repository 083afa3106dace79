/**
 * Letters that are not a process step's (the receipt, a version of the plan) go on the job queue
 * like every other letter: the job worker writes each once and tells its recipient. Job ids are
 * deterministic, so queueing twice writes one letter.
 */
import type { Queue } from 'bullmq';
import type { OutboundJobData } from '../definitions/service-handlers.js';
import { outboundJobOptions } from '../engine/queues.js';

export interface LetterJobSpec {
  readonly name: string;
  readonly jobId: string;
  readonly data: OutboundJobData;
}

export async function queueLetterJob(queue: Queue, job: LetterJobSpec): Promise<void> {
  await queue.add(job.name, job.data, { ...outboundJobOptions, jobId: job.jobId });
}

export function planLetterJobId(caseId: string, planVersion: number): string {
  return `plan-letter-${caseId}-${planVersion}`;
}

/** The letter that sends the person a frozen version of their plan, as its attachment. */
export function planLetterJob(input: { caseId: string; instanceId: string; planVersion: number }): LetterJobSpec {
  const jobId = planLetterJobId(input.caseId, input.planVersion);
  return {
    name: 'plan-letter',
    jobId,
    data: { kind: 'letter', template: 'plan-version', handler: 'plan', elementId: 'plan', idempotencyKey: jobId, variables: { planVersion: input.planVersion }, instanceId: input.instanceId, caseId: input.caseId },
  };
}
