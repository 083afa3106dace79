import { Alert, Button, Heading, Paragraph } from '@digdir/designsystemet-react';
import { requestForm } from '@forms/request.js';
import type { Language } from '@forms/types.js';
import { Form, Formik, useFormikContext } from 'formik';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { paths } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiSend, fieldErrors } from '../../forms/api.js';
import { FormErrorsContext, FormFilesContext, FormSettingsContext } from '../../forms/context.js';
import { FormErrorSummary } from '../../forms/FormErrorSummary.js';
import { FormFields } from '../../forms/FormFields.js';
import { labelAt } from '../../forms/labels.js';
import { belongsTo } from '../../forms/paths.js';
import { validateValues } from '../../forms/validate.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { clearDraft, loadDraft, saveDraft, saveReceipt } from './draft.js';
import { StepAnswers } from './answers.js';
import { stepsFor, type Step } from './steps.js';

type Values = Record<string, unknown>;

/** The request for an individual plan and a coordinator, in steps, with a review page before sending. */
export function RequestPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('request.title'));
  const language = (i18n.resolvedLanguage ? currentLanguage() : 'nb') as Language;
  const initial = useMemo(loadDraft, []);
  const [step, setStep] = useState(initial.step);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const files = useRef(new Map<string, File>());
  const filesApi = useMemo(
    () => ({
      get: (path: string) => files.current.get(path),
      set: (path: string, file: File | undefined) => (file ? files.current.set(path, file) : files.current.delete(path)),
    }),
    [],
  );

  return (
    <div className="request-page">
      <Heading level={1} data-size="lg">
        {t('request.title')}
      </Heading>
      <Paragraph data-size="lg">{requestForm.description?.[language]}</Paragraph>
      <Paragraph data-size="sm" className="request-page__draft">
        {t('request.draftNotice')}
      </Paragraph>
      <FormSettingsContext value={{ language, ...(requestForm.messages ? { messages: requestForm.messages } : {}) }}>
        <FormErrorsContext value={errors}>
          <FormFilesContext value={filesApi}>
            <Formik initialValues={{ person: {}, applicant: {}, consent: {}, signature: {}, ...initial.values }} onSubmit={() => undefined}>
              <RequestSteps
                step={step}
                setStep={setStep}
                errors={errors}
                setErrors={setErrors}
                idempotencyKey={initial.idempotencyKey}
                files={files.current}
                language={language}
              />
            </Formik>
          </FormFilesContext>
        </FormErrorsContext>
      </FormSettingsContext>
    </div>
  );
}

