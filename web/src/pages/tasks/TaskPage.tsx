import './tasks.css';
import type { StaffCaseDetail } from '@contract/staff-cases.js';
import type { StaffUser, TaskDetail } from '@contract/tasks.js';
import { Alert, Button, Card, Details, Field, Heading, Label, Link, Paragraph, Select, Spinner, Tag, ValidationMessage } from '@digdir/designsystemet-react';
import { needAssessmentForm } from '@forms/need-assessment.js';
import { requestForm } from '@forms/request.js';
import { staffUserRoles, type Language } from '@forms/types.js';
import { useFormikContext } from 'formik';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { paths, planWorkspacePath, taskPath } from '../../app/routes.js';
import { signInPath } from '../../app/session/session.js';
import { useSession } from '../../app/session/SessionProvider.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { ModuleForm, type SubmitResult } from '../../forms/ModuleForm.js';
import { staffUsers } from '../../forms/staffUsers.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { StepAnswers } from '../request/answers.js';
import { assignTask, claimTask, completeTask, getTask, saveDraft, staffCase, unclaimTask, type Outcome } from './api.js';
import { CaseContext, type CaseState } from './CaseContext.js';
import { clockTime, taskForm, taskTitle } from './text.js';

type State = { status: 'loading' } | { status: 'missing' } | { status: 'signed-out' } | { status: 'failed' } | { status: 'ready'; task: TaskDetail };
type Notice = { color: 'success' | 'danger' | 'info'; text: string };

/** How long typing may pause before the draft is saved. */
const draftDelayMs = 800;

/**
 * One task: its form from forms/ beside the case; claim, put back or hand over; the draft saved as
 * the user types; complete, then straight on to the next task or back to the queue.
 */
export function TaskPage() {
  const { id = '' } = useParams();
  // A new task (the next one after completing) starts afresh: no notice or draft state carried over.
  return <TaskView key={id} id={id} />;
}

