import type { TFunction } from 'i18next';

/** Stage and step keys from the API in the staff's words; an unknown key falls back to a neutral wording. */
export const staffStages = ['received', 'offer', 'signature-missing', 'consent-missing', 'assessing', 'appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'reviewing', 'in-progress', 'rejected', 'offer-declined', 'closed-no-consent', 'closed-consent-withdrawn', 'closed'] as const;
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
  return (staffStages as readonly string[]).includes(stage) ? t(`staffCases.stage.${stage as (typeof staffStages)[number]}`) : t('staffCases.stage.in-progress');
}

export function staffStepText(t: TFunction, step: string): string {
  return (steps as readonly string[]).includes(step) ? t(`staffCases.step.${step as (typeof steps)[number]}`) : t('staffCases.step.other');
}
