import { Alert, Button, Heading, Link, ListItem, ListUnordered, Paragraph, Spinner, Table, Tag } from '@digdir/designsystemet-react';
import type { RelatedCase, StaffCaseDetail } from '@contract/staff-cases.js';
import { informationOptions, serviceProviderOptions } from '@forms/consent.js';
import { requestForm } from '@forms/request.js';
import type { ChoiceField, Language } from '@forms/types.js';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { paths, planWorkspacePath, staffCaseDetailPath, taskPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { apiGet, apiSend } from '../../forms/api.js';
import { formatDate } from '../../i18n/dates.js';
import { elementName } from '../../i18n/elementNames.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { CaseDiagram } from './CaseDiagram.js';
import { RequestView } from './RequestView.js';
import { taskTitle } from '../tasks/text.js';
import { staffStageText, staffStepText } from './text.js';
import './staff-cases.css';
import { CaseMessages } from '../cases/CaseMessages.js';

type State = { status: 'loading' } | { status: 'missing' } | { status: 'ready'; detail: StaffCaseDetail };
type Notice = { readonly color: 'success' | 'danger'; readonly text: string } | null;

const choiceLabel = (name: string, value: string, language: Language) =>
  (requestForm.fields.find((f) => f.name === name) as ChoiceField | undefined)?.options.find((o) => o.value === value)?.label[language] ?? value;

interface PlanView {
  goals?: { goal?: string }[];
  measures?: { what?: string; responsible?: string; byWhen?: string }[];
}

/**
 * One case for staff: summary, the request as signed, history with who did what, open and done
 * tasks, messages, consent, plan, incidents with retry, a possible duplicate to merge or keep,
 * and the process diagram with where the case is.
 */
export function StaffCasePage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [version, setVersion] = useState(0);
  useDocumentTitle(state.status === 'ready' ? t('staffCases.detailTitle', { caseNumber: state.detail.caseNumber }) : t('staffCases.title'));

  const load = useCallback(async () => {
    const response = await apiGet<StaffCaseDetail>(`/api/staff/cases/${encodeURIComponent(id)}`, currentLanguage());
    setState(response.body ? { status: 'ready', detail: response.body } : { status: 'missing' });
    setVersion((v) => v + 1);
  }, [id]);

  useEffect(() => {
    setState({ status: 'loading' });
    setNotice(null);
    void load();
  }, [load]);

  /** Runs an action, reloads the case and moves focus to the notice. */
  const act = async (url: string, body: unknown, done: string, failed: string) => {
    setBusy(true);
    try {
      const response = await apiSend(url, body, { language: currentLanguage() });
      const message = (response.body as { errors?: { message: string }[] } | null)?.errors?.[0]?.message;
      setNotice(response.status === 200 ? { color: 'success', text: done } : { color: 'danger', text: message ?? failed });
      await load();
    } catch {
      setNotice({ color: 'danger', text: failed });
    } finally {
      setBusy(false);
      window.setTimeout(() => document.getElementById('staff-case-notice')?.focus(), 0);
    }
  };

  const back = (
    <Paragraph>
      <Link asChild>
        <RouterLink to={paths.staffCases}>{t('staffCases.back')}</RouterLink>
      </Link>
    </Paragraph>
  );
  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} />;
  if (state.status === 'missing') {
    return (
      <div className="staff-case">
        {back}
        <Heading level={1} data-size="lg">
          {t('staffCases.title')}
        </Heading>
        <Paragraph>{t('staffCases.notFound')}</Paragraph>
      </div>
    );
  }
  const { detail } = state;
  const language = currentLanguage();
  const dateOf = (iso: string | null | undefined, withTime = false) => (iso ? formatDate(iso, i18n.resolvedLanguage, withTime) : '');
  const caseLink = (related: RelatedCase) => (
    <Link asChild key={related.id}>
      <RouterLink to={staffCaseDetailPath(related.id)}>{related.caseNumber}</RouterLink>
    </Link>
  );
  const plan = detail.plan as PlanView | null;
  const party = (value: string) => serviceProviderOptions.find((o) => o.value === value)?.label[language] ?? value;
  const info = (value: string) => informationOptions.find((o) => o.value === value)?.label[language] ?? value;

  return (
    <div className="staff-case">
      {back}
      <Heading level={1} data-size="lg">
        {t('staffCases.heading', { name: detail.person.name, caseNumber: detail.caseNumber })}
      </Heading>
      {notice && (
        <Alert data-color={notice.color} id="staff-case-notice" tabIndex={-1}>
          {notice.text}
        </Alert>
      )}

      {detail.duplicates.length > 0 && (
        <Alert data-color="warning" className="staff-case__duplicate" data-testid="duplicate-banner">
          <Heading level={2} data-size="xs">
            {t('staffCases.duplicateHeading')}
          </Heading>
          <Paragraph>{t('staffCases.duplicateText', { caseNumbers: detail.duplicates.map((d) => d.caseNumber).join(', ') })}</Paragraph>
          {detail.actions.resolveDuplicate &&
            detail.duplicates.map((other) => (
              <div className="staff-case__buttons" key={other.id}>
                {detail.duplicates.length > 1 && <Paragraph>{caseLink(other)}</Paragraph>}
                <Button
                  variant="primary"
                  disabled={busy}
                  onClick={() => void act(`/api/staff/cases/${encodeURIComponent(detail.id)}/duplicate`, { decision: 'merge', otherCaseId: other.id }, t('staffCases.duplicateMerged'), t('staffCases.actionFailed'))}
                >
                  {t('staffCases.duplicateMerge')}
                </Button>
                <Button
                  variant="secondary"
                  disabled={busy}
                  onClick={() => void act(`/api/staff/cases/${encodeURIComponent(detail.id)}/duplicate`, { decision: 'keep', otherCaseId: other.id }, t('staffCases.duplicateKept'), t('staffCases.actionFailed'))}
                >
                  {t('staffCases.duplicateKeep')}
                </Button>
              </div>
            ))}
        </Alert>
      )}
      {detail.mergedInto && <Alert data-color="info">{t('staffCases.mergedInto', { caseNumber: detail.mergedInto.caseNumber })}</Alert>}

      <section aria-labelledby="staff-case-summary">
        <Heading level={2} data-size="sm" id="staff-case-summary">
          {t('staffCases.summaryHeading')}
        </Heading>
        <dl className="staff-case__summary">
          <div>
            <dt>{t('staffCases.stageNow')}</dt>
            <dd>
              <Tag data-color={detail.closed ? 'neutral' : 'info'}>{staffStageText(t, detail.stage)}</Tag>
            </dd>
          </div>
          <div>
            <dt>{t('staffCases.person')}</dt>
            <dd>
              {detail.person.name}, {t('staffCases.age', { age: detail.person.age })} ({t('staffCases.bornOn', { date: dateOf(detail.person.birthDate) })})
            </dd>
          </div>
          <div>
            <dt>{t('staffCases.askFor')}</dt>
            <dd>{choiceLabel('askFor', detail.askFor, language)}</dd>
          </div>
          <div>
            <dt>{t('staffCases.channel')}</dt>
            <dd>{detail.channel === 'health-notification' ? t('staffCases.channels.health-notification') : t('staffCases.channels.citizen-request')}</dd>
          </div>
          <div>
            <dt>{t('staffCases.coordinator')}</dt>
            <dd>{detail.coordinator?.name ?? t('staffCases.noCoordinator')}</dd>
          </div>
          <div>
            <dt>{t('staffCases.received')}</dt>
            <dd>{dateOf(detail.createdAt, true)}</dd>
          </div>
        </dl>
        {detail.mergedCases.length > 0 && (
          <Paragraph>
            {t('staffCases.mergedCases')} {detail.mergedCases.map((c, index) => [index > 0 ? ', ' : '', caseLink(c)])}
          </Paragraph>
        )}
      </section>

      {detail.incidents.length > 0 && (
        <section aria-labelledby="staff-case-incidents">
          <Heading level={2} data-size="sm" id="staff-case-incidents">
            {t('staffCases.incidentsHeading')}
          </Heading>
          <ListUnordered>
            {detail.incidents.map((incident) => (
              <ListItem key={incident.id}>
                <Paragraph>{t('staffCases.incident', { element: elementName(incident.elementId, incident.elementName, language) ?? incident.elementId, attempts: incident.attempts, error: incident.error })}</Paragraph>
                {detail.actions.retryIncident && (
                  <Button
                    variant="secondary"
                    data-size="sm"
                    disabled={busy}
                    onClick={() => void act(`/api/cases/${encodeURIComponent(detail.id)}/incidents/${encodeURIComponent(incident.id)}/retry`, {}, t('staffCases.retried'), t('staffCases.retryFailed'))}
                  >
                    {t('staffCases.retry')}
                  </Button>
                )}
              </ListItem>
            ))}
          </ListUnordered>
        </section>
      )}

      <section aria-labelledby="staff-case-open-tasks">
        <Heading level={2} data-size="sm" id="staff-case-open-tasks">
          {t('staffCases.openTasksHeading')}
        </Heading>
        {detail.openTasks.length === 0 ? (
          <Paragraph>{t('staffCases.noOpenTasks')}</Paragraph>
        ) : (
          <Table>
            <caption className="staff-case__caption">{t('staffCases.openTasksHeading')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('staffCases.task')}</Table.HeaderCell>
                <Table.HeaderCell>{t('staffCases.assignee')}</Table.HeaderCell>
                <Table.HeaderCell>{t('staffCases.due')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {detail.openTasks.map((task) => (
                <Table.Row key={task.id}>
                  <Table.Cell>
                    <Link asChild>
                      <RouterLink to={taskPath(task.id)}>{taskTitle(t, task, language)}</RouterLink>
                    </Link>
                  </Table.Cell>
                  <Table.Cell>{task.assignee?.name ?? t('staffCases.notTaken')}</Table.Cell>
                  <Table.Cell>{dateOf(task.dueDate)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>

      <CaseDiagram caseId={detail.id} version={version} />

      <section aria-labelledby="staff-case-timeline">
        <Heading level={2} data-size="sm" id="staff-case-timeline">
          {t('staffCases.timelineHeading')}
        </Heading>
        <ol className="staff-case__timeline">
          {detail.timeline.map((entry, index) => (
            <li key={`${entry.key}-${index}`}>
              <span className="staff-case__what">{staffStepText(t, entry.key)}</span>
              {entry.by && <> {t('staffCases.by', { name: entry.by })}</>} <time dateTime={entry.at}>{dateOf(entry.at, true)}</time>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="staff-case-done-tasks">
        <Heading level={2} data-size="sm" id="staff-case-done-tasks">
          {t('staffCases.doneTasksHeading')}
        </Heading>
        {detail.doneTasks.length === 0 ? (
          <Paragraph>{t('staffCases.noDoneTasks')}</Paragraph>
        ) : (
          <Table>
            <caption className="staff-case__caption">{t('staffCases.doneTasksHeading')}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t('staffCases.task')}</Table.HeaderCell>
                <Table.HeaderCell>{t('staffCases.doneBy')}</Table.HeaderCell>
                <Table.HeaderCell>{t('staffCases.doneAt')}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {detail.doneTasks.map((task) => (
                <Table.Row key={task.id}>
                  <Table.Cell>{taskTitle(t, task, language)}</Table.Cell>
                  <Table.Cell>{task.status === 'completed' ? (task.completedBy?.name ?? '') : t('staffCases.closedWithoutDoing')}</Table.Cell>
                  <Table.Cell>{dateOf(task.closedAt, true)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>

      {detail.request && (
        <section aria-labelledby="staff-case-request">
          <Heading level={2} data-size="sm" id="staff-case-request">
            {t('staffCases.requestHeading')}
          </Heading>
          <Paragraph>
            {t('staffCases.signedBy', {
              name: detail.request.signature.fullName,
              role: choiceLabel('applicantRole', detail.request.signature.signerRole, language),
              date: dateOf(detail.request.signature.signedAt, true),
            })}{' '}
            {detail.request.signature.identityVerified ? t('staffCases.identityVerified') : t('staffCases.identityNotVerified')}
          </Paragraph>
          {detail.request.attachment && (
            <Paragraph>
              <Link href={detail.request.attachment.url} download={detail.request.attachment.name}>
                {t('staffCases.attachment', { name: detail.request.attachment.name, size: Math.max(1, Math.round(detail.request.attachment.size / 1024)) })}
              </Link>
            </Paragraph>
          )}
          <RequestView data={detail.request.data} language={language} />
        </section>
      )}

      <section aria-labelledby="staff-case-consent">
        <Heading level={2} data-size="sm" id="staff-case-consent">
          {t('staffCases.consentHeading')}
        </Heading>
        {detail.consent.active ? (
          <>
            <Paragraph>{t('staffCases.consentActive', { date: dateOf(detail.consent.givenAt) })}</Paragraph>
            <ListUnordered>
              {detail.consent.sharing.map((share) => (
                <ListItem key={share.party}>
                  <strong>{party(share.party)}</strong>: {share.information.map(info).join(', ')}
                </ListItem>
              ))}
            </ListUnordered>
            {detail.consent.validUntil && <Paragraph>{t('staffCases.consentUntil', { date: dateOf(detail.consent.validUntil) })}</Paragraph>}
          </>
        ) : (
          <Paragraph>{detail.consent.withdrawnAt ? t('staffCases.consentWithdrawn', { date: dateOf(detail.consent.withdrawnAt) }) : t('staffCases.consentNone')}</Paragraph>
        )}
      </section>

      <section aria-labelledby="staff-case-plan">
        <Heading level={2} data-size="sm" id="staff-case-plan">
          {t('staffCases.planHeading')}
        </Heading>
        {!detail.closed && (
          <Paragraph>
            <Link asChild>
              <RouterLink to={planWorkspacePath(detail.id)}>{t('planLinks.openWorkspace')}</RouterLink>
            </Link>
          </Paragraph>
        )}
        {!plan ? (
          <Paragraph>{t('staffCases.noPlan')}</Paragraph>
        ) : (
          <>
            {plan.goals && plan.goals.length > 0 && (
              <>
                <Heading level={3} data-size="xs">
                  {t('staffCases.goals')}
                </Heading>
                <ListUnordered>
                  {plan.goals.map((goal, index) => (
                    <ListItem key={index}>{goal.goal}</ListItem>
                  ))}
                </ListUnordered>
              </>
            )}
            {plan.measures && plan.measures.length > 0 && (
              <Table>
                <caption className="staff-case__caption">{t('staffCases.measures')}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>{t('staffCases.measureWhat')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.measureWho')}</Table.HeaderCell>
                    <Table.HeaderCell>{t('staffCases.measureWhen')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {plan.measures.map((measure, index) => (
                    <Table.Row key={index}>
                      <Table.Cell>{measure.what}</Table.Cell>
                      <Table.Cell>{measure.responsible}</Table.Cell>
                      <Table.Cell>{dateOf(measure.byWhen)}</Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="staff-case-messages">
        <Heading level={2} data-size="sm" id="staff-case-messages">
          {t('staffCases.messagesHeading')}
        </Heading>
        {detail.messages.length === 0 ? (
          <Paragraph>{t('staffCases.noMessages')}</Paragraph>
        ) : (
          <CaseMessages messages={detail.messages} language={language} />
        )}
      </section>
    </div>
  );
}