function TaskView({ id }: { id: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const language = currentLanguage();
  const session = useSession();
  const user = session.status === 'ready' ? session.session.user : null;
  const userId = session.status === 'ready' ? (user?.id ?? null) : undefined;
  const [state, setState] = useState<State>({ status: 'loading' });
  const [caseState, setCaseState] = useState<CaseState>({ status: 'loading' });
  const [notice, setNotice] = useState<Notice | null>(null);
  const [acting, setActing] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const arrivedWith = (location.state as { completed?: string } | null)?.completed ?? null;
  const task = state.status === 'ready' ? state.task : null;
  const title = task ? taskTitle(t, task, language) : t('staff.task.title');
  // The case number, not the person's name: titles end up in the browser's history.
  useDocumentTitle(task ? `${title} – ${task.caseNumber}` : title);

  const show = (next: Notice | null) => {
    setNotice(next);
    if (next) window.setTimeout(() => noticeRef.current?.focus(), 0);
  };

  const load = useCallback(async () => {
    const response = await getTask(id).catch(() => ({ status: 0, body: null }));
    if (response.status === 401) return setState({ status: 'signed-out' });
    if (response.status === 404 || response.status === 403) return setState({ status: 'missing' });
    if (!response.body) return setState({ status: 'failed' });
    setState({ status: 'ready', task: response.body });
    return response.body;
  }, [id]);

  useEffect(() => {
    if (session.status === 'loading') return;
    if (userId === null) {
      setState({ status: 'signed-out' });
      return;
    }
    setState({ status: 'loading' });
    setCaseState({ status: 'loading' });
    void load();
  }, [load, session.status, userId]);

  const caseId = task?.caseId;
  useEffect(() => {
    if (!caseId) return;
    let live = true;
    staffCase(caseId).then(
      (response) => live && setCaseState(response.body ? { status: 'ready', detail: response.body } : { status: 'unavailable' }),
      () => live && setCaseState({ status: 'unavailable' }),
    );
    return () => {
      live = false;
    };
  }, [caseId]);

  // Coming from the task just completed: say so, and once this task is shown, put focus on the message.
  const focusNotice = useRef(false);
  useEffect(() => {
    if (!arrivedWith) return;
    setNotice({ color: 'success', text: `${arrivedWith} ${t('staff.task.nextTask')}` });
    focusNotice.current = true;
    void navigate(location.pathname, { replace: true, state: null });
  }, [arrivedWith]);
  useEffect(() => {
    if (state.status === 'ready' && focusNotice.current && noticeRef.current) {
      focusNotice.current = false;
      noticeRef.current.focus();
    }
  }, [state.status, notice]);

  const refusedText = (outcome: Extract<Outcome<unknown>, { ok: false }>) =>
    outcome.message ?? (outcome.status === 409 ? t('staff.task.refused.conflict') : outcome.status === 403 ? t('staff.task.refused.forbidden') : t('staff.task.refused.other'));

  // What was typed is saved before the task is put back or handed over (the form then closes).
  const saveDraftNow = useRef<(() => Promise<void>) | null>(null);
  const registerDraft = useCallback((flush: (() => Promise<void>) | null) => {
    saveDraftNow.current = flush;
  }, []);

  const act = async (run: () => Promise<Outcome<unknown>>, done: string, focusId?: string) => {
    if (acting) return;
    setActing(true);
    try {
      await saveDraftNow.current?.();
      const outcome = await run();
      await load();
      if (outcome.ok) {
        setNotice({ color: 'success', text: done });
        if (focusId) window.setTimeout(() => document.getElementById(focusId)?.focus(), 0);
        else window.setTimeout(() => noticeRef.current?.focus(), 0);
      } else show({ color: 'danger', text: refusedText(outcome) });
    } finally {
      setActing(false);
    }
  };

  if (state.status === 'loading') return <Spinner aria-label={t('common.loading')} data-size="lg" />;
  if (state.status !== 'ready') {
    return (
      <div className="app-prose">
        <Heading level={1} data-size="lg">
          {t('staff.task.title')}
        </Heading>
        <Paragraph>
          {state.status === 'signed-out' ? t('staff.queue.signInNeeded') : state.status === 'missing' ? t('staff.task.notFound') : t('staff.task.loadFailed')}
        </Paragraph>
        <Paragraph>
          <Link asChild>
            {state.status === 'signed-out' ? (
              <RouterLink to={signInPath(taskPath(id))}>{t('staff.queue.signIn')}</RouterLink>
            ) : (
              <RouterLink to={paths.workQueue}>{t('staff.task.backToQueue')}</RouterLink>
            )}
          </Link>
        </Paragraph>
      </div>
    );
  }

  const current = state.task;
  // The plan and its review are written in the plan workspace, not in a form of their own.
  if (current.formKey === 'plan' || current.formKey === 'review') return <Navigate to={planWorkspacePath(current.caseId)} replace />;
  const mine = current.assignee?.id === user?.id && current.status === 'claimed';
  const form = taskForm(current.formKey);
  const complete = async (values: Record<string, unknown>): Promise<SubmitResult> => {
    const outcome = await completeTask(current.id, values);
    if (outcome.ok) {
      const completed = t('staff.task.completed', { task: title, person: current.personName });
      if (outcome.value?.nextTaskId) await navigate(taskPath(outcome.value.nextTaskId), { state: { completed } });
      else await navigate(paths.workQueue, { state: { completed } });
      return { ok: true };
    }
    if (outcome.status === 422 && Object.keys(outcome.fields).length > 0) return { ok: false, errors: outcome.fields };
    show({ color: 'danger', text: refusedText(outcome) });
    if (outcome.status === 409 || outcome.status === 403) await load();
    return { ok: false, errors: {} };
  };

  return (
    <div className="task-page">
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to={paths.workQueue}>{t('staff.task.backToQueue')}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {title}
      </Heading>
      <dl className="task-page__facts" aria-label={t('staff.task.facts')}>
        <div>
          <dt>{t('staff.queue.column.person')}</dt>
          <dd>{current.personName}</dd>
        </div>
        <div>
          <dt>{t('staff.queue.column.caseNumber')}</dt>
          <dd>{current.caseNumber}</dd>
        </div>
        {current.dueDate && (
          <div>
            <dt>{t('staff.queue.column.due')}</dt>
            <dd className="work-queue__due">
              {formatDate(current.dueDate, language)}
              {current.due === 'overdue' && (
                <Tag data-color="danger" data-size="sm">
                  {t('staff.queue.overdue')}
                </Tag>
              )}
              {current.due === 'due-soon' && (
                <Tag data-color="warning" data-size="sm">
                  {t('staff.queue.dueSoon')}
                </Tag>
              )}
            </dd>
          </div>
        )}
      </dl>

      {notice && (
        <Alert ref={noticeRef} tabIndex={-1} data-color={notice.color} role={notice.color === 'danger' ? 'alert' : 'status'} data-testid="task-notice">
          {notice.text}
        </Alert>
      )}

      <div className="task-page__actions">
        <Paragraph data-testid="task-status">
          {mine ? t('staff.task.status.mine') : current.assignee ? t('staff.task.status.other', { name: current.assignee.name }) : t('staff.task.status.open')}
        </Paragraph>
        {current.actions.claim && (
          <Button id="task-claim" onClick={() => void act(() => claimTask(current.id), t('staff.task.claimedNotice'))} aria-disabled={acting || undefined}>
            {t('staff.task.claim')}
          </Button>
        )}
        {current.actions.unclaim && (
          <Button variant="secondary" onClick={() => void act(() => unclaimTask(current.id), t('staff.task.unclaimedNotice'))} aria-disabled={acting || undefined}>
            {t('staff.task.unclaim')}
          </Button>
        )}
      </div>
      {current.actions.assign && (
        <AssignControl
          task={current}
          onAssign={(colleague) => act(() => assignTask(current.id, colleague.id), t('staff.task.assign.done', { name: colleague.name }))}
        />
      )}

      <div className="task-page__columns">
        <section className="task-page__form" aria-labelledby="task-form-heading">
          <Heading level={2} data-size="sm" id="task-form-heading">
            {t('staff.task.formHeading')}
          </Heading>
          {form?.description && <Paragraph>{form.description[language]}</Paragraph>}
          <TaskFocus task={current} caseState={caseState} language={language} />
          {!current.actions.complete && <Paragraph data-testid="task-form-locked">{current.assignee && !mine ? t('staff.task.otherHas') : t('staff.task.needsClaim')}</Paragraph>}
          {form && current.actions.complete && (
            <ModuleForm
              key={current.id}
              form={form}
              initialValues={{ ...current.prefill, ...(current.draft ?? {}) }}
              submitLabel={t('staff.task.complete')}
              onSubmit={complete}
              headingLevel={3}
              footer={current.formKey === 'need-assessment' ? <LetterPreview /> : null}
            >
              <DraftSaver taskId={current.id} savedAt={current.draftSavedAt} register={registerDraft} />
            </ModuleForm>
          )}
        </section>
        <CaseContext task={current} caseState={caseState} language={language} />
      </div>
    </div>
  );
}

/** Hand the task to a colleague of the same group: the unit's lead, or a coordinator handing over their own task. */
function AssignControl({ task, onAssign }: { task: TaskDetail; onAssign(colleague: StaffUser): Promise<void> }) {
  const { t } = useTranslation();
  const role = staffUserRoles.find((candidate) => task.candidateGroups.includes(candidate)) ?? 'ke-caseworker';
  const [users, setUsers] = useState<StaffUser[] | null | 'failed'>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);

  const open = () => {
    if (users !== null) return;
    staffUsers(role).then(
      (list) => setUsers(list ?? 'failed'),
      () => setUsers('failed'),
    );
  };

  const colleagues = Array.isArray(users) ? users.filter((user) => user.id !== task.assignee?.id) : [];
  return (
    <Details onToggle={open} data-testid="task-assign">
      <Details.Summary>{t('staff.task.assign.summary')}</Details.Summary>
      <Details.Content>
        {users === null && <Spinner aria-label={t('staff.picker.loading')} data-size="sm" />}
        {users === 'failed' && <Paragraph>{t('staff.task.assign.failed')}</Paragraph>}
        {Array.isArray(users) && (
          <form
            className="task-page__assign"
            onSubmit={(event) => {
              event.preventDefault();
              const colleague = colleagues.find((user) => user.id === chosen);
              if (!colleague) return setError(t('staff.task.assign.required'));
              setError(null);
              void onAssign(colleague);
            }}
          >
            <Field>
              <Label htmlFor="task-assign-user">{t('staff.task.assign.label')}</Label>
              <Select id="task-assign-user" value={chosen} aria-invalid={error ? true : undefined} onChange={(event) => setChosen(event.target.value)}>
                <Select.Option value="">{t('staff.task.assign.choose')}</Select.Option>
                {colleagues.map((user) => (
                  <Select.Option key={user.id} value={user.id}>
                    {user.name}
                  </Select.Option>
                ))}
              </Select>
              {error && <ValidationMessage>{error}</ValidationMessage>}
            </Field>
            <Button type="submit" variant="secondary">
              {t('staff.task.assign.button')}
            </Button>
          </form>
        )}
      </Details.Content>
    </Details>
  );
}

