/** The request form's steps: which top-level fields of forms/request.ts each one asks for. */
export type StepId = 'person' | 'applicant' | 'need' | 'consent' | 'signature' | 'review';

export interface Step {
  readonly id: StepId;
  readonly fields: readonly string[];
}

export const allSteps: readonly Step[] = [
  { id: 'person', fields: ['person'] },
  { id: 'applicant', fields: ['applicantRole', 'applicant'] },
  { id: 'need', fields: ['askFor', 'situation', 'coordinationNeeds', 'currentServices', 'wishedCoordinator'] },
  { id: 'consent', fields: ['consent'] },
  { id: 'signature', fields: ['powerOfAttorney', 'signature'] },
  { id: 'review', fields: [] },
];

/** Health personnel report a need; they do not consent for the person. */
export function stepsFor(values: Record<string, unknown>): readonly Step[] {
  return values.applicantRole === 'health-personnel' ? allSteps.filter((step) => step.id !== 'consent') : allSteps;
}
