import { requestForm } from '@forms/request.js';
import type { Field, Language } from '@forms/types.js';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/dates.js';

const present = (value: unknown) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

/** The request's data as the person filled it in, every field under its label from forms/request.ts. */
export function RequestView({ data, language }: { data: Readonly<Record<string, unknown>>; language: Language }) {
  return <Values fields={requestForm.fields} data={data} language={language} />;
}

function Values({ fields, data, language }: { fields: readonly Field[]; data: Readonly<Record<string, unknown>>; language: Language }) {
  const shown = fields.filter((field) => present(data[field.name]));
  if (shown.length === 0) return null;
  return (
    <dl className="staff-case__values">
      {shown.map((field) => (
        <div key={field.name} className="staff-case__value">
          <dt>{field.label[language]}</dt>
          <dd>
            <Value field={field} value={data[field.name]} language={language} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Value({ field, value, language }: { field: Field; value: unknown; language: Language }) {
  const { t } = useTranslation();
  switch (field.type) {
    case 'group':
      if (field.repeatable && Array.isArray(value)) {
        return (
          <ol className="staff-case__rows">
            {value.map((item, index) => (
              <li key={index}>
                <Values fields={field.fields} data={(item ?? {}) as Record<string, unknown>} language={language} />
              </li>
            ))}
          </ol>
        );
      }
      return <Values fields={field.fields} data={(value ?? {}) as Record<string, unknown>} language={language} />;
    case 'choice':
      return <>{field.options.find((o) => o.value === value)?.label[language] ?? String(value)}</>;
    case 'multi-choice':
      return <>{(Array.isArray(value) ? value : [value]).map((v) => field.options.find((o) => o.value === v)?.label[language] ?? String(v)).join(', ')}</>;
    case 'boolean':
      return <>{value === true ? t('staffCases.yes') : t('staffCases.no')}</>;
    case 'date':
      return <>{formatDate(String(value), language)}</>;
    case 'file':
      return <>{(value as { name?: string }).name ?? ''}</>;
    default:
      return <span className="staff-case__text">{String(value)}</span>;
  }
}
