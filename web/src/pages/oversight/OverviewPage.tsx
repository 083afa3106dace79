import { Button, Heading, Link, Paragraph, Textfield } from '@digdir/designsystemet-react';
import type { Figure, OverviewAnswer } from '@contract/overview.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { formatDate } from '../../i18n/dates.js';
import { useOversightText } from '../../i18n/namespaces.js';
import { useApi } from '../../app/useApi.js';
import { staffStageText } from '../staff-cases/text.js';
import { FigureTable } from './FigureTable.js';
import { LoadNotice, queryOf } from './shared.js';
import './oversight.css';

/**
 * The coordinating unit's overview (`/oversikt`) for its KE case workers and lead: what needs
 * attention now and figures for a period, every number a link to the case list behind it
 * (`/saker?flag=…`), with a CSV download. The period lives in the URL.
 */
export function OverviewPage() {
  const text = useOversightText();
  const { t, i18n } = useTranslation();
  const day = (iso: string) => formatDate(iso, i18n.resolvedLanguage);
  useDocumentTitle(text('overview.title'));
  const [params, setParams] = useSearchParams();
  const settings = { from: params.get('from') ?? '', to: params.get('to') ?? '', at: params.get('at') ?? '', inactiveDays: params.get('inactiveDays') ?? '' };
  const query = queryOf(settings);
  const { state } = useApi<OverviewAnswer>(`/api/overview${query}`);
  const answer = state.status === 'ready' ? state.data : null;
  const [form, setForm] = useState(settings);
  useEffect(() => {
    if (answer) setForm({ from: answer.period.from, to: answer.period.to, at: answer.period.at, inactiveDays: String(answer.settings.inactiveDays) });
  }, [answer]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of Object.entries(form)) if (value) next.set(key, value);
    setParams(next);
  };

  const card = (id: string, label: string, figure: Figure, detail?: string) => (
    <li className="oversight__card" key={id}>
      <Paragraph id={`overview-${id}`} data-size="sm">
        {label}
      </Paragraph>
      <Link asChild>
        <RouterLink to={figure.link} aria-describedby={`overview-${id}`} data-testid={`overview-${id}`}>
          <span className="oversight__number">{figure.count}</span> <span>{text('overview.showList')}</span>
        </RouterLink>
      </Link>
      {detail && <Paragraph data-size="sm">{detail}</Paragraph>}
    </li>
  );

  return (
    <div className="oversight">
      <Heading level={1} data-size="lg">
        {text('overview.title')}
      </Heading>
      <Paragraph>{text('overview.intro')}</Paragraph>
      <LoadNotice state={state} text={text} />
      {answer && (
        <>
          <section aria-labelledby="overview-now">
            <Heading level={2} data-size="md" id="overview-now">
              {text('overview.now')}
            </Heading>
            <ul className="oversight__cards">
              {card('open', text('overview.openCases'), answer.openCases)}
              {card(
                'waiting-assessment',
                text('overview.waitingAssessment'),
                answer.waitingAssessment,
                answer.waitingAssessment.oldestDays !== null ? text('overview.waitingDetail', { oldest: answer.waitingAssessment.oldestDays, median: answer.waitingAssessment.medianDays ?? 0 }) : undefined,
              )}
              {card('interim-reply-due', text('overview.interimRepliesDue', { days: answer.settings.interimReplyDays }), answer.interimRepliesDue)}
              {card('no-coordinator', text('overview.withoutCoordinator'), answer.withoutCoordinator)}
              {card('review-overdue', text('overview.reviewOverdue'), answer.reviewOverdue)}
              {card('review-due-soon', text('overview.reviewDueSoon', { days: answer.settings.reviewSoonDays }), answer.reviewDueSoon)}
              {card('inactive', text('overview.inactive', { days: answer.settings.inactiveDays }), answer.inactive)}
              {card('closed', text('overview.closedCases'), answer.closedCases)}
            </ul>
          </section>

          <section aria-labelledby="overview-stages">
            <Heading level={2} data-size="md" id="overview-stages">
              {text('overview.byStage')}
            </Heading>
            <FigureTable
              labelColumn={text('overview.stageColumn')}
              valueColumn={text('overview.countColumn')}
              rows={answer.byStage.map((row) => ({ key: row.stage, label: staffStageText(t, row.stage), link: row.link, value: row.count }))}
            />
          </section>

          <section aria-labelledby="overview-coordinators">
            <Heading level={2} data-size="md" id="overview-coordinators">
              {text('overview.coordinators')}
            </Heading>
            <Paragraph>{text('overview.coordinatorsIntro')}</Paragraph>
            {answer.coordinators.length === 0 ? (
              <Paragraph>{text('overview.noCoordinators')}</Paragraph>
            ) : (
              <FigureTable
                labelColumn={text('overview.coordinatorColumn')}
                valueColumn={text('overview.openCasesColumn')}
                rows={answer.coordinators.map((row) => ({ key: row.id, label: row.name, link: row.link, value: row.count }))}
              />
            )}
          </section>

          <section aria-labelledby="overview-period">
            <Heading level={2} data-size="md" id="overview-period">
              {text('overview.period')}
            </Heading>
            <Paragraph>{text('overview.periodIntro')}</Paragraph>
            <form className="oversight__form" onSubmit={submit}>
              {(['from', 'to', 'at'] as const).map((key) => (
                <Textfield key={key} id={`overview-${key}`} label={text(`overview.${key}`)} type="date" value={form[key]} onChange={(event) => setForm({ ...form, [key]: event.target.value })} />
              ))}
              <Textfield
                id="overview-inactive-days"
                label={text('overview.inactiveDays')}
                type="number"
                min={1}
                max={3650}
                value={form.inactiveDays}
                onChange={(event) => setForm({ ...form, inactiveDays: event.target.value })}
              />
              <Button type="submit">{text('overview.update')}</Button>
            </form>
            <FigureTable
              caption={text('overview.figureCaption', { from: day(answer.period.from), to: day(answer.period.to) })}
              labelColumn={text('overview.figureColumn')}
              valueColumn={text('overview.valueColumn')}
              rows={[
                { key: 'received', label: text('overview.received'), link: answer.period.received.link, value: answer.period.received.count },
                { key: 'granted', label: text('overview.granted'), link: answer.period.granted.link, value: answer.period.granted.count },
                { key: 'rejected', label: text('overview.rejected'), link: answer.period.rejected.link, value: answer.period.rejected.count },
                {
                  key: 'median-days',
                  label: text('overview.medianDays'),
                  link: answer.period.medianDaysToCoordinator.link,
                  value:
                    answer.period.medianDaysToCoordinator.days === null
                      ? text('overview.noMedian')
                      : text('overview.medianValue', { days: answer.period.medianDaysToCoordinator.days, count: answer.period.medianDaysToCoordinator.count }),
                },
                { key: 'active-plans', label: text('overview.peopleWithActivePlan', { at: day(answer.period.at) }), link: answer.period.peopleWithActivePlan.link, value: answer.period.peopleWithActivePlan.count },
              ]}
            />
            <Paragraph>
              <Link href={`/api/overview${queryOf({ ...settings, format: 'csv' })}`} download>
                {text('overview.download')}
              </Link>
            </Paragraph>
          </section>
        </>
      )}
    </div>
  );
}
