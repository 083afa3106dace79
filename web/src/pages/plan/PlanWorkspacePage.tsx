import { useTranslation } from 'react-i18next';
import './plan.css';
import type { PlanDiff, PlanDraft, PlanWorkspace, ResponsibilityGroup } from '@contract/plan.js';
import { planDraftSchema, validatePlanPart } from '@forms/plan.js';
import { Alert, Button, Fieldset, Heading, Link, Paragraph, Radio, Select, Field, Label, Spinner, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { staffCaseDetailPath } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { getDiff, getWorkspace, newId, pdfHref, saveDraft, saveGroup, sendPlan, sendPlanLetter, sendReview, startReview } from './api.js';
import { DraftEditor } from './DraftEditor.js';
import { GroupEditor } from './GroupEditor.js';
import { DiffView, PlanView } from './PlanView.js';
import { choiceOptions, reviewLabel, todayIso } from './text.js';
import { usePlanText } from '../../i18n/namespaces.js';

type State = { status: 'loading' } | { status: 'missing' } | { status: 'ready'; ws: PlanWorkspace };
type SaveState = 'idle' | 'saving' | 'saved' | 'conflict' | 'invalid' | 'failed';

/**
 * The coordinator's plan workspace (/saker/:id/plan), opened from the plan and review tasks and from
 * the case: every part of the plan, saved as it is typed (a change someone else saved first is
 * detected, never overwritten), the responsibility group, sending for approval, the review, and the versions.
 */
export function PlanWorkspacePage() {
  const t = usePlanText();
  const { t: tc } = useTranslation();
  const { id = '' } = useParams();
  const [state, setState] = useState<State>({ status: 'loading' });
  const [draft, setDraft] = useState<PlanDraft | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ color: 'success' | 'danger' | 'warning'; text: string } | null>(null);
  const revision = useRef(0);
  const pending = useRef<PlanDraft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saving = useRef<Promise<void> | null>(null);
  const language = currentLanguage();
  useDocumentTitle(state.status === 'ready' ? t('workspace.title', { name: state.ws.person.name }) : t('workspace.heading'));

  const load = useCallback(async () => {
    const response = await getWorkspace(id);
    if (!response.body) {
      setState({ status: 'missing' });
      return;
    }
    revision.current = response.body.revision;
    setDraft(response.body.draft);
    setSavedAt(response.body.draftSavedAt);
    setSaveState('idle');
    setState({ status: 'ready', ws: response.body });
  }, [id]);

  useEffect(() => {
    void load();
    return () => clearTimeout(timer.current);
  }, [load]);

  /** Saves the newest draft; one save at a time, each from the revision the last one left. */
  const flush = useCallback(async (): Promise<void> => {
    if (saving.current) await saving.current;
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    setSaveState('saving');
    const run = (async () => {
      // Checked here first, with the rules the API checks it by: a date still being typed (the year
      // passes through 0002 and 0020) waits for the next change instead of a refused request.
      const checked = await validatePlanPart(planDraftSchema, next, currentLanguage());
      if (!checked.ok) {
        setErrors(Object.fromEntries(checked.errors.map((error) => [error.field, error.message])));
        setSaveState('invalid');
        return;
      }
      const result = await saveDraft(id, revision.current, next);
      if (result.ok) {
        revision.current = result.value.revision;
        setSavedAt(result.value.savedAt);
        setErrors({});
        setSaveState(pending.current ? 'saving' : 'saved');
      } else if (result.status === 409) {
        setSaveState('conflict');
      } else if (result.status === 422) {
        setErrors(Object.fromEntries(Object.entries(result.fields).map(([k, v]) => [k.replace(/^draft\./, ''), v])));
        setSaveState('invalid');
      } else setSaveState('failed');
    })();
    saving.current = run;
    await run;
    saving.current = null;
    if (pending.current) await flush();
  }, [id]);

  const change = (next: PlanDraft) => {
    setDraft(next);
    if (saveState === 'conflict') return;
    pending.current = next;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), 600);
  };

  if (state.status === 'loading' || !draft) {
    if (state.status === 'missing')
      return (
        <div className="app-prose">
          <Heading level={1} data-size="lg">
            {t('workspace.heading')}
          </Heading>
          <Alert data-color="warning">{t('workspace.missing')}</Alert>
        </div>
      );
    return <Spinner aria-label={tc('common.loading')} />;
  }
  if (state.status !== 'ready') return null;
  const ws = state.ws;
  const editable = ws.phase !== 'closed';

  const onSend = async () => {
    clearTimeout(timer.current);
    await flush();
    const result = await sendPlan(id, revision.current);
    if (result.ok) {
      await load();
      setNotice({ color: 'success', text: t('workspace.sent', { version: result.value.version }) });
    } else if (result.status === 422) {
      setErrors(result.fields);
      setNotice({ color: 'danger', text: t('workspace.incomplete', { count: Object.keys(result.fields).length }) });
    } else setNotice({ color: 'danger', text: result.message });
  };

  const onGroupSave = async (group: ResponsibilityGroup): Promise<boolean> => {
    const result = await saveGroup(id, ws.groupRevision, group);
    if (result.ok) {
      setState({ status: 'ready', ws: { ...ws, group, groupRevision: result.value.revision } });
      setErrors({});
      setNotice({ color: 'success', text: t('group.saved') });
      return true;
    }
    if (result.status === 422) setErrors(result.fields);
    setNotice({ color: 'danger', text: result.message });
    return false;
  };

  const followUpToMeasure = (text: string, responsible?: string, dueOn?: string): string => {
    const measureId = newId('m');
    change({ ...draft, measures: [...draft.measures, { id: measureId, what: text, responsible: responsible ?? '', ...(dueOn ? { byWhen: dueOn } : {}), status: 'planned' }] });
    return measureId;
  };

  const today = todayIso();
  const overdue = draft.measures.filter((m) => m.byWhen && m.byWhen < today && m.status !== 'done' && m.status !== 'stopped');
  const goalsWithout = draft.goals.filter((g) => !draft.measures.some((m) => m.goalId === g.id));

  return (
    <div className="plan-workspace">
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to={staffCaseDetailPath(ws.caseId)}>{t('workspace.backToCase', { caseNumber: ws.caseNumber })}</RouterLink>
        </Link>
      </Paragraph>
      <Heading level={1} data-size="lg">
        {t('workspace.title', { name: ws.person.name })}
      </Heading>
      <Paragraph>
        <Tag data-color="info">{t(`phase.${ws.phase}`)}</Tag> {t('workspace.caseNumber', { caseNumber: ws.caseNumber })}
      </Paragraph>
      <p className="plan-workspace__status" role="status" aria-live="polite">
        {saveState === 'saving' && t('workspace.saving')}
        {saveState === 'saved' && savedAt && t('workspace.savedAt', { time: formatDate(savedAt, language, true) })}
        {saveState === 'idle' && savedAt && t('workspace.lastSaved', { time: formatDate(savedAt, language, true), name: ws.draftSavedBy ?? '' })}
        {saveState === 'invalid' && t('workspace.notSavedInvalid')}
        {saveState === 'failed' && t('workspace.notSaved')}
      </p>
      {saveState === 'conflict' && (
        <Alert data-color="danger" role="alert">
          <Paragraph>{t('workspace.conflict')}</Paragraph>
          <Button variant="secondary" onClick={() => void load()}>
            {t('workspace.reload')}
          </Button>
        </Alert>
      )}
      {notice && (
        <Alert data-color={notice.color} role={notice.color === 'danger' ? 'alert' : 'status'}>
          {notice.text}
        </Alert>
      )}

      <div className="plan-workspace__actions">
        {ws.phase === 'drafting' && <Button onClick={() => void onSend()}>{t('workspace.send')}</Button>}
        {ws.canStartReview && (
          <Button
            variant="secondary"
            onClick={async () => {
              const result = await startReview(id);
              if (result.ok) await load();
              else setNotice({ color: 'danger', text: result.message });
            }}
          >
            {t('workspace.startReview')}
          </Button>
        )}
        {ws.versions.length > 0 && (
          <Link href={pdfHref(id)}>{t('workspace.pdf')}</Link>
        )}
      </div>
      {ws.phase === 'awaiting-approval' && <Alert data-color="info">{t('workspace.awaiting')}</Alert>}
      {ws.versions.at(-1)?.status === 'changes-requested' && ws.phase === 'drafting' && (
        <Alert data-color="warning">
          <Heading level={2} data-size="2xs">
            {t('workspace.changesRequested', { version: ws.versions.at(-1)!.number })}
          </Heading>
          <Paragraph>{ws.versions.at(-1)!.comment}</Paragraph>
        </Alert>
      )}

      {(overdue.length > 0 || goalsWithout.length > 0) && (
        <Alert data-color="warning">
          <Heading level={2} data-size="2xs">
            {t('workspace.attention')}
          </Heading>
          <ul>
            {overdue.map((m) => (
              <li key={m.id}>{t('workspace.overdue', { what: m.what ?? '', date: m.byWhen ? formatDate(m.byWhen, language) : '' })}</li>
            ))}
            {goalsWithout.map((g) => (
              <li key={g.id}>{t('workspace.goalWithout', { goal: g.goal ?? '' })}</li>
            ))}
          </ul>
        </Alert>
      )}

      {ws.phase === 'reviewing' && ws.approved && <ReviewSection ws={ws} onDone={load} />}

      <section aria-labelledby="plan-parts">
        <Heading level={2} data-size="md" id="plan-parts">
          {t('workspace.planHeading')}
        </Heading>
        <dl className="plan-view__fields">
          <dt>{t('editor.partC')}</dt>
          <dd>{ws.coordinator ? [ws.coordinator.name, ws.coordinator.phone, ws.coordinator.email].filter(Boolean).join(', ') : t('workspace.noCoordinator')}</dd>
          <dt>{t('editor.partH')}</dt>
          <dd>{ws.consent.active && ws.consent.givenAt ? t('workspace.consentGiven', { date: formatDate(ws.consent.givenAt, language) }) : t('workspace.consentMissing')}</dd>
        </dl>
        {editable ? <DraftEditor draft={draft} onChange={change} members={ws.group.members} errors={errors} /> : <PlanView plan={draft} />}
        {ws.reports.length > 0 && (
          <>
            <Heading level={3} data-size="xs">
              {t('workspace.reports')}
            </Heading>
            <ul>
              {ws.reports.map((r, i) => (
                <li key={i}>
                  {t('workspace.reportLine', {
                    measure: draft.measures.find((m) => m.id === r.measureId)?.what ?? r.measureId,
                    status: choiceOptions('plan', 'measures.status', language).find((o) => o.value === r.status)?.label ?? r.status,
                    by: r.byName,
                    date: formatDate(r.at, language),
                    note: r.note ?? '',
                  })}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="plan-group">
        <Heading level={2} data-size="md" id="plan-group">
          {t('group.heading')}
        </Heading>
        <GroupEditor group={ws.group} onSave={onGroupSave} candidates={ws.memberCandidates} onFollowUpToMeasure={followUpToMeasure} errors={errors} />
      </section>

      {ws.reviews.length > 0 && (
        <section aria-labelledby="plan-reviews">
          <Heading level={2} data-size="md" id="plan-reviews">
            {t('review.history')}
          </Heading>
          <ul>
            {ws.reviews.map((r, i) => (
              <li key={i}>
                {t('review.line', { date: formatDate(r.reviewedOn, language), outcome: choiceOptions('review', 'outcome', language).find((o) => o.value === r.outcome)?.label ?? r.outcome, summary: r.summary })}
              </li>
            ))}
          </ul>
        </section>
      )}

      <VersionsSection ws={ws} />
    </div>
  );
}

/** The periodic review: each goal of the approved version with its measures, assessed; the outcome. */
function ReviewSection({ ws, onDone }: { ws: PlanWorkspace; onDone: () => Promise<void> }) {
  const t = usePlanText();
  const language = currentLanguage();
  const plan = ws.approved!.content;
  const [goals, setGoals] = useState<Record<string, { assessment: string; comment: string }>>({});
  const [values, setValues] = useState({ reviewedOn: todayIso(), summary: '', outcome: '', closeReason: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const today = todayIso();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = {
      ...values,
      goals: plan.goals.filter((g) => goals[g.id]?.assessment).map((g) => ({ goalId: g.id, assessment: goals[g.id]!.assessment, ...(goals[g.id]!.comment ? { comment: goals[g.id]!.comment } : {}) })),
    };
    const result = await sendReview(ws.caseId, body);
    if (result.ok) await onDone();
    else {
      setErrors(result.fields);
      setMessage(result.message);
    }
  };

  return (
    <section aria-labelledby="plan-review" className="plan-review">
      <Heading level={2} data-size="md" id="plan-review">
        {t('review.heading', { version: ws.approved!.number })}
      </Heading>
      <form onSubmit={submit} noValidate>
        {plan.goals.map((goal, index) => {
          const measures = plan.measures.filter((m) => m.goalId === goal.id);
          return (
            <Fieldset key={goal.id} className="plan-review__goal">
              <Fieldset.Legend>{t('review.goal', { number: index + 1, goal: goal.goal ?? '' })}</Fieldset.Legend>
              {measures.length === 0 ? (
                <Fieldset.Description>{t('review.noMeasures')}</Fieldset.Description>
              ) : (
                <ul>
                  {measures.map((m) => (
                    <li key={m.id}>
                      {m.what} – {m.responsible}
                      {m.byWhen && m.byWhen < today && m.status !== 'done' && m.status !== 'stopped' ? ` (${t('review.pastDate')})` : ''}
                    </li>
                  ))}
                </ul>
              )}
              {choiceOptions('review', 'goals.assessment', language).map((o) => (
                <Radio
                  key={o.value}
                  id={`review-${goal.id}-${o.value}`}
                  name={`review-${goal.id}`}
                  value={o.value}
                  label={o.label}
                  checked={goals[goal.id]?.assessment === o.value}
                  onChange={() => setGoals({ ...goals, [goal.id]: { comment: goals[goal.id]?.comment ?? '', assessment: o.value } })}
                />
              ))}
              <Textfield id={`review-${goal.id}-comment`} label={reviewLabel('goals.comment', language)} value={goals[goal.id]?.comment ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setGoals({ ...goals, [goal.id]: { assessment: goals[goal.id]?.assessment ?? '', comment: e.target.value } })} />
            </Fieldset>
          );
        })}
        <Textfield id="review-date" type="date" label={reviewLabel('reviewedOn', language)} error={errors.reviewedOn} value={values.reviewedOn} onChange={(e: ChangeEvent<HTMLInputElement>) => setValues({ ...values, reviewedOn: e.target.value })} />
        <Textfield id="review-summary" label={reviewLabel('summary', language)} error={errors.summary} multiline rows={4} value={values.summary} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setValues({ ...values, summary: e.target.value })} />
        <Fieldset>
          <Fieldset.Legend>{reviewLabel('outcome', language)}</Fieldset.Legend>
          {choiceOptions('review', 'outcome', language).map((o) => (
            <Radio key={o.value} id={`review-outcome-${o.value}`} name="review-outcome" value={o.value} label={o.label} checked={values.outcome === o.value} onChange={() => setValues({ ...values, outcome: o.value })} />
          ))}
          {errors.outcome && <p className="plan-editor__error">{errors.outcome}</p>}
        </Fieldset>
        {values.outcome === 'close' && (
          <Textfield id="review-close-reason" label={reviewLabel('closeReason', language)} error={errors.closeReason} multiline rows={3} value={values.closeReason} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setValues({ ...values, closeReason: e.target.value })} />
        )}
        {message && (
          <Alert data-color="danger" role="alert">
            {message}
          </Alert>
        )}
        <Button type="submit">{t('review.submit')}</Button>
      </form>
    </section>
  );
}

/** The versions sent, with their answers, and any two compared. */
function VersionsSection({ ws }: { ws: PlanWorkspace }) {
  const t = usePlanText();
  const language = currentLanguage();
  const last = ws.versions.at(-1)?.number ?? 0;
  const [from, setFrom] = useState(Math.max(last - 1, 0));
  const [to, setTo] = useState(last);
  const [diff, setDiff] = useState<PlanDiff | null>(null);
  // The last letter asked for, kept as a key so that the notice follows a change of language.
  const [letter, setLetter] = useState<{ number: number; outcome: 'queued' | 'already' } | { failed: string } | null>(null);
  if (ws.versions.length === 0) return null;
  const sendLetter = async (number: number) => {
    const sent = await sendPlanLetter(ws.caseId, number);
    setLetter(sent.ok ? { number, outcome: sent.value.alreadySent ? 'already' : 'queued' } : { failed: sent.message });
  };
  return (
    <section aria-labelledby="plan-versions">
      <Heading level={2} data-size="md" id="plan-versions">
        {t('versions.heading')}
      </Heading>
      <Table>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t('versions.number')}</Table.HeaderCell>
            <Table.HeaderCell>{t('versions.sent')}</Table.HeaderCell>
            <Table.HeaderCell>{t('versions.status')}</Table.HeaderCell>
            <Table.HeaderCell>{t('versions.comment')}</Table.HeaderCell>
            <Table.HeaderCell>{t('versions.document')}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {ws.versions.map((v) => (
            <Table.Row key={v.number}>
              <Table.Cell>{v.number}</Table.Cell>
              <Table.Cell>{t('versions.sentBy', { date: formatDate(v.sentAt, language), name: v.sentBy })}</Table.Cell>
              <Table.Cell>{t(`versionStatus.${v.status}`)}</Table.Cell>
              <Table.Cell>{v.comment ?? ''}</Table.Cell>
              <Table.Cell>
                <Link href={pdfHref(ws.caseId, v.number)}>{t('versions.pdf', { number: v.number })}</Link>
                {(v.status === 'sent' || v.status === 'approved') && (
                  <Button variant="tertiary" data-size="sm" onClick={() => void sendLetter(v.number)}>
                    {t('versions.sendLetter', { number: v.number })}
                  </Button>
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      <Paragraph role="status" data-testid="plan-letter-status">
        {letter &&
          ('failed' in letter
            ? letter.failed || t('versions.letterFailed')
            : t(letter.outcome === 'queued' ? 'versions.letterQueued' : 'versions.letterAlreadySent', { number: letter.number }))}
      </Paragraph>
      <form
        className="plan-versions__compare"
        onSubmit={async (event) => {
          event.preventDefault();
          const response = await getDiff(ws.caseId, from || null, to);
          setDiff(response.body);
        }}
      >
        <Field>
          <Label htmlFor="plan-compare-from">{t('versions.from')}</Label>
          <Select id="plan-compare-from" value={String(from)} onChange={(e: ChangeEvent<HTMLSelectElement>) => setFrom(Number(e.target.value))}>
            <Select.Option value="0">{t('versions.none')}</Select.Option>
            {ws.versions.map((v) => (
              <Select.Option key={v.number} value={String(v.number)}>
                {t('versions.option', { number: v.number })}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="plan-compare-to">{t('versions.to')}</Label>
          <Select id="plan-compare-to" value={String(to)} onChange={(e: ChangeEvent<HTMLSelectElement>) => setTo(Number(e.target.value))}>
            {ws.versions.map((v) => (
              <Select.Option key={v.number} value={String(v.number)}>
                {t('versions.option', { number: v.number })}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary">
          {t('versions.compare')}
        </Button>
      </form>
      <div aria-live="polite">{diff && <DiffView diff={diff} />}</div>
    </section>
  );
}
