import type { TFunction } from 'i18next';

/** Stage and step keys from the API in words; an unknown key falls back to a neutral wording. */
const stages = ['received', 'offer', 'signature-missing', 'consent-missing', 'assessing', 'appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'reviewing', 'in-progress', 'rejected', 'offer-declined', 'closed-no-consent', 'closed-consent-withdrawn', 'closed'] as const;
const steps = ['received', 'offer-answered', 'signature-registered', 'consent-registered', 'interim-reply', 'assessed', 'decision-letter', 'coordinator-appointed', 'group-established', 'plan-drafted', 'plan-answered', 'review-due', 'reviewed', 'coordinator-change-considered', 'coordinator-change-requested', 'consent-withdrawn', 'consent-changed', 'consent-declined', 'closed'] as const;

export function stageText(t: TFunction, stage: string): string {
  return (stages as readonly string[]).includes(stage) ? t(`cases.stage.${stage as (typeof stages)[number]}`) : t('cases.stage.in-progress');
}

export function stepText(t: TFunction, step: string): string {
  return (steps as readonly string[]).includes(step) ? t(`cases.step.${step as (typeof steps)[number]}`) : t('cases.step.other');
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

/** What someone did with the case, in plain words; an action this version does not know reads as looking at or opening the case. */
export function accessActionText(t: TFunction, action: string): string {
  const key = action.replace(/\./g, '-');
  if ((accessActions as readonly string[]).includes(key)) return t(`cases.accessLog.action.${key as (typeof accessActions)[number]}`);
  return /\.(read|list)\b/.test(action) ? t('cases.accessLog.action.otherRead') : t('cases.accessLog.action.other');
}
