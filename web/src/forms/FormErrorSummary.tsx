import { ErrorSummary } from '@digdir/designsystemet-react';
import { forwardRef, use } from 'react';
import { useTranslation } from 'react-i18next';
import { FormSettingsContext, useFieldId } from './context.js';

/**
 * The errors of the last attempt, each a link that moves focus to its field (WCAG 3.3.1). The
 * summary itself takes focus when it appears, so a screen reader reads it first, and is an alert
 * (a live region), so that it is announced even where focus does not move (WCAG 4.1.3).
 */
export const FormErrorSummary = forwardRef<HTMLDivElement, { errors: Readonly<Record<string, string>>; labels?: (path: string) => string | undefined }>(
  function FormErrorSummary({ errors, labels }, ref) {
    const { t } = useTranslation();
    const fieldId = useFieldId();
    const entries = Object.entries(errors);
    // One summary per form: its heading's id is scoped like the form's fields.
    const headingId = `${use(FormSettingsContext).idScope ?? 'form'}-error-summary-heading`;
    if (entries.length === 0) return null;
    return (
      <div ref={ref} tabIndex={-1} className="form-error-summary" aria-labelledby={headingId}>
        {/* The alert is a wrapper: Designsystemet's error summary element sets its own role. */}
        <div role="alert">
          <ErrorSummary>
            <ErrorSummary.Heading id={headingId}>{t('forms.errorSummary')}</ErrorSummary.Heading>
            <ErrorSummary.List>
              {entries.map(([path, message]) => {
                const label = labels?.(path);
                return (
                  <ErrorSummary.Item key={path}>
                    <ErrorSummary.Link
                      href={`#${fieldId(path)}`}
                      onClick={(event) => {
                        const target = document.getElementById(fieldId(path));
                        if (!target) return;
                        event.preventDefault();
                        target.scrollIntoView({ block: 'center' });
                        target.focus();
                      }}
                    >
                      {label ? `${label}${/[?:.]$/.test(label) ? '' : ':'} ${message}` : message}
                    </ErrorSummary.Link>
                  </ErrorSummary.Item>
                );
              })}
            </ErrorSummary.List>
          </ErrorSummary>
        </div>
      </div>
    );
  },
);
