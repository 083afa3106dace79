import type { MeasureReport, PlanDiff, PlanDraft, PlanMeasure } from '@contract/plan.js';
import { Heading, ListItem, ListUnordered, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import type { Language } from '@forms/types.js';
import type { ReactNode } from 'react';
import { formatDate } from '../../i18n/dates.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { choiceOptions, planLabel } from './text.js';
import { usePlanText } from '../../i18n/namespaces.js';

const optionText = (path: string, value: string | undefined, language: Language) => choiceOptions('plan', path, language).find((o) => o.value === value)?.label ?? value ?? '';

/** A plan (a version or the draft) to read: goals, measures with their goal, who and when, and the other parts. */
export function PlanView({ plan, headingLevel = 3, ownMeasureIds = [], reports = [], measureExtra }: { plan: PlanDraft; headingLevel?: 2 | 3; ownMeasureIds?: string[]; reports?: MeasureReport[]; measureExtra?: (measure: PlanMeasure) => ReactNode }) {
  const t = usePlanText();
  const language = currentLanguage();
  const date = (iso?: string) => (iso ? formatDate(iso, language) : '');
  const goalIndex = new Map(plan.goals.map((g, i) => [g.id, i + 1]));
  const latestReport = (id: string) => reports.filter((r) => r.measureId === id).at(-1);
  const sub = headingLevel + 1 as 3 | 4;
  const parts: [string, string | undefined][] = [
    ['resourcesAndNeeds', plan.resourcesAndNeeds],
    ['personContribution', plan.personContribution],
    ['servicesContribution', plan.servicesContribution],
    ['relativesContribution', plan.relativesContribution],
    ['cooperation', plan.cooperation],
  ];
  return (
    <div className="plan-view">
      <Heading level={headingLevel} data-size="xs">
        {planLabel('goals', language)}
      </Heading>
      <ol className="plan-view__goals">
        {plan.goals.map((goal) => (
          <li key={goal.id}>{goal.goal}</li>
        ))}
      </ol>
      <Heading level={headingLevel} data-size="xs">
        {planLabel('measures', language)}
      </Heading>
      {plan.measures.map((measure, index) => {
        const report = latestReport(measure.id);
        return (
          <section key={measure.id} className="plan-view__measure" aria-labelledby={`measure-${measure.id}`}>
            <Heading level={sub} data-size="2xs" id={`measure-${measure.id}`}>
              {t('view.measureTitle', { number: index + 1, what: measure.what ?? '' })}
              {ownMeasureIds.includes(measure.id) && (
                <Tag data-color="info" className="plan-view__own">
                  {t('view.yours')}
                </Tag>
              )}
            </Heading>
            <dl className="plan-view__fields">
              {measure.goalId && goalIndex.has(measure.goalId) && (
                <>
                  <dt>{t('view.forGoal')}</dt>
                  <dd>{t('view.goalNumber', { number: goalIndex.get(measure.goalId) })}</dd>
                </>
              )}
              {measure.scope && (
                <>
                  <dt>{planLabel('measures.scope', language)}</dt>
                  <dd>{measure.scope}</dd>
                </>
              )}
              <dt>{planLabel('measures.responsible', language)}</dt>
              <dd>
                {measure.responsible}
                {measure.responsibleKind ? ` (${t(`kind.${measure.responsibleKind}`)})` : ''}
              </dd>
              {measure.how && (
                <>
                  <dt>{planLabel('measures.how', language)}</dt>
                  <dd>{measure.how}</dd>
                </>
              )}
              <dt>{t('view.when')}</dt>
              <dd>{[date(measure.from), date(measure.byWhen)].filter(Boolean).join(' – ')}</dd>
              <dt>{planLabel('measures.status', language)}</dt>
              <dd>{optionText('measures.status', measure.status, language)}</dd>
              {report && (
                <>
                  <dt>{t('view.lastReport')}</dt>
                  <dd>{t('view.report', { status: optionText('measures.status', report.status, language), by: report.byName, date: formatDate(report.at, language), note: report.note ?? '' })}</dd>
                </>
              )}
            </dl>
            {measureExtra?.(measure)}
          </section>
        );
      })}
      {parts.some(([, value]) => value) && (
        <dl className="plan-view__fields">
          {parts
            .filter(([, value]) => value)
            .map(([name, value]) => (
              <div key={name}>
                <dt>{planLabel(name, language)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      )}
      {(plan.otherPlans ?? []).length > 0 && (
        <>
          <Heading level={headingLevel} data-size="xs">
            {planLabel('otherPlans', language)}
          </Heading>
          <ListUnordered>
            {plan.otherPlans.map((other, i) => (
              <ListItem key={i}>{[other.name, other.holder, other.note].filter(Boolean).join(', ')}</ListItem>
            ))}
          </ListUnordered>
        </>
      )}
      <Paragraph>
        {t('view.period', { from: date(plan.periodFrom), to: date(plan.periodTo) })} {plan.nextReviewOn ? t('view.nextReview', { date: date(plan.nextReviewOn) }) : ''}
      </Paragraph>
    </div>
  );
}

/** What changed between two versions, in words: goals and measures added, removed and changed, and other parts changed. */
export function DiffView({ diff, headingLevel = 3 }: { diff: PlanDiff; headingLevel?: 2 | 3 | 4 }) {
  const t = usePlanText();
  const language = currentLanguage();
  const rows: { kind: 'added' | 'removed' | 'changed'; what: string; text: string; fields?: string }[] = [
    ...diff.goals.added.map((g) => ({ kind: 'added' as const, what: t('diff.goal'), text: g.goal ?? '' })),
    ...diff.goals.removed.map((g) => ({ kind: 'removed' as const, what: t('diff.goal'), text: g.goal ?? '' })),
    ...diff.goals.changed.map((c) => ({ kind: 'changed' as const, what: t('diff.goal'), text: t('diff.fromTo', { before: c.before.goal ?? '', after: c.after.goal ?? '' }) })),
    ...diff.measures.added.map((m) => ({ kind: 'added' as const, what: t('diff.measure'), text: m.what ?? '' })),
    ...diff.measures.removed.map((m) => ({ kind: 'removed' as const, what: t('diff.measure'), text: m.what ?? '' })),
    ...diff.measures.changed.map((c) => ({
      kind: 'changed' as const,
      what: t('diff.measure'),
      text: c.after.what ?? '',
      fields: c.fields.map((f) => `${planLabel(`measures.${f}`, language)}: ${changeText(c.before[f as keyof PlanMeasure], c.after[f as keyof PlanMeasure], f, language)}`).join('; '),
    })),
  ];
  const nothing = rows.length === 0 && diff.parts.length === 0;
  return (
    <div className="plan-diff">
      <Heading level={headingLevel} data-size="xs">
        {diff.from ? t('diff.heading', { from: diff.from, to: diff.to }) : t('diff.headingFirst', { to: diff.to })}
      </Heading>
      {nothing && <Paragraph>{t('diff.nothing')}</Paragraph>}
      {rows.length > 0 && (
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('diff.change')}</Table.HeaderCell>
              <Table.HeaderCell>{t('diff.what')}</Table.HeaderCell>
              <Table.HeaderCell>{t('diff.text')}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {rows.map((row, i) => (
              <Table.Row key={i}>
                <Table.Cell>
                  <Tag data-color={row.kind === 'added' ? 'success' : row.kind === 'removed' ? 'danger' : 'warning'}>{t(`diff.${row.kind}`)}</Tag>
                </Table.Cell>
                <Table.Cell>{row.what}</Table.Cell>
                <Table.Cell>
                  {row.text}
                  {row.fields && <div className="plan-diff__fields">{row.fields}</div>}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {diff.parts.length > 0 && <Paragraph>{t('diff.parts', { parts: diff.parts.map((p) => planLabel(p, language)).join(', ') })}</Paragraph>}
    </div>
  );
}

function changeText(before: unknown, after: unknown, field: string, language: Language): string {
  const show = (value: unknown) => {
    if (value === undefined || value === null || value === '') return '–';
    if (field === 'status') return optionText('measures.status', String(value), language);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, language);
    return String(value);
  };
  return `${show(before)} → ${show(after)}`;
}
