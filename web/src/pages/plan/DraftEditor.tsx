import { useTranslation } from 'react-i18next';
import type { GroupMember, PlanDraft, PlanMeasure } from '@contract/plan.js';
import { Button, Card, Fieldset, Heading, Label, Field, Select, Textfield } from '@digdir/designsystemet-react';
import type { ChangeEvent } from 'react';
import { currentLanguage } from '../../i18n/i18n.js';
import { newId } from './api.js';
import { choiceOptions, planHint, planLabel } from './text.js';
import { usePlanText } from '../../i18n/namespaces.js';

type Change = (next: PlanDraft) => void;

/** The plan's parts (a)–(i) as the coordinator writes them; every change goes to `onChange` (which saves it). */
export function DraftEditor({ draft, onChange, members, errors }: { draft: PlanDraft; onChange: Change; members: GroupMember[]; errors: Record<string, string> }) {
  const t = usePlanText();
  const { t: tc } = useTranslation();
  const language = currentLanguage();
  const set = <K extends keyof PlanDraft>(key: K, value: PlanDraft[K]) => onChange({ ...draft, [key]: value });
  const text = (key: keyof PlanDraft, multiline = false) => (
    <Textfield
      id={`plan-${key}`}
      label={planLabel(key, language)}
      description={planHint(key, language)}
      error={errors[key]}
      multiline={multiline}
      rows={multiline ? 3 : undefined}
      value={(draft[key] as string | undefined) ?? ''}
      onChange={(e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.target.value as never)}
    />
  );
  const dateField = (key: 'periodFrom' | 'periodTo' | 'adjustmentOn' | 'nextReviewOn') => (
    <Textfield id={`plan-${key}`} type="date" label={planLabel(key, language)} error={errors[key]} value={draft[key] ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set(key, e.target.value)} />
  );
  const setMeasure = (index: number, patch: Partial<PlanMeasure>) => set('measures', draft.measures.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  const users = members.filter((m) => m.userId);

  return (
    <div className="plan-editor">
      <Fieldset>
        <Fieldset.Legend>{t('editor.partA')}</Fieldset.Legend>
        <Fieldset.Description>{planHint('goals', language)}</Fieldset.Description>
        {draft.goals.map((goal, index) => (
          <div key={goal.id} className="plan-editor__row">
            <Textfield
              id={`plan-goal-${goal.id}`}
              label={t('editor.goalLabel', { number: index + 1 })}
              error={errors[`goals[${index}].goal`]}
              multiline
              rows={2}
              value={goal.goal ?? ''}
              onChange={(e: ChangeEvent<HTMLTextAreaElement>) => set('goals', draft.goals.map((g) => (g.id === goal.id ? { ...g, goal: e.target.value } : g)))}
            />
            <Button variant="tertiary" data-size="sm" onClick={() => set('goals', draft.goals.filter((g) => g.id !== goal.id))}>
              {t('editor.removeGoal', { number: index + 1 })}
            </Button>
          </div>
        ))}
        {errors.goals && <p className="plan-editor__error">{errors.goals}</p>}
        <Button variant="secondary" data-size="sm" onClick={() => set('goals', [...draft.goals, { id: newId('g'), goal: '' }])}>
          {t('editor.addGoal')}
        </Button>
        {text('resourcesAndNeeds', true)}
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t('editor.partB')}</Fieldset.Legend>
        {draft.participants.map((p, index) => (
          <div key={index} className="plan-editor__row plan-editor__row--pair">
            <Textfield id={`plan-participant-${index}-name`} label={t('editor.participantName', { number: index + 1 })} value={p.name ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set('participants', draft.participants.map((x, i) => (i === index ? { ...x, name: e.target.value } : x)))} />
            <Textfield id={`plan-participant-${index}-role`} label={t('editor.participantRole', { number: index + 1 })} value={p.role ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set('participants', draft.participants.map((x, i) => (i === index ? { ...x, role: e.target.value } : x)))} />
            <Button variant="tertiary" data-size="sm" onClick={() => set('participants', draft.participants.filter((_, i) => i !== index))}>
              {t('editor.removeParticipant', { number: index + 1 })}
            </Button>
          </div>
        ))}
        <Button variant="secondary" data-size="sm" onClick={() => set('participants', [...draft.participants, { name: '', role: '' }])}>
          {t('editor.addParticipant')}
        </Button>
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t('editor.partD')}</Fieldset.Legend>
        {text('personContribution', true)}
        {text('servicesContribution', true)}
        {text('relativesContribution', true)}
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t('editor.partEF')}</Fieldset.Legend>
        {draft.measures.map((measure, index) => (
          <Card key={measure.id} className="plan-editor__measure" data-color="neutral">
            <Heading level={3} data-size="2xs">
              {t('editor.measureHeading', { number: index + 1 })}
            </Heading>
            <Textfield id={`plan-measure-${measure.id}-what`} label={planLabel('measures.what', language)} error={errors[`measures[${index}].what`]} multiline rows={2} value={measure.what ?? ''} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setMeasure(index, { what: e.target.value })} />
            <Field>
              <Label htmlFor={`plan-measure-${measure.id}-goal`}>{t('editor.measureGoal')}</Label>
              <Select id={`plan-measure-${measure.id}-goal`} value={measure.goalId ?? ''} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMeasure(index, { goalId: e.target.value || undefined })}>
                <Select.Option value="">{t('editor.noGoal')}</Select.Option>
                {draft.goals.map((g, i) => (
                  <Select.Option key={g.id} value={g.id}>
                    {`${i + 1}. ${(g.goal ?? '').slice(0, 60)}`}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Textfield id={`plan-measure-${measure.id}-scope`} label={planLabel('measures.scope', language)} description={planHint('measures.scope', language)} value={measure.scope ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeasure(index, { scope: e.target.value })} />
            <Field>
              <Label htmlFor={`plan-measure-${measure.id}-kind`}>{t('editor.responsibleKind')}</Label>
              <Select id={`plan-measure-${measure.id}-kind`} value={measure.responsibleKind ?? ''} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMeasure(index, { responsibleKind: (e.target.value || undefined) as PlanMeasure['responsibleKind'] })}>
                <Select.Option value="">{tc('forms.choose')}</Select.Option>
                {(['service', 'person', 'relative'] as const).map((kind) => (
                  <Select.Option key={kind} value={kind}>
                    {t(`kind.${kind}`)}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Textfield id={`plan-measure-${measure.id}-responsible`} label={planLabel('measures.responsible', language)} description={planHint('measures.responsible', language)} error={errors[`measures[${index}].responsible`]} value={measure.responsible ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeasure(index, { responsible: e.target.value })} />
            {users.length > 0 && (
              <Field>
                <Label htmlFor={`plan-measure-${measure.id}-user`}>{t('editor.responsibleUser')}</Label>
                <Field.Description>{t('editor.responsibleUserHint')}</Field.Description>
                <Select id={`plan-measure-${measure.id}-user`} value={measure.responsibleUserId ?? ''} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMeasure(index, { responsibleUserId: e.target.value || undefined })}>
                  <Select.Option value="">{t('editor.noUser')}</Select.Option>
                  {users.map((m) => (
                    <Select.Option key={m.id} value={m.userId!}>
                      {m.name}
                    </Select.Option>
                  ))}
                </Select>
              </Field>
            )}
            <Textfield id={`plan-measure-${measure.id}-how`} label={planLabel('measures.how', language)} multiline rows={2} value={measure.how ?? ''} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setMeasure(index, { how: e.target.value })} />
            <div className="plan-editor__row plan-editor__row--pair">
              <Textfield id={`plan-measure-${measure.id}-from`} type="date" label={planLabel('measures.from', language)} error={errors[`measures[${index}].from`]} value={measure.from ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeasure(index, { from: e.target.value })} />
              <Textfield id={`plan-measure-${measure.id}-until`} type="date" label={planLabel('measures.byWhen', language)} error={errors[`measures[${index}].byWhen`]} value={measure.byWhen ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setMeasure(index, { byWhen: e.target.value })} />
            </div>
            <Field>
              <Label htmlFor={`plan-measure-${measure.id}-status`}>{planLabel('measures.status', language)}</Label>
              <Select id={`plan-measure-${measure.id}-status`} value={measure.status ?? 'planned'} onChange={(e: ChangeEvent<HTMLSelectElement>) => setMeasure(index, { status: e.target.value as PlanMeasure['status'] })}>
                {choiceOptions('plan', 'measures.status', language).map((o) => (
                  <Select.Option key={o.value} value={o.value}>
                    {o.label}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Button variant="tertiary" data-size="sm" onClick={() => set('measures', draft.measures.filter((m) => m.id !== measure.id))}>
              {t('editor.removeMeasure', { number: index + 1 })}
            </Button>
          </Card>
        ))}
        {errors.measures && <p className="plan-editor__error">{errors.measures}</p>}
        <Button variant="secondary" data-size="sm" onClick={() => set('measures', [...draft.measures, { id: newId('m'), what: '', responsible: '', status: 'planned' }])}>
          {t('editor.addMeasure')}
        </Button>
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t('editor.partG')}</Fieldset.Legend>
        <div className="plan-editor__row plan-editor__row--pair">
          {dateField('periodFrom')}
          {dateField('periodTo')}
        </div>
        <div className="plan-editor__row plan-editor__row--pair">
          {dateField('adjustmentOn')}
          {dateField('nextReviewOn')}
        </div>
      </Fieldset>

      <Fieldset>
        <Fieldset.Legend>{t('editor.partI')}</Fieldset.Legend>
        {text('cooperation', true)}
        {draft.otherPlans.map((other, index) => (
          <div key={index} className="plan-editor__row plan-editor__row--pair">
            <Textfield id={`plan-other-${index}-name`} label={t('editor.otherPlanName', { number: index + 1 })} value={other.name ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set('otherPlans', draft.otherPlans.map((x, i) => (i === index ? { ...x, name: e.target.value } : x)))} />
            <Textfield id={`plan-other-${index}-holder`} label={t('editor.otherPlanHolder', { number: index + 1 })} value={other.holder ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => set('otherPlans', draft.otherPlans.map((x, i) => (i === index ? { ...x, holder: e.target.value } : x)))} />
            <Button variant="tertiary" data-size="sm" onClick={() => set('otherPlans', draft.otherPlans.filter((_, i) => i !== index))}>
              {t('editor.removeOtherPlan', { number: index + 1 })}
            </Button>
          </div>
        ))}
        <Button variant="secondary" data-size="sm" onClick={() => set('otherPlans', [...draft.otherPlans, { name: '' }])}>
          {t('editor.addOtherPlan')}
        </Button>
      </Fieldset>
    </div>
  );
}
