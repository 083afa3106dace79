import type { StaffCaseDetail } from '@contract/staff-cases.js';
import type { TaskDetail } from '@contract/tasks.js';
import { Details, Heading, Link, Paragraph, Spinner } from '@digdir/designsystemet-react';
import { informationOptions, serviceProviderOptions } from '@forms/consent.js';
import { planForm } from '@forms/plan.js';
import { requestForm } from '@forms/request.js';
import type { Language } from '@forms/types.js';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { staffCaseDetailPath } from '../../app/routes.js';
import { formatDate } from '../../i18n/dates.js';
import { StepAnswers } from '../request/answers.js';
import { stepsFor } from '../request/steps.js';
import { staffStepText } from '../staff-cases/text.js';
import { taskForm, taskTitle } from './text.js';
import { CaseMessages } from '../cases/CaseMessages.js';

export type CaseState = { status: 'loading' } | { status: 'unavailable' } | { status: 'ready'; detail: StaffCaseDetail };

/**
 * The case beside a task's form: who and what it is about, the request as submitted and signed,
 * consent, history, messages and letters, the plan and the tasks done so far. Without the staff
 * case API, what the task itself says.
 */
export function CaseContext({ task, caseState, language }: { task: TaskDetail; caseState: CaseState; language: Language }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage;
  const date = (iso: string, time = false) => formatDate(iso, lang, time);
  const detail = caseState.status === 'ready' ? caseState.detail : null;

  return (
    <aside className="case-context" aria-labelledby="case-context-heading" data-testid="case-context">
      <Heading level={2} data-size="sm" id="case-context-heading">
        {t('staff.context.heading')}
      </Heading>
      <dl>
        <dt>{t('staff.context.person')}</dt>
        <dd>
          {detail ? detail.person.name : task.personName}
          {detail && ` · ${t('staff.context.born')} ${date(detail.person.birthDate)} (${t('staff.context.age', { age: detail.person.age })})`}
        </dd>
        <dt>{t('staff.context.caseNumber')}</dt>
        <dd>{task.caseNumber}</dd>
        {detail && (
          <>
            <dt>{t('staff.context.received')}</dt>
            <dd>{date(detail.createdAt)}</dd>
            <dt>{t('staff.context.coordinator')}</dt>
            <dd>{detail.coordinator?.name ?? t('staff.context.noCoordinator')}</dd>
          </>
        )}
      </dl>
      {caseState.status === 'loading' && <Spinner aria-label={t('staff.context.loading')} />}
      {caseState.status === 'unavailable' && <Paragraph data-size="sm">{t('staff.context.limited')}</Paragraph>}
      {detail && (
        <>
          <Paragraph data-size="sm">
            <Link asChild>
              <RouterLink to={staffCaseDetailPath(detail.id)}>{t('staff.context.openCase')}</RouterLink>
            </Link>
          </Paragraph>

          <section aria-labelledby="case-context-request">
            <Heading level={3} data-size="2xs" id="case-context-request">
              {t('staff.context.request')}
            </Heading>
            {detail.request ? (
              <>
                <Paragraph data-size="sm">
                  {t('staff.context.signedBy', { name: detail.request.signature.fullName, date: date(detail.request.signature.signedAt, true) })}.{' '}
                  {detail.request.signature.identityVerified ? t('staff.context.identityVerified') : t('staff.context.identityNotVerified')}
                </Paragraph>
                {detail.request.attachment && (
                  <Paragraph data-size="sm">
                    <Link href={detail.request.attachment.url}>{t('staff.context.attachment', { name: detail.request.attachment.name })}</Link>
                  </Paragraph>
                )}
                <Details>
                  <Details.Summary>{t('staff.context.request')}</Details.Summary>
                  <Details.Content>
                    {stepsFor(detail.request.data)
                      .filter((step) => step.id !== 'review' && step.id !== 'signature')
                      .map((step) => (
                        <section key={step.id} aria-labelledby={`case-context-request-${step.id}`}>
                          <Heading level={4} data-size="2xs" id={`case-context-request-${step.id}`}>
                            {t(`request.steps.${step.id}`)}
                          </Heading>
                          <StepAnswers fields={requestForm.fields.filter((field) => step.fields.includes(field.name))} values={detail.request!.data} language={language} />
                        </section>
                      ))}
                  </Details.Content>
                </Details>
              </>
            ) : (
              <Paragraph data-size="sm">{t('staff.context.noRequest')}</Paragraph>
            )}
          </section>

          <ConsentSection detail={detail} language={language} />

          <section aria-labelledby="case-context-history">
            <Heading level={3} data-size="2xs" id="case-context-history">
              {t('staff.context.history')}
            </Heading>
            <ol>
              {detail.timeline.map((entry, index) => (
                <li key={`${entry.key}-${index}`}>
                  {staffStepText(t, entry.key)}
                  {entry.by && ` ${t('staff.context.by', { name: entry.by })}`} <span className="case-context__when">{date(entry.at, true)}</span>
                </li>
              ))}
            </ol>
          </section>

          {detail.doneTasks.length > 0 && (
            <section aria-labelledby="case-context-done">
              <Heading level={3} data-size="2xs" id="case-context-done">
                {t('staff.context.doneTasks')}
              </Heading>
              {detail.doneTasks.map((done) => {
                const form = taskForm(done.formKey);
                return (
                  <Details key={done.id}>
                    <Details.Summary>
                      {taskTitle(t, done, language)}
                      {done.closedAt && ` (${date(done.closedAt)})`}
                    </Details.Summary>
                    <Details.Content>
                      {done.completedBy && <Paragraph data-size="sm">{t('staff.context.completedBy', { name: done.completedBy.name })}</Paragraph>}
                      {/* The chosen user's id says nothing to a reader: their name is among the answers. */}
                      {form && done.output && <StepAnswers fields={form.fields} values={done.output} language={language} />}
                    </Details.Content>
                  </Details>
                );
              })}
            </section>
          )}

          <section aria-labelledby="case-context-messages">
            <Heading level={3} data-size="2xs" id="case-context-messages">
              {t('staff.context.messages')}
            </Heading>
            {detail.messages.length === 0 && <Paragraph data-size="sm">{t('staff.context.noMessages')}</Paragraph>}
            <CaseMessages messages={detail.messages} language={language} />
          </section>

          <section aria-labelledby="case-context-plan">
            <Heading level={3} data-size="2xs" id="case-context-plan">
              {t('staff.context.plan')}
            </Heading>
            {detail.plan ? (
              <Details>
                <Details.Summary>{t('staff.context.plan')}</Details.Summary>
                <Details.Content>
                  <StepAnswers fields={planForm.fields} values={detail.plan} language={language} />
                </Details.Content>
              </Details>
            ) : (
              <Paragraph data-size="sm">{t('staff.context.noPlan')}</Paragraph>
            )}
          </section>
        </>
      )}
    </aside>
  );
}

