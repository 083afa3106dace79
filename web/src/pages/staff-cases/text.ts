import type { TFunction } from 'i18next';
import { caseStages } from '@contract/cases.js';
import { staffTimelineKeys, type StaffTimelineKey } from '@contract/staff-cases.js';

/** Stage keys (the person's, from the contract) and step keys from the API in the staff's words; an unknown key falls back to a neutral wording. */
export function staffStageText(t: TFunction, stage: string): string {
  return (caseStages as readonly string[]).includes(stage) ? t(`staffCases.stage.${stage as (typeof caseStages)[number]}`) : t('staffCases.stage.in-progress');
}

export function staffStepText(t: TFunction, step: string): string {
  return (staffTimelineKeys as readonly string[]).includes(step) ? t(`staffCases.step.${step as StaffTimelineKey}`) : t('staffCases.step.other');
}
