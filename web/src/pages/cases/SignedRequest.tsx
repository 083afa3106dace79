import { Details, Heading, Paragraph } from '@digdir/designsystemet-react';
import { requestForm } from '@forms/request.js';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.js';
import { formatDate } from '../../i18n/dates.js';
import { StepAnswers } from '../request/answers.js';
import { stepsFor } from '../request/steps.js';
import type { CaseDetail } from '@contract/cases.js';

/** The request as the person sent and signed it: who signed and when, the attachment, and every answer step by step. */
export function SignedRequest({ request }: { request: NonNullable<CaseDetail['request']> }) {
  const { t, i18n } = useTranslation();
  const language = currentLanguage();
  const steps = stepsFor(request.data).filter((step) => step.id !== 'review');
  return (
    <section aria-labelledby="case-request" data-testid="case-request">
      <Heading level={2} data-size="sm" id="case-request">
        {t('cases.request.heading')}
      </Heading>
      <Paragraph>
        {t('cases.request.signed', { name: request.signature.fullName, date: formatDate(request.signature.signedAt, i18n.resolvedLanguage, true) })}
      </Paragraph>
      {request.attachment && <Paragraph>{t('cases.request.attachment', { name: request.attachment.name, size: Math.ceil(request.attachment.size / 1024) })}</Paragraph>}
      <Details>
        <Details.Summary>{t('cases.request.showAll')}</Details.Summary>
        <Details.Content>
          {steps.map((step) => (
            <section key={step.id} className="request-review__section" aria-labelledby={`case-request-${step.id}`}>
              <Heading level={3} data-size="xs" id={`case-request-${step.id}`}>
                {t(`request.steps.${step.id}`)}
              </Heading>
              <StepAnswers fields={requestForm.fields.filter((f) => step.fields.includes(f.name))} values={request.data} language={language} />
            </section>
          ))}
        </Details.Content>
      </Details>
    </section>
  );
}
