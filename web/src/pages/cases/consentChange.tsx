import { Heading, ListItem, ListUnordered, Paragraph } from '@digdir/designsystemet-react';
import { consentChange, isNoChange, serviceProviderOptions, type ConsentChange, type ConsentState } from '@forms/consent.js';
import type { TFunction } from 'i18next';
import { useFormikContext } from 'formik';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n/i18n.js';
import { formatDate } from '../../i18n/dates.js';
import type { CaseDetail } from '@contract/cases.js';

/** The consent given now as the consent form's starting values: changing it starts from what is given. */
export function consentFormValues(consent: CaseDetail['consent']): Record<string, unknown> {
  if (!consent.active) return {};
  return {
    given: true,
    sharing: consent.sharing.map((share) => ({ party: share.party, information: [...share.information] })),
    duration: consent.validUntil ? 'until-date' : 'until-withdrawn',
    ...(consent.validUntil ? { validUntil: consent.validUntil } : {}),
  };
}

/** What a change of consent changes, in lines the person reads (the form's preview and the case history). */
export function consentChangeLines(t: TFunction, change: ConsentChange, language: string | undefined): string[] {
  const party = (value: string) => serviceProviderOptions.find((option) => option.value === value)?.label[currentLanguage()] ?? value;
  const list = (values: readonly string[]) => values.map(party).join(', ');
  const until = (date: string | null) => (date ? formatDate(date, language) : t('cases.consentChange.untilWithdrawn'));
  return [
    change.removed.length > 0 ? t('cases.consentChange.removed', { list: list(change.removed) }) : undefined,
    change.added.length > 0 ? t('cases.consentChange.added', { list: list(change.added) }) : undefined,
    change.changed.length > 0 ? t('cases.consentChange.changed', { list: list(change.changed) }) : undefined,
    change.validUntil ? t('cases.consentChange.validUntil', { to: until(change.validUntil.to), from: until(change.validUntil.from) }) : undefined,
  ].filter((line): line is string => line !== undefined);
}

/** Inside the consent form: what saving would change, compared with the consent given now, as the person edits. */
export function ConsentChangePreview({ current }: { current: CaseDetail['consent'] }) {
  const { t, i18n } = useTranslation();
  const { values } = useFormikContext<Record<string, unknown>>();
  const rows = Array.isArray(values.sharing) ? (values.sharing as { party?: unknown; information?: unknown }[]) : [];
  const given = values.given === true;
  const next: ConsentState = {
    given,
    sharing: rows
      .filter((row): row is { party: string; information?: unknown } => typeof row.party === 'string' && row.party !== '')
      .map((row) => ({ party: row.party, information: Array.isArray(row.information) ? (row.information as string[]) : [] })),
    validUntil: values.duration === 'until-date' && typeof values.validUntil === 'string' && values.validUntil !== '' ? values.validUntil : null,
  };
  const change = consentChange({ given: current.active, sharing: current.sharing, validUntil: current.validUntil }, next);
  const declined = current.active && values.given === false;
  const lines = declined ? [t('cases.consentChange.declined')] : consentChangeLines(t, change, i18n.resolvedLanguage);
  return (
    <div className="consent-change" aria-live="polite" data-testid="consent-change-preview">
      <Heading level={3} data-size="2xs">
        {t('cases.consentChange.heading')}
      </Heading>
      {lines.length === 0 || (isNoChange(change) && !declined) ? (
        <Paragraph data-size="sm">{t('cases.consentChange.none')}</Paragraph>
      ) : (
        <ListUnordered>
          {lines.map((line) => (
            <ListItem key={line}>{line}</ListItem>
          ))}
        </ListUnordered>
      )}
    </div>
  );
}
