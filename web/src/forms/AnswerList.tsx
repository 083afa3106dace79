import type { Field, Language, LocalizedText } from '@forms/types.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getIn, isVisible, joinPath } from './paths.js';

/**
 * Form data shown read-only with the form's own labels (a submitted request, a completed task's
 * answer). `skip` leaves out top-level fields shown elsewhere.
 */
export function AnswerList({
  fields,
  values,
  language,
  notAnswered,
  prefix = '',
  skip = [],
}: {
  fields: readonly Field[];
  values: unknown;
  language: Language;
  notAnswered: string;
  prefix?: string;
  skip?: readonly string[];
}) {
  const { t } = useTranslation();
  const text = (l: LocalizedText | undefined) => (l ? l[language] : '');
  const items = fields.filter((field) => !skip.includes(field.name) && isVisible(field, values, prefix, fields));
  return (
    <dl className="answer-list">
      {items.map((field) => {
        const path = joinPath(prefix, field.name);
        const value = getIn(values, path);
        let shown: ReactNode;
        if (field.type === 'group' && !field.repeatable) {
          shown = <AnswerList fields={field.fields} values={values} prefix={path} language={language} notAnswered={notAnswered} />;
        } else if (field.type === 'group') {
          const rows = Array.isArray(value) ? value : [];
          shown =
            rows.length === 0 ? (
              notAnswered
            ) : (
              <ol className="answer-list__rows">
                {rows.map((_, i) => (
                  <li key={i}>
                    <AnswerList fields={field.fields} values={values} prefix={joinPath(path, i)} language={language} notAnswered={notAnswered} />
                  </li>
                ))}
              </ol>
            );
        } else if (field.type === 'choice') {
          shown = text(field.options.find((o) => o.value === value)?.label) || notAnswered;
        } else if (field.type === 'multi-choice') {
          const chosen = Array.isArray(value) ? field.options.filter((o) => (value as unknown[]).includes(o.value)) : [];
          shown = chosen.length > 0 ? chosen.map((o) => text(o.label)).join(', ') : notAnswered;
        } else if (field.type === 'boolean') {
          shown = value === true ? t('forms.yes') : value === false ? t('forms.no') : notAnswered;
        } else if (field.type === 'file') {
          shown = (value as { name?: string } | undefined)?.name ?? notAnswered;
        } else {
          shown = typeof value === 'string' && value.trim() !== '' ? value : notAnswered;
        }
        return (
          <div key={path} className="answer-list__item">
            <dt>{text(field.label)}</dt>
            <dd>{shown}</dd>
          </div>
        );
      })}
    </dl>
  );
}
