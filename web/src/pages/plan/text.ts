import { planForm } from '@forms/plan.js';
import { reviewForm } from '@forms/review.js';
import type { Field, Language } from '@forms/types.js';

/** A field of the plan form (or of its measures, participants, other plans) by path, e.g. 'measures.scope'. */
function findField(fields: readonly Field[], path: string[]): Field | undefined {
  const [head, ...rest] = path;
  const field = fields.find((f) => f.name === head);
  if (!field || rest.length === 0) return field;
  return field.type === 'group' ? findField(field.fields, rest) : undefined;
}

/** The plan form's label of a field, in the page's language: one source for the workspace, the views and the PDF's words. */
export function planLabel(path: string, language: Language): string {
  return findField(planForm.fields, path.split('.'))?.label[language] ?? path;
}

export function planHint(path: string, language: Language): string | undefined {
  return findField(planForm.fields, path.split('.'))?.hint?.[language];
}

/** The options of a choice field of the plan or review form, as value–label pairs in the page's language. */
export function choiceOptions(form: 'plan' | 'review', path: string, language: Language): { value: string; label: string }[] {
  const field = findField((form === 'plan' ? planForm : reviewForm).fields, path.split('.'));
  return field?.type === 'choice' ? field.options.map((o) => ({ value: o.value, label: o.label[language] })) : [];
}

export function reviewLabel(path: string, language: Language): string {
  return findField(reviewForm.fields, path.split('.'))?.label[language] ?? path;
}

/** Today in Norway, as YYYY-MM-DD. */
export function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
