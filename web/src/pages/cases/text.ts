import type { TFunction } from 'i18next';
import { caseStages, caseStepKeys, type CaseStage, type CaseStepKey } from '@contract/cases.js';

/** Stage and step keys from the API (contract/cases.ts) in words; a key this version does not know (a newer server) falls back to a neutral wording. */
export function stageText(t: TFunction, stage: string): string {
  return (caseStages as readonly string[]).includes(stage) ? t(`cases.stage.${stage as CaseStage}`) : t('cases.stage.in-progress');
}

export function stepText(t: TFunction, step: string): string {
  return (caseStepKeys as readonly string[]).includes(step) ? t(`cases.step.${step as CaseStepKey}`) : t('cases.step.other');
}

/** Audit actions the access log can show, as translation keys (`case.read` is `case-read`). */
const accessActions = [
  'case-create',
  'case-list',
  'case-read',
  'case-update',
  'case-read-access-log',
  'case-give-consent',
  'case-withdraw-consent',
  'case-request-coordinator-change',
  'plan-read',
  'plan-update',
  'plan-approve',
  'audit-search',
  'definition-migrate',
] as const;

/** The plain words of an audit action the access log knows, or null. */
export function knownAccessActionText(t: TFunction, action: string): string | null {
  const key = action.replace(/\./g, '-');
  return (accessActions as readonly string[]).includes(key) ? t(`cases.accessLog.action.${key as (typeof accessActions)[number]}`) : null;
}

/** What someone did with the case, in plain words; an action this version does not know reads as looking at or opening the case. */
export function accessActionText(t: TFunction, action: string): string {
  const known = knownAccessActionText(t, action);
  if (known !== null) return known;
  return /\.(read|list)\b/.test(action) ? t('cases.accessLog.action.otherRead') : t('cases.accessLog.action.other');
}
