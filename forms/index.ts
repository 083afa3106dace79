import { ValidationError, type InferType } from 'yup';
import { consentForm } from './consent.js';
import { consentRegistrationForm } from './consent-registration.js';
import { consentWithdrawalForm } from './consent-withdrawal.js';
import { coordinatorAppointmentForm } from './coordinator-appointment.js';
import { coordinatorChangeForm } from './coordinator-change.js';
import { coordinatorChangeRequestForm } from './coordinator-change-request.js';
import { formErrors, type FieldError } from './messages.js';
import { needAssessmentForm } from './need-assessment.js';
import { offerContactForm } from './offer-contact.js';
import { planApprovalForm } from './plan-approval.js';
import { planForm } from './plan.js';
import { responsibilityGroupForm } from './responsibility-group.js';
import { requestForm } from './request.js';
import { reviewForm } from './review.js';
import { ownData } from './schema.js';
import { signedRequestForm } from './signed-request.js';
import { defaultLanguage, type FormDefinition, type Language } from './types.js';

export * from './types.js';
export { commonMessages, formErrors, messageText, type FieldError } from './messages.js';

/** Every form by its key (the BPMN `camunda:formKey`). */
export const formsByKey = {
  'offer-contact': offerContactForm,
  'signed-request': signedRequestForm,
  'consent-registration': consentRegistrationForm,
  'need-assessment': needAssessmentForm,
  'coordinator-appointment': coordinatorAppointmentForm,
  'responsibility-group': responsibilityGroupForm,
  plan: planForm,
  'plan-approval': planApprovalForm,
  review: reviewForm,
  'coordinator-change': coordinatorChangeForm,
  // The person's own forms (not BPMN task forms): the request, and what they do on their case.
  request: requestForm,
  consent: consentForm,
  'consent-withdrawal': consentWithdrawalForm,
  'coordinator-change-request': coordinatorChangeRequestForm,
} as const;

export type FormKey = keyof typeof formsByKey;
export type FormData<K extends FormKey> = InferType<(typeof formsByKey)[K]['schema']>;

export const formKeys = Object.keys(formsByKey) as FormKey[];

export function isFormKey(value: unknown): value is FormKey {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(formsByKey, value);
}

export function getForm(key: FormKey): FormDefinition {
  return formsByKey[key];
}

export type FormValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Validates (and normalizes: trims text, drops unknown fields) form data with the form's schema.
 * Errors come back localized in the API's shape `{ field, message }`.
 */
export async function validateForm<K extends FormKey>(
  key: K,
  data: unknown,
  language: Language = defaultLanguage,
): Promise<FormValidationResult<FormData<K>>> {
  const form: FormDefinition = formsByKey[key];
  try {
    const value = (await form.schema.validate(ownData(data), { abortEarly: false, stripUnknown: true })) as FormData<K>;
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, errors: formErrors(error, language, form.messages) };
    throw error;
  }
}
