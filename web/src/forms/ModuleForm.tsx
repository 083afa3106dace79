import { Button } from '@digdir/designsystemet-react';
import type { FormDefinition } from '@forms/types.js';
import { Form, Formik } from 'formik';
import { useRef, useState, type ReactNode } from 'react';
import { currentLanguage } from '../i18n/i18n.js';
import { FormErrorsContext, FormSettingsContext } from './context.js';
import { FormErrorSummary } from './FormErrorSummary.js';
import { FormFields } from './FormFields.js';
import { labelAt } from './labels.js';
import { validateValues } from './validate.js';

export type SubmitResult = { ok: true } | { ok: false; errors: Record<string, string> };

/**
 * One form module on one page: its fields, the error summary, a send button. Validates with the
 * module's schema before calling `onSubmit`; server errors (422) come back the same way.
 */
export function ModuleForm({
  form,
  initialValues = {},
  submitLabel,
  onSubmit,
  headingLevel = 2,
  children,
  footer,
}: {
  form: FormDefinition;
  initialValues?: Record<string, unknown>;
  submitLabel: string;
  onSubmit(values: Record<string, unknown>): Promise<SubmitResult>;
  headingLevel?: 2 | 3 | 4;
  children?: ReactNode;
  /** Shown after the fields, before the send button (inside the form: it may read the values). */
  footer?: ReactNode;
}) {
  const language = currentLanguage();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const summary = useRef<HTMLDivElement>(null);
  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    if (Object.keys(found).length > 0) window.setTimeout(() => summary.current?.focus(), 0);
  };
  return (
    <FormSettingsContext value={{ language, idScope: form.key, ...(form.messages ? { messages: form.messages } : {}) }}>
      <FormErrorsContext value={errors}>
        <Formik
          initialValues={initialValues}
          onSubmit={async (values) => {
            const found = await validateValues(form.schema, values, language, form.messages);
            if (Object.keys(found).length > 0) return showErrors(found);
            const result = await onSubmit(values);
            showErrors(result.ok ? {} : result.errors);
          }}
        >
          {({ isSubmitting }) => (
            <Form noValidate className="module-form">
              <FormErrorSummary ref={summary} errors={errors} labels={(path) => labelAt(form.fields, path, language)} />
              {children}
              <FormFields fields={form.fields} headingLevel={headingLevel} />
              {footer}
              <Button type="submit" disabled={isSubmitting} aria-disabled={isSubmitting}>
                {submitLabel}
              </Button>
            </Form>
          )}
        </Formik>
      </FormErrorsContext>
    </FormSettingsContext>
  );
}
