import { useTranslation } from 'react-i18next';
import './plan.css';
import type { PlanMeasure, PlanReading } from '@contract/plan.js';
import { Alert, Button, Field, Heading, Label, Link, Paragraph, Select, Spinner, Textfield } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { paths } from '../../app/routes.js';
import { useDocumentTitle } from '../../app/useDocumentTitle.js';
import { currentLanguage } from '../../i18n/i18n.js';
import { getReading, pdfHref, reportMeasure } from './api.js';
import { PlanView } from './PlanView.js';
import { choiceOptions } from './text.js';
import { usePlanText } from '../../i18n/namespaces.js';

/** One plan as a responsibility group member reads it: the approved version, their own measures marked, with a report form on each. */
export function MemberPlanPage() {
  const t = usePlanText();
  const { t: tc } = useTranslation();
  const { id = '' } = useParams();
  const [reading, setReading] = useState<PlanReading | null | 'missing'>(null);
  useDocumentTitle(reading && reading !== 'missing' ? t('member.planFor', { name: reading.personName }) : t('member.title'));
  const load = useCallback(async () => {
    const response = await getReading(id);
    setReading(response.body ?? 'missing');
  }, [id]);
  useEffect(() => void load(), [load]);

  return (
    <div className="app-prose plan-member">
      <Paragraph data-size="sm">
        <Link asChild>
          <RouterLink to={paths.memberPlans}>{t('member.back')}</RouterLink>
        </Link>
      </Paragraph>
      {reading === null && <Spinner aria-label={tc('common.loading')} />}
      {reading === 'missing' && (
        <>
          <Heading level={1} data-size="lg">
            {t('member.title')}
          </Heading>
          <Alert data-color="warning">{t('member.missing')}</Alert>
        </>
      )}
      {reading && reading !== 'missing' && (
        <>
          <Heading level={1} data-size="lg">
            {t('member.planFor', { name: reading.personName })}
          </Heading>
          {!reading.version ? (
            <Paragraph>{t('member.notApprovedYet')}</Paragraph>
          ) : (
            <>
              <Paragraph>
                {t('member.versionLine', { number: reading.version.number, caseNumber: reading.caseNumber })} <Link href={pdfHref(id, reading.version.number)}>{t('member.pdf')}</Link>
              </Paragraph>
              <PlanView
                plan={reading.version.content}
                headingLevel={2}
                ownMeasureIds={reading.ownMeasureIds}
                reports={reading.reports}
                measureExtra={(measure) => (reading.ownMeasureIds.includes(measure.id) ? <ReportForm caseId={id} measure={measure} onDone={load} /> : null)}
              />
            </>
          )}
        </>
      )}
    </div>
  );
}

function ReportForm({ caseId, measure, onDone }: { caseId: string; measure: PlanMeasure; onDone: () => Promise<void> }) {
  const t = usePlanText();
  const language = currentLanguage();
  const [status, setStatus] = useState(measure.status ?? 'planned');
  const [note, setNote] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await reportMeasure(caseId, measure.id, { status, ...(note.trim() ? { note } : {}) });
    if (result.ok) {
      setNote('');
      setMessage({ ok: true, text: t('member.reported') });
      await onDone();
    } else setMessage({ ok: false, text: result.message });
  };
  return (
    <form onSubmit={submit} className="plan-member__report" aria-label={t('member.reportFor', { what: measure.what ?? '' })}>
      <Field>
        <Label htmlFor={`report-${measure.id}-status`}>{t('member.status')}</Label>
        <Select id={`report-${measure.id}-status`} value={status} onChange={(e: ChangeEvent<HTMLSelectElement>) => setStatus(e.target.value as typeof status)}>
          {choiceOptions('plan', 'measures.status', language).map((o) => (
            <Select.Option key={o.value} value={o.value}>
              {o.label}
            </Select.Option>
          ))}
        </Select>
      </Field>
      <Textfield id={`report-${measure.id}-note`} label={t('member.note')} multiline rows={2} value={note} onChange={(e: ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)} />
      <Button type="submit" variant="secondary" data-size="sm">
        {t('member.report')}
      </Button>
      <div role="status" aria-live="polite">
        {message && <Paragraph data-size="sm">{message.text}</Paragraph>}
      </div>
    </form>
  );
}