/**
 * Saves the form as a draft while the user types (debounced), says when it was saved, and warns
 * before the tab is closed with changes not yet saved. Leaving the page inside the app saves at once.
 */
function DraftSaver({ taskId, savedAt, register }: { taskId: string; savedAt: string | null; register(flush: (() => Promise<void>) | null): void }) {
  const { t } = useTranslation();
  const { values, isSubmitting } = useFormikContext<Record<string, unknown>>();
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'failed'; at: string | null }>({ kind: savedAt ? 'saved' : 'idle', at: savedAt });
  const first = useRef(true);
  const pending = useRef<Record<string, unknown> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const stopped = useRef(false);

  const flush = useCallback(async () => {
    window.clearTimeout(timer.current);
    const data = pending.current;
    if (!data || stopped.current) return;
    pending.current = null;
    setStatus((previous) => ({ kind: 'saving', at: previous.at }));
    const outcome = await saveDraft(taskId, data).catch(() => null);
    if (stopped.current) return;
    if (outcome?.ok) setStatus({ kind: 'saved', at: outcome.value.draftSavedAt });
    else {
      if (!pending.current) pending.current = data; // kept for the next try
      setStatus((previous) => ({ kind: 'failed', at: previous.at }));
    }
  }, [taskId]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    pending.current = values;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void flush(), draftDelayMs);
  }, [values, flush]);

  // Completing: no draft may be written after the task is done.
  useEffect(() => {
    if (isSubmitting) {
      window.clearTimeout(timer.current);
      pending.current = null;
    }
  }, [isSubmitting]);

  useEffect(() => {
    register(flush);
    return () => register(null);
  }, [register, flush]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (pending.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      void flush().finally(() => (stopped.current = true));
    };
  }, [flush]);

  let text = t('staff.task.draft.pending');
  if (status.kind === 'saving') text = t('staff.task.draft.saving');
  else if (status.kind === 'failed') text = t('staff.task.draft.failed');
  else if (status.at) text = t('staff.task.draft.saved', { time: clockTime(status.at) });
  return (
    <p className="task-page__draft" role="status" data-testid="draft-status">
      {text}
    </p>
  );
}

