import type { TFunction } from 'i18next';
import { caseStages } from '@contract/cases.js';

/** Stage keys (the person's, from the contract) and step keys from the API in the staff's words; an unknown key falls back to a neutral wording. */
const steps = [
  'received',
  'offer-answered',
  'signature-registered',
  'consent-registered',
  'interim-reply',
  'assessed',
  'decision-letter',
  'coordinator-appointed',
  'group-established',
  'plan-drafted',
  'plan-answered',
  'review-due',
  'reviewed',
  'coordinator-change-requested',
  'coordinator-change-considered',
  'consent-withdrawn',
  'closed',
  'process-ended',
  'merged-into-open-case',
  'duplicate-merged-here',
  'duplicate-kept',
] as const;

export function staffStageText(t: TFunction, stage: string): string {
  return (caseStages as readonly string[]).includes(stage) ? t(`staffCases.stage.${stage as (typeof caseStages)[number]}`) : t('staffCases.stage.in-progress');
}

export function staffStepText(t: TFunction, step: string): string {
  return (steps as readonly string[]).includes(step) ? t(`staffCases.step.${step as (typeof steps)[number]}`) : t('staffCases.step.other');
}
