import { createContext, use } from 'react';
import { fieldId } from './paths.js';
import type { Language, MessageTexts } from '@forms/types.js';

/** Field errors by path, as the last validation found them (in the reader's language). */
export const FormErrorsContext = createContext<Readonly<Record<string, string>>>({});

/** Files chosen in file fields, by path (form data holds only their description). */
export const FormFilesContext = createContext<{ get(path: string): File | undefined; set(path: string, file: File | undefined): void }>({
  get: () => undefined,
  set: () => undefined,
});

export interface FormSettings {
  readonly language: Language;
  readonly messages?: MessageTexts;
  /** Scopes the form's DOM ids when a page has more than one form (ModuleForm uses the form's key). */
  readonly idScope?: string;
}

export const FormSettingsContext = createContext<FormSettings>({ language: 'nb' });

export function useFieldError(path: string): string | undefined {
  return use(FormErrorsContext)[path];
}

/** The DOM id of a field path in the form being rendered (scoped to the form). */
export function useFieldId(): (path: string) => string {
  const { idScope } = use(FormSettingsContext);
  return (path) => fieldId(path, idScope);
}