/** The need assessment: a rejection's reasons as they will stand in the decision letter. */
function LetterPreview() {
  const { t } = useTranslation();
  const { values } = useFormikContext<Record<string, unknown>>();
  if (values.decision !== 'reject') return null;
  const reasons = typeof values.reasons === 'string' ? values.reasons.trim() : '';
  return (
    <Card data-color="warning" data-testid="letter-preview">
      <Heading level={3} data-size="2xs">
        {t('staff.task.letterPreview')}
      </Heading>
      <Paragraph data-size="sm">{t('staff.task.letterPreviewLead')}</Paragraph>
      <Paragraph className="letter-preview">{reasons || t('staff.task.letterPreviewEmpty')}</Paragraph>
    </Card>
  );
}

/** What the task is about, from the case: the part of it the form acts on, above the form. */
function TaskFocus({ task, caseState, language }: { task: TaskDetail; caseState: CaseState; language: Language }) {
  const { t } = useTranslation();
  if (caseState.status !== 'ready') return null;
  const detail = caseState.detail;
  const items = focusItems(task.formKey, detail, language, t);
  if (!items) return null;
  return (
    <Card data-color="neutral" data-testid="task-focus">
      <Heading level={3} data-size="2xs">
        {t('staff.context.focus')}
      </Heading>
      {items}
    </Card>
  );
}