function ConsentSection({ detail, language }: { detail: StaffCaseDetail; language: Language }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => formatDate(iso, i18n.resolvedLanguage);
  const party = (value: string) => serviceProviderOptions.find((o) => o.value === value)?.label[language] ?? value;
  const info = (value: string) => informationOptions.find((o) => o.value === value)?.label[language] ?? value;
  const { consent } = detail;
  return (
    <section aria-labelledby="case-context-consent">
      <Heading level={3} data-size="2xs" id="case-context-consent">
        {t('staff.context.consent')}
      </Heading>
      {consent.active ? (
        <>
          <Paragraph data-size="sm">{t('staff.context.consentActive', { date: consent.givenAt ? date(consent.givenAt) : '' })}</Paragraph>
          <ul>
            {consent.sharing.map((share) => (
              <li key={share.party}>
                <strong>{party(share.party)}</strong>: {share.information.map(info).join(', ')}
              </li>
            ))}
          </ul>
          {consent.validUntil && <Paragraph data-size="sm">{t('staff.context.consentUntil', { date: date(consent.validUntil) })}</Paragraph>}
        </>
      ) : (
        <Paragraph data-size="sm">{consent.withdrawnAt ? t('staff.context.consentWithdrawn', { date: date(consent.withdrawnAt) }) : t('staff.context.consentNone')}</Paragraph>
      )}
    </section>
  );
}
