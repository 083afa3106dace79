import { ValidationError, type AnyObjectSchema } from 'yup';
import { formErrors } from '@forms/messages.js';
import type { Language, MessageTexts } from '@forms/types.js';
import { todayInNorway } from '@forms/national-id.js';

/**
 * Validates with the form's own schema (the one the server uses) and returns field errors by
 * path, in document order, in the reader's language.
 */
export async function validateValues(
  schema: AnyObjectSchema,
  values: unknown,
  language: Language,
  messages?: MessageTexts,
): Promise<Record<string, string>> {
  try {
    await schema.validate(values, { abortEarly: false, context: { referenceDate: todayInNorway() } });
    return {};
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return Object.fromEntries(formErrors(error, language, messages).map((e) => [e.field, e.message]));
  }
}
