import type { TFunction } from 'i18next';

/** Stage and step keys from the API in words; an unknown key falls back to a neutral wording. */
const stages = ['received', 'offer', 'signature-missing', 'consent-missing', 'assessing', 'appointing', 'group', 'drafting', 'awaiting-approval', 'active', 'reviewing', 'in-progress', 'rejected', 'offer-declined', 'closed-no-consent', 'closed-consent-withdrawn', 'closed'] as const;
const steps = ['received', 'offer-answered', 'signature-registered', 'consent-registered', 'interim-reply', 'assessed', 'decision-letter', 'coordinator-appointed', 'group-established', 'plan-drafted', 'plan-answered', 'review-due', 'reviewed', 'coordinator-change-considered', 'coordinator-change-requested', 'consent-withdrawn', 'closed'] as const;

export function stageText(t: TFunction, stage: string): string {
  return (stages as readonly string[]).includes(stage) ? t(`cases.stage.${stage as (typeof stages)[number]}`) : t('cases.stage.in-progress');
}

export function stepText(t: TFunction, step: string): string {
  return (steps as readonly string[]).includes(step) ? t(`cases.step.${step as (typeof steps)[number]}`) : t('cases.step.other');
}

export function formatDate(iso: string, language: string | undefined, withTime = false): string {
  const locale = language === 'en' ? 'en-GB' : 'nb-NO';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00`) : new Date(iso);
  return date.toLocaleString(locale, withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' });
}
