import { Alert, Details, Heading, Link, ListItem, ListUnordered, Paragraph, Spinner, Table } from '@digdir/designsystemet-react';
import { consentForm, informationOptions, serviceProviderOptions } from '@forms/consent.js';
import { consentWithdrawalForm } from '@forms/consent-withdrawal.js';
import { coordinatorChangeRequestForm } from '@forms/coordinator-change-request.js';
import { planApprovalForm } from '@forms/plan-approval.js';
import type { FormDefinition } from '@forms/types.js';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { caseDetailPath } from '../../app/routes.js';
import { signInPath } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiGet, apiSend, fieldErrors } from '../../forms/api.js';
import { ModuleForm, type SubmitResult } from '../../forms/ModuleForm.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { AccessLog } from './AccessLog.js';
import { PersonPlanChanges } from '../plan/PersonPlan.js';
import { ConsentChangePreview, consentChangeLines, consentFormValues } from './consentChange.js';
import { SignedRequest } from './SignedRequest.js';
import { formatDate } from '../../i18n/dates.js';
import { stageText, stepText } from './text.js';
import type { CaseDetail } from '@contract/cases.js';
import { CaseMessages } from './CaseMessages.js';

type State = { status: 'loading' } | { status: 'missing' } | { status: 'signed-out' } | { status: 'ready'; detail: CaseDetail };