function RequestSteps({
  step,
  setStep,
  errors,
  setErrors,
  idempotencyKey,
  files,
  language,
}: {
  step: number;
  setStep(step: number): void;
  errors: Record<string, string>;
  setErrors(errors: Record<string, string>): void;
  idempotencyKey: string;
  files: Map<string, File>;
  language: Language;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { values } = useFormikContext<Values>();
  const steps = stepsFor(values);
  const index = Math.min(step, steps.length - 1);
  const current = steps[index] as Step;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const firstRender = useRef(true);

  // The draft follows every change (debounced), with the step the person is on.
  useEffect(() => {
    const timer = window.setTimeout(() => saveDraft({ values, step: index, idempotencyKey }), 250);
    return () => window.clearTimeout(timer);
  }, [values, index, idempotencyKey]);

  // A new step: focus its heading, so that screen readers announce it and Tab starts there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [index]);

  // Errors already shown follow a change of language.
  const shown = Object.keys(errors).length > 0;
  useEffect(() => {
    if (!shown) return;
    void validateValues(requestForm.schema, values, language, requestForm.messages).then((found) =>
      setErrors(Object.fromEntries(Object.entries(found).filter(([path]) => belongsTo(path, current.fields.length > 0 ? current.fields : allFieldNames)))),
    );
    // Only when the language changes.
  }, [language]);

  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    window.setTimeout(() => summaryRef.current?.focus(), 0);
  };

  const goTo = (next: number) => {
    setErrors({});
    setSendError(null);
    setStep(next);
  };

  const next = async () => {
    const found = await validateValues(requestForm.schema, values, language, requestForm.messages);
    const here = Object.fromEntries(Object.entries(found).filter(([path]) => belongsTo(path, current.fields)));
    if (Object.keys(here).length > 0) return showErrors(here);
    goTo(index + 1);
  };

  const firstStepWithErrors = (found: Record<string, string>) =>
    steps.findIndex((s) => Object.keys(found).some((path) => belongsTo(path, s.fields)));

  const send = async () => {
    setSendError(null);
    const found = await validateValues(requestForm.schema, values, language, requestForm.messages);
    if (Object.keys(found).length > 0) {
      const at = Math.max(firstStepWithErrors(found), 0);
      setStep(at);
      const stepFields = steps[at]?.fields ?? [];
      return showErrors(Object.fromEntries(Object.entries(found).filter(([path]) => belongsTo(path, stepFields))));
    }
    setSending(true);
    try {
      const file = files.get('powerOfAttorney');
      const body = { ...values };
      let formData: FormData | undefined;
      if (file && body.powerOfAttorney) {
        formData = new FormData();
        formData.set('request', JSON.stringify(body));
        formData.set('powerOfAttorney', file, file.name);
      }
      const response = await apiSend('/api/requests', body, {
        language,
        headers: { 'Idempotency-Key': idempotencyKey },
        ...(formData ? { formData } : {}),
      });
      if (response.status === 201) {
        const receipt = response.body as { caseNumber: string; receivedAt: string; channel: string; consentGiven: boolean };
        saveReceipt(receipt);
        clearDraft();
        await navigate(paths.requestReceipt, { state: receipt });
        return;
      }
      if (response.status === 422) {
        const serverErrors = fieldErrors(response.body);
        const at = firstStepWithErrors(serverErrors);
        if (at >= 0) {
          setStep(at);
          const stepFields = steps[at]?.fields ?? [];
          return showErrors(Object.fromEntries(Object.entries(serverErrors).filter(([path]) => belongsTo(path, stepFields))));
        }
        return showErrors(serverErrors);
      }
      const message = (response.body as { errors?: { message: string }[] } | null)?.errors?.[0]?.message;
      setSendError(message ?? t('request.sendFailed'));
    } catch {
      setSendError(t('request.sendFailed'));
    } finally {
      setSending(false);
    }
  };

  const stepFields = requestForm.fields.filter((field) => current.fields.includes(field.name));
  // A step that is one group (the person, the consent) shows the group's fields under the step's own heading.
  const onlyGroup = stepFields.length === 1 && stepFields[0]?.type === 'group' && !stepFields[0].repeatable ? stepFields[0] : undefined;

  return (
    <Form noValidate className="request-form" onSubmit={(event) => event.preventDefault()}>
      <nav aria-label={t('request.progressLabel')} className="request-progress">
        <ol>
          {steps.map((s, i) => (
            <li key={s.id} aria-current={i === index ? 'step' : undefined} className={i < index ? 'done' : i === index ? 'current' : undefined}>
              {t(`request.steps.${s.id}`)}
            </li>
          ))}
        </ol>
      </nav>
      <Heading level={2} data-size="md" ref={headingRef} tabIndex={-1} className="request-step-heading">
        <span className="request-step-heading__count">{t('request.stepOf', { current: index + 1, total: steps.length })}</span>
        {t(`request.steps.${current.id}`)}
      </Heading>

      <FormErrorSummary ref={summaryRef} errors={errors} labels={(path) => labelAt(requestForm.fields, path, language)} />

      {current.id === 'review' ? (
        <Review steps={steps} language={language} onChange={(i) => goTo(i)} />
      ) : (
        <>
          {current.id === 'signature' && <Paragraph>{t('request.signatureLead')}</Paragraph>}
          {onlyGroup?.type === 'group' ? (
            <FormFields fields={onlyGroup.fields} prefix={onlyGroup.name} headingLevel={3} />
          ) : (
            <FormFields fields={stepFields} headingLevel={3} />
          )}
        </>
      )}

      {sendError && (
        <Alert data-color="danger" role="alert">
          {sendError}
        </Alert>
      )}

      <div className="request-buttons">
        {index > 0 && (
          <Button type="button" variant="secondary" onClick={() => goTo(index - 1)}>
            {t('request.previous')}
          </Button>
        )}
        {current.id === 'review' ? (
          <Button type="button" onClick={() => void send()} disabled={sending} aria-disabled={sending}>
            {sending ? t('request.sending') : t('request.send')}
          </Button>
        ) : (
          <Button type="button" onClick={() => void next()}>
            {t('request.next')}
          </Button>
        )}
      </div>
    </Form>
  );
}

const allFieldNames = requestForm.fields.map((field) => field.name);

/** Everything the person filled in, step by step, with a way back to change it. */
function Review({ steps, language, onChange }: { steps: readonly Step[]; language: Language; onChange(step: number): void }) {
  const { t } = useTranslation();
  const { values } = useFormikContext<Values>();
  return (
    <div className="request-review">
      <Paragraph>{t('request.reviewLead')}</Paragraph>
      {steps.map((step, index) =>
        step.id === 'review' ? null : (
          <section key={step.id} className="request-review__section" aria-labelledby={`review-${step.id}`}>
            <div className="request-review__head">
              <Heading level={3} data-size="xs" id={`review-${step.id}`}>
                {t(`request.steps.${step.id}`)}
              </Heading>
              <Button type="button" variant="tertiary" data-size="sm" onClick={() => onChange(index)} aria-label={t('request.changeStep', { step: t(`request.steps.${step.id}`) })}>
                {t('request.change')}
              </Button>
            </div>
            <StepAnswers fields={requestForm.fields.filter((f) => step.fields.includes(f.name))} values={values} language={language} />
          </section>
        ),
      )}
    </div>
  );
}