function focusItems(formKey: string | null, detail: StaffCaseDetail, language: Language, t: ReturnType<typeof useTranslation>['t']) {
  const requestFields = (names: string[]) => requestForm.fields.filter((field) => names.includes(field.name));
  const data = detail.request?.data;
  switch (formKey) {
    case 'need-assessment':
    case 'offer-contact':
      return data ? (
        <StepAnswers fields={requestFields(['askFor', 'situation', 'coordinationNeeds', 'currentServices'])} values={data} language={language} />
      ) : (
        <Paragraph data-size="sm">{t('staff.context.noRequest')}</Paragraph>
      );
    case 'coordinator-appointment': {
      // What was decided (the person's wish stands beside the list of coordinators).
      const assessment = [...detail.doneTasks].reverse().find((done) => done.formKey === 'need-assessment' && done.output);
      return assessment?.output ? (
        <StepAnswers fields={needAssessmentForm.fields.filter((field) => ['decision', 'childCoordinator', 'decidedOn'].includes(field.name))} values={assessment.output} language={language} />
      ) : data ? (
        <StepAnswers fields={requestFields(['askFor'])} values={data} language={language} />
      ) : null;
    }
    case 'signed-request':
      return detail.request ? (
        <>
          <Paragraph data-size="sm">
            {t('staff.context.signedBy', { name: detail.request.signature.fullName, date: formatDate(detail.request.signature.signedAt, language, true) })}.{' '}
            {detail.request.signature.identityVerified ? t('staff.context.identityVerified') : t('staff.context.identityNotVerified')}
          </Paragraph>
          <StepAnswers fields={requestFields(['applicantRole', 'applicant'])} values={detail.request.data} language={language} />
        </>
      ) : (
        <Paragraph data-size="sm">{t('staff.context.noRequest')}</Paragraph>
      );
    case 'consent-registration':
      return (
        <Paragraph data-size="sm">
          {detail.consent.active
            ? t('staff.context.consentActive', { date: detail.consent.givenAt ? formatDate(detail.consent.givenAt, language) : '' })
            : detail.consent.withdrawnAt
              ? t('staff.context.consentWithdrawn', { date: formatDate(detail.consent.withdrawnAt, language) })
              : t('staff.context.consentNone')}
        </Paragraph>
      );
    case 'coordinator-change':
      return (
        <Paragraph data-size="sm">
          {t('staff.context.coordinator')}: {detail.coordinator?.name ?? t('staff.context.noCoordinator')}
        </Paragraph>
      );
    default:
      return null;
  }
}
