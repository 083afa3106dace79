import { formsByKey, isFormKey, type FormDefinition, type Language } from '@forms/index.js';
import type { TFunction } from 'i18next';

/** The forms that complete the staff's tasks (BPMN user tasks for the unit and the coordinators). */
export const taskFormKeys = [
  'offer-contact',
  'signed-request',
  'consent-registration',
  'need-assessment',
  'coordinator-appointment',
  'responsibility-group',
  'plan',
  'review',
  'coordinator-change',
] as const;

export function taskForm(formKey: string | null): FormDefinition | undefined {
  return isFormKey(formKey) ? formsByKey[formKey] : undefined;
}

/** A task is named by its form's title in the reader's language; the BPMN name (English) is the fallback. */
export function taskTitle(t: TFunction, task: { formKey: string | null; name: string | null }, language: Language): string {
  return taskForm(task.formKey)?.title[language] ?? task.name ?? t('staff.task.title');
}


/** Hour and minute in Norwegian time, as in "Lagret kl. 10:42". */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat('nb-NO', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Oslo' }).format(new Date(iso));
}
