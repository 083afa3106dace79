import { createContext, use } from 'react';
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
}

export const FormSettingsContext = createContext<FormSettings>({ language: 'nb' });

export function useFieldError(path: string): string | undefined {
  return use(FormErrorsContext)[path];
}
