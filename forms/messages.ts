import { ValidationError } from 'yup';
import { defaultLanguage, type Language, type LocalizedText, type MessageTexts } from './types.js';

/**
 * Common message keys used by the schemas. A schema never carries prose: its messages are keys,
 * looked up here (or in the form's own `messages`) in the reader's language.
 */
export const commonMessages = {
  required: { nb: 'Fyll ut feltet.', nn: 'Fyll ut feltet.', en: 'Fill in this field.' },
  requiredChoice: { nb: 'Velg et alternativ.', nn: 'Vel eit alternativ.', en: 'Choose an option.' },
  invalidChoice: { nb: 'Velg et av alternativene.', nn: 'Vel eitt av alternativa.', en: 'Choose one of the options.' },
  invalidDate: {
    nb: 'Skriv datoen som dd.mm.åååå.',
    nn: 'Skriv datoen som dd.mm.åååå.',
    en: 'Enter the date as dd.mm.yyyy.',
  },
  dateBeforeStart: {
    nb: 'Datoen kan ikke være før startdatoen.',
    nn: 'Datoen kan ikkje vere før startdatoen.',
    en: 'The date cannot be before the start date.',
  },
  tooLong: {
    nb: 'Teksten kan ha høyst {max} tegn.',
    nn: 'Teksten kan ha høgst {max} teikn.',
    en: 'The text can have at most {max} characters.',
  },
  tooShort: {
    nb: 'Teksten må ha minst {min} tegn.',
    nn: 'Teksten må ha minst {min} teikn.',
    en: 'The text must have at least {min} characters.',
  },
  invalidEmail: {
    nb: 'Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.',
    nn: 'Skriv ei gyldig e-postadresse, til dømes namn@kommune.no.',
    en: 'Enter a valid e-mail address, for example name@kommune.no.',
  },
  invalidPhone: {
    nb: 'Skriv et gyldig telefonnummer med minst 8 sifre.',
    nn: 'Skriv eit gyldig telefonnummer med minst 8 siffer.',
    en: 'Enter a valid phone number with at least 8 digits.',
  },
  mustConfirm: { nb: 'Du må bekrefte dette.', nn: 'Du må stadfeste dette.', en: 'You must confirm this.' },
  minItems: {
    nb: 'Legg til minst {min}.',
    nn: 'Legg til minst {min}.',
    en: 'Add at least {min}.',
  },
  maxItems: {
    nb: 'Du kan legge til høyst {max}.',
    nn: 'Du kan leggje til høgst {max}.',
    en: 'You can add at most {max}.',
  },
  invalid: { nb: 'Verdien er ikke gyldig.', nn: 'Verdien er ikkje gyldig.', en: 'The value is not valid.' },
  notBoolean: { nb: 'Svaret må være ja eller nei.', nn: 'Svaret må vere ja eller nei.', en: 'The answer must be yes or no.' },
  notText: { nb: 'Verdien må være tekst.', nn: 'Verdien må vere tekst.', en: 'The value must be text.' },
  notNumber: { nb: 'Verdien må være et heltall.', nn: 'Verdien må vere eit heiltal.', en: 'The value must be a whole number.' },
} as const satisfies MessageTexts;

export type CommonMessageKey = keyof typeof commonMessages;

/** One field error as the API returns it: `{ errors: [{ field, message }] }`. */
export interface FieldError {
  /** The field path as Formik addresses it, e.g. `measures[0].what`; '' for the whole form. */
  readonly field: string;
  readonly message: string;
}

/** Keys for yup's built-in tests when a schema did not name its own message key. */
const messageKeyByTestType: Readonly<Record<string, CommonMessageKey>> = {
  required: 'required',
  optionality: 'required',
  nullable: 'required',
  typeError: 'invalid',
  oneOf: 'invalidChoice',
  max: 'tooLong',
  min: 'tooShort',
  email: 'invalidEmail',
};

function interpolate(template: string, params: Record<string, unknown> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params?.[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

/** The text of one message key in a language; form-specific texts win over common ones. */
export function messageText(
  key: string,
  language: Language = defaultLanguage,
  formMessages?: MessageTexts,
  params?: Record<string, unknown>,
): string | undefined {
  const texts: LocalizedText | undefined =
    formMessages?.[key] ?? (commonMessages as Readonly<Record<string, LocalizedText>>)[key];
  return texts ? interpolate(texts[language], params) : undefined;
}

function oneError(error: ValidationError, language: Language, formMessages?: MessageTexts): FieldError {
  const params = error.params as Record<string, unknown> | undefined;
  const key = typeof error.message === 'string' ? error.message : '';
  const text =
    messageText(key, language, formMessages, params) ??
    messageText(messageKeyByTestType[error.type ?? ''] ?? 'invalid', language, formMessages, params) ??
    commonMessages.invalid[language];
  return { field: error.path ?? '', message: text };
}

/**
 * Turns a yup ValidationError (validated with `abortEarly: false`) into localized field errors,
 * one per field (the first problem of each field), in document order.
 */
export function formErrors(error: ValidationError, language: Language = defaultLanguage, formMessages?: MessageTexts): FieldError[] {
  const leaves = error.inner.length > 0 ? error.inner : [error];
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const leaf of leaves) {
    const fieldError = oneError(leaf, language, formMessages);
    if (seen.has(fieldError.field)) continue;
    seen.add(fieldError.field);
    result.push(fieldError);
  }
  return result;
}
