import type { Field, Language, LocalizedText } from '@forms/types.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { getIn, isVisible, joinPath } from '../../forms/paths.js';
import { formatDate } from '../../i18n/dates.js';

type Values = Record<string, unknown>;

/**
 * The answers of one step of the request form, as the person gave them: on the review page before
 * sending, and on the case page afterwards (the request as it was signed). A step that is one
 * group shows the group's answers directly, under the step's heading.
 */
export function StepAnswers({ fields, values, language }: { fields: readonly Field[]; values: Values; language: Language }) {
  const only = fields.length === 1 && fields[0]?.type === 'group' && !fields[0].repeatable ? fields[0] : undefined;
  if (only?.type === 'group') return <AnswerList fields={only.fields} values={values} prefix={only.name} language={language} />;
  return <AnswerList fields={fields} values={values} prefix="" language={language} />;
}

function AnswerList({ fields, values, prefix, language }: { fields: readonly Field[]; values: Values; prefix: string; language: Language }) {
  const { t } = useTranslation();
  const text = (l: LocalizedText | undefined) => (l ? l[language] : '');
  // A chosen user is an id: the fields it filled (a name, an e-mail) say who it is.
  const items = fields.filter((field) => field.type !== 'staff-user' && isVisible(field, values, prefix, fields));
  return (
    <dl className="answer-list">
      {items.map((field) => {
        const path = joinPath(prefix, field.name);
        const value = getIn(values, path);
        let shown: ReactNode;
        if (field.type === 'group' && !field.repeatable) {
          shown = <AnswerList fields={field.fields} values={values} prefix={path} language={language} />;
        } else if (field.type === 'group') {
          const rows = Array.isArray(value) ? value : [];
          shown =
            rows.length === 0 ? (
              t('request.notAnswered')
            ) : (
              <ol className="answer-list__rows">
                {rows.map((_, i) => (
                  <li key={i}>
                    <AnswerList fields={field.fields} values={values} prefix={joinPath(path, i)} language={language} />
                  </li>
                ))}
              </ol>
            );
        } else if (field.type === 'choice') {
          shown = text(field.options.find((o) => o.value === value)?.label) || t('request.notAnswered');
        } else if (field.type === 'multi-choice') {
          const chosen = Array.isArray(value) ? field.options.filter((o) => (value as unknown[]).includes(o.value)) : [];
          shown = chosen.length > 0 ? chosen.map((o) => text(o.label)).join(', ') : t('request.notAnswered');
        } else if (field.type === 'boolean') {
          shown = value === true ? t('forms.yes') : value === false ? t('forms.no') : t('request.notAnswered');
        } else if (field.type === 'date') {
          shown = typeof value === 'string' && value !== '' ? formatDate(value, language) : t('request.notAnswered');
        } else if (field.type === 'file') {
          shown = (value as { name?: string } | undefined)?.name ?? t('request.notAnswered');
        } else {
          shown = typeof value === 'string' && value.trim() !== '' ? value : t('request.notAnswered');
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