/** One case: where it stands, the steps so far, the plan to approve, consent, another coordinator. */
export function CasePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [state, setState] = useState<State>({ status: 'loading' });
  // A key, not a text: the notice follows a change of language.
  const [notice, setNotice] = useState<'plan' | 'consent' | 'withdrawn' | 'change' | null>(null);
  useDocumentTitle(state.status === 'ready' ? t('cases.detailTitle', { caseNumber: state.detail.caseNumber }) : t('cases.title'));

  const session = useSession();
  const userId = session.status === 'ready' ? (session.session.user?.id ?? null) : undefined;
  // The person and their representatives see who has looked at the case (staff have the audit search).
  const citizen = session.status === 'ready' && session.session.user?.role === 'citizen';

  const load = useCallback(async () => {
    if (userId === null) {
      setState({ status: 'signed-out' }); // known to be signed out: no need to ask
      return;
    }
    const response = await apiGet<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, currentLanguage());
    if (response.status === 401) setState({ status: 'signed-out' });
    else if (response.body) setState({ status: 'ready', detail: response.body });
    else setState({ status: 'missing' });
    // The page's language is a dependency: messages come in the reader's language.
  }, [id, userId, i18n.resolvedLanguage]);

  useEffect(() => {
    if (session.status !== 'loading') void load();
  }, [load, session.status]);

  const act = (path: string, done: 'plan' | 'consent' | 'withdrawn' | 'change') => async (values: Record<string, unknown>): Promise<SubmitResult> => {
    const response = await apiSend(`/api/cases/${encodeURIComponent(id)}/${path}`, values, { language: currentLanguage() });
    if (response.status === 200) {
      // The notice comes with the case as it is now, not before it.
      await load();
      setNotice(done);
      window.setTimeout(() => document.getElementById('case-notice')?.focus(), 0);
      return { ok: true };
    }
    const errors = fieldErrors(response.body);
    return { ok: false, errors: Object.keys(errors).length > 0 ? errors : { '': t('cases.actionFailed') } };
  };

  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} />;
  if (state.status !== 'ready') {
    return (
      <div className="app-prose">
        <Heading level={1} data-size="lg">
          {t('cases.title')}
        </Heading>
        <Paragraph>{state.status === 'signed-out' ? t('cases.signInNeeded') : t('cases.notFound')}</Paragraph>
        {state.status === 'signed-out' && (
          <Paragraph>
            <Link asChild>
              <RouterLink to={signInPath(caseDetailPath(id))}>{t('cases.signIn')}</RouterLink>
            </Link>
          </Paragraph>
        )}
      </div>
    );
  }
  const { detail } = state;
  const language = i18n.resolvedLanguage;
  const party = (value: string) => serviceProviderOptions.find((o) => o.value === value)?.label[currentLanguage()] ?? value;
  const info = (value: string) => informationOptions.find((o) => o.value === value)?.label[currentLanguage()] ?? value;

  return (
    <div className="app-prose case-page">
      <Heading level={1} data-size="lg">
        {t('cases.caseFor', { name: detail.person.name })}
      </Heading>
      <Paragraph>
        {t('cases.caseNumber')} <strong>{detail.caseNumber}</strong> · {t('cases.received')} {formatDate(detail.createdAt, language)}
      </Paragraph>
      {notice && (
        <Alert data-color="success" id="case-notice" tabIndex={-1} role="status">
          {t(`cases.done.${notice}`)}
        </Alert>
      )}

      <section aria-labelledby="case-status">
        <Heading level={2} data-size="sm" id="case-status">
          {t('cases.statusHeading')}
        </Heading>
        <Paragraph data-size="lg">{stageText(t, detail.stage)}</Paragraph>
        <Heading level={3} data-size="xs">
          {t('cases.stepsHeading')}
        </Heading>
        <ol className="case-steps">
          {detail.steps.map((step, index) => (
            <li key={`${step.key}-${index}`}>
              <span className="case-steps__what">{stepText(t, step.key)}</span> <span className="case-steps__when">{formatDate(step.at, language, true)}</span>
              {step.consentChange && (
                <ul className="case-steps__detail">
                  {consentChangeLines(t, step.consentChange, language).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                  <li>{t('cases.consentChange.by', { name: step.consentChange.by })}</li>
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>

      {detail.coordinator && (
        <section aria-labelledby="case-coordinator">
          <Heading level={2} data-size="sm" id="case-coordinator">
            {t('cases.coordinatorHeading')}
          </Heading>
          <Paragraph>
            {detail.coordinator.name}
            {detail.coordinator.phone && <> · {detail.coordinator.phone}</>}
            {detail.coordinator.email && <> · {detail.coordinator.email}</>}
          </Paragraph>
        </section>
      )}

      {detail.plan && (
        <section aria-labelledby="case-plan">
          <Heading level={2} data-size="sm" id="case-plan">
            {t('cases.planHeading')}
          </Heading>
          <PersonPlanChanges caseId={id} reloadKey={`${detail.stage}-${detail.actions.approvePlan}`} />
          {detail.plan.goals && detail.plan.goals.length > 0 && (
            <>
              <Heading level={3} data-size="xs">
                {t('cases.goals')}
              </Heading>
              <ListUnordered>
                {detail.plan.goals.map((goal, index) => (
                  <ListItem key={index}>{goal.goal}</ListItem>
                ))}
              </ListUnordered>
            </>
          )}
          {detail.plan.measures && detail.plan.measures.length > 0 && (
            <Table className="case-plan__measures">
              <caption>{t('cases.measures')}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t('cases.what')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('cases.responsible')}</Table.HeaderCell>
                  <Table.HeaderCell>{t('cases.byWhen')}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {detail.plan.measures.map((measure, index) => (
                  <Table.Row key={index}>
                    <Table.Cell>{measure.what}</Table.Cell>
                    <Table.Cell>{measure.responsible}</Table.Cell>
                    <Table.Cell>{measure.byWhen ? formatDate(measure.byWhen, language) : ''}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          )}
          {detail.plan.nextReviewOn && <Paragraph>{t('cases.nextReview', { date: formatDate(detail.plan.nextReviewOn, language) })}</Paragraph>}
          {detail.actions.approvePlan && (
            <ActionForm
              form={planApprovalForm}
              submitLabel={t('cases.sendAnswer')}
              onSubmit={act('plan-approval', 'plan')}
            />
          )}
        </section>
      )}

      <section aria-labelledby="case-consent">
        <Heading level={2} data-size="sm" id="case-consent">
          {t('cases.consentHeading')}
        </Heading>
        {detail.consent.active ? (
          <>
            <Paragraph>{t('cases.consentActive', { date: detail.consent.givenAt ? formatDate(detail.consent.givenAt, language) : '' })}</Paragraph>
            <ListUnordered>
              {detail.consent.sharing.map((share) => (
                <ListItem key={share.party}>
                  <strong>{party(share.party)}</strong>: {share.information.map(info).join(', ')}
                </ListItem>
              ))}
            </ListUnordered>
            {detail.consent.validUntil && <Paragraph>{t('cases.consentUntil', { date: formatDate(detail.consent.validUntil, language) })}</Paragraph>}
          </>
        ) : (
          <Paragraph>{detail.consent.withdrawnAt ? t('cases.consentWithdrawn', { date: formatDate(detail.consent.withdrawnAt, language) }) : t('cases.consentNone')}</Paragraph>
        )}
        {detail.actions.giveConsent && (
          <Details>
            <Details.Summary>{detail.consent.active ? t('cases.changeConsent') : t('cases.giveConsent')}</Details.Summary>
            <Details.Content>
              <ActionForm
                form={consentForm}
                initialValues={consentFormValues(detail.consent)}
                footer={<ConsentChangePreview current={detail.consent} />}
                submitLabel={t('cases.saveConsent')}
                onSubmit={act('consent', 'consent')}
              />
            </Details.Content>
          </Details>
        )}
        {detail.actions.withdrawConsent && (
          <Details>
            <Details.Summary>{consentWithdrawalForm.title[currentLanguage()]}</Details.Summary>
            <Details.Content>
              <ActionForm form={consentWithdrawalForm} submitLabel={t('cases.withdraw')} onSubmit={act('consent-withdrawal', 'withdrawn')} />
            </Details.Content>
          </Details>
        )}
      </section>

      {detail.actions.requestCoordinatorChange && (
        <section aria-labelledby="case-change">
          <Heading level={2} data-size="sm" id="case-change">
            {coordinatorChangeRequestForm.title[currentLanguage()]}
          </Heading>
          <ActionForm form={coordinatorChangeRequestForm} submitLabel={t('cases.sendWish')} onSubmit={act('coordinator-change', 'change')} />
        </section>
      )}

      {detail.letters.length > 0 && (
        <section aria-labelledby="case-letters">
          <Heading level={2} data-size="sm" id="case-letters">
            {t('letters.heading')}
          </Heading>
          <ListUnordered>
            {detail.letters.map((letter) => (
              <ListItem key={letter.id}>
                <Link href={`/api/cases/${encodeURIComponent(detail.id)}/letters/${letter.id}.pdf`}>
                  {t('letters.download', { title: letter.title, date: formatDate(letter.createdAt, language) })}
                </Link>
              </ListItem>
            ))}
          </ListUnordered>
        </section>
      )}

      {detail.messages.length > 0 && (
        <section aria-labelledby="case-messages">
          <Heading level={2} data-size="sm" id="case-messages">
            {t('cases.messagesHeading')}
          </Heading>
          <CaseMessages messages={detail.messages} language={currentLanguage()} />
        </section>
      )}

      {detail.request && <SignedRequest request={detail.request} />}

      {citizen && <AccessLog caseId={detail.id} />}
    </div>
  );
}

function ActionForm({
  form,
  initialValues,
  footer,
  submitLabel,
  onSubmit,
}: {
  form: FormDefinition;
  initialValues?: Record<string, unknown>;
  footer?: ReactNode;
  submitLabel: string;
  onSubmit(values: Record<string, unknown>): Promise<SubmitResult>;
}) {
  return (
    <div className="case-action">
      {form.description && <Paragraph>{form.description[currentLanguage()]}</Paragraph>}
      <ModuleForm form={form} {...(initialValues ? { initialValues } : {})} footer={footer} submitLabel={submitLabel} onSubmit={onSubmit} headingLevel={3} />
    </div>
  );
}
