import './forms.css';
import { Button, Checkbox, Field as DsField, Fieldset, Heading, Label, Radio, Select, Textfield, ValidationMessage } from '@digdir/designsystemet-react';
import type { Field, FileField, GroupField, LocalizedText } from '@forms/types.js';
import { useFormikContext } from 'formik';
import { StaffUserInput } from './StaffUserInput.js';
import { use, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormFilesContext, FormSettingsContext, useFieldError, useFieldId } from './context.js';
import { getIn, isVisible, joinPath } from './paths.js';

type Values = Record<string, unknown>;

function useText(): (text: LocalizedText | undefined) => string {
  const { language } = use(FormSettingsContext);
  return (text) => (text ? text[language] : '');
}

/** The fields of a form module (or of a group in it), rendered with Designsystemet, bound to Formik. */
export function FormFields({ fields, prefix = '', headingLevel = 2 }: { fields: readonly Field[]; prefix?: string; headingLevel?: 2 | 3 | 4 }) {
  const { values } = useFormikContext<Values>();
  return (
    <div className="form-fields">
      {fields.map((field) =>
        isVisible(field, values, prefix, fields) && !field.shownBy ? (
          <FieldView key={field.name} field={field} path={joinPath(prefix, field.name)} headingLevel={headingLevel} siblings={fields} prefix={prefix} />
        ) : null,
      )}
    </div>
  );
}

function FieldView({ field, path, headingLevel, siblings, prefix }: { field: Field; path: string; headingLevel: 2 | 3 | 4; siblings: readonly Field[]; prefix: string }) {
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'tel':
    case 'date':
      return <TextInput field={field} path={path} />;
    case 'boolean':
      return field.display === 'checkbox' ? <CheckboxInput field={field} path={path} /> : <YesNoInput field={field} path={path} />;
    case 'choice':
      return field.display === 'select' ? <SelectInput field={field} path={path} /> : <RadioInput field={field} path={path} />;
    case 'multi-choice':
      return <MultiChoiceInput field={field} path={path} />;
    case 'group':
      return field.repeatable ? <RepeatableGroup field={field} path={path} headingLevel={headingLevel} /> : <Group field={field} path={path} headingLevel={headingLevel} />;
    case 'file':
      return <FileInput field={field} path={path} />;
    case 'staff-user':
      return <StaffUserInput field={field} path={path} siblings={siblings} prefix={prefix} />;
  }
}

function requiredMark(field: Field, t: (key: 'forms.optional') => string): string {
  return field.required ? '' : ` ${t('forms.optional')}`;
}

function TextInput({ field, path }: { field: Extract<Field, { type: 'text' | 'textarea' | 'email' | 'tel' | 'date' }>; path: string }) {
  const fieldId = useFieldId();
  const { values, handleBlur, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  const value = getIn(values, path);
  const common = {
    id: fieldId(path),
    name: path,
    label: `${text(field.label)}${requiredMark(field, t)}`,
    description: field.hint ? text(field.hint) : undefined,
    error,
    value: typeof value === 'string' ? value : '',
    onBlur: handleBlur,
    'aria-invalid': error ? true : undefined,
    required: field.required,
  } as const;
  if (field.type === 'textarea') {
    return (
      <Textfield
        {...common}
        multiline
        rows={5}
        onChange={(event: ChangeEvent<HTMLTextAreaElement>) => void setFieldValue(path, event.target.value, false)}
        {...(field.maxLength ? { counter: field.maxLength } : {})}
      />
    );
  }
  const type = field.type === 'text' ? 'text' : field.type;
  const autoComplete = field.type === 'email' ? 'email' : field.type === 'tel' ? 'tel' : undefined;
  return (
    <Textfield
      {...common}
      type={type}
      autoComplete={autoComplete}
      maxLength={field.type !== 'date' ? field.maxLength : undefined}
      onChange={(event: ChangeEvent<HTMLInputElement>) => void setFieldValue(path, event.target.value, false)}
    />
  );
}

function CheckboxInput({ field, path }: { field: Field; path: string }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const error = useFieldError(path);
  return (
    <Fieldset>
      <Checkbox
        id={fieldId(path)}
        name={path}
        label={text(field.label)}
        description={field.hint ? text(field.hint) : undefined}
        checked={getIn(values, path) === true}
        aria-invalid={error ? true : undefined}
        onChange={(event) => void setFieldValue(path, event.target.checked, false)}
      />
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}

function Choices({
  field,
  path,
  options,
}: {
  field: Field;
  path: string;
  options: readonly { value: string; label: string; description?: string; checked: boolean; onChange(): void }[];
}) {
  const fieldId = useFieldId();
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  return (
    <Fieldset id={`${fieldId(path)}-group`} aria-invalid={error ? true : undefined}>
      <Fieldset.Legend>{`${text(field.label)}${requiredMark(field, t)}`}</Fieldset.Legend>
      {field.hint && <Fieldset.Description>{text(field.hint)}</Fieldset.Description>}
      {options.map((option, index) => (
        <Radio
          key={option.value}
          id={index === 0 ? fieldId(path) : `${fieldId(path)}-${index}`}
          name={path}
          value={option.value}
          label={option.label}
          description={option.description}
          checked={option.checked}
          aria-invalid={error ? true : undefined}
          onChange={option.onChange}
        />
      ))}
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}

function RadioInput({ field, path }: { field: Extract<Field, { type: 'choice' }>; path: string }) {
  const { values, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const value = getIn(values, path);
  return (
    <Choices
      field={field}
      path={path}
      options={field.options.map((option) => ({
        value: option.value,
        label: text(option.label),
        ...(option.hint ? { description: text(option.hint) } : {}),
        checked: value === option.value,
        onChange: () => void setFieldValue(path, option.value, false),
      }))}
    />
  );
}

function YesNoInput({ field, path }: { field: Field; path: string }) {
  const { values, setFieldValue } = useFormikContext<Values>();
  const { t } = useTranslation();
  const value = getIn(values, path);
  return (
    <Choices
      field={field}
      path={path}
      options={[
        { value: 'true', label: t('forms.yes'), checked: value === true, onChange: () => void setFieldValue(path, true, false) },
        { value: 'false', label: t('forms.no'), checked: value === false, onChange: () => void setFieldValue(path, false, false) },
      ]}
    />
  );
}

function SelectInput({ field, path }: { field: Extract<Field, { type: 'choice' }>; path: string }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  const value = getIn(values, path);
  return (
    <DsField>
      <Label htmlFor={fieldId(path)}>{`${text(field.label)}${requiredMark(field, t)}`}</Label>
      {field.hint && <DsField.Description>{text(field.hint)}</DsField.Description>}
      <Select
        id={fieldId(path)}
        name={path}
        value={typeof value === 'string' ? value : ''}
        aria-invalid={error ? true : undefined}
        onChange={(event) => void setFieldValue(path, event.target.value === '' ? undefined : event.target.value, false)}
      >
        <Select.Option value="">{t('forms.choose')}</Select.Option>
        {field.options.map((option) => (
          <Select.Option key={option.value} value={option.value}>
            {text(option.label)}
          </Select.Option>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </DsField>
  );
}

function MultiChoiceInput({ field, path }: { field: Extract<Field, { type: 'multi-choice' }>; path: string }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  const raw = getIn(values, path);
  const selected = Array.isArray(raw) ? (raw as string[]) : [];
  return (
    <Fieldset id={`${fieldId(path)}-group`} aria-invalid={error ? true : undefined}>
      <Fieldset.Legend>{`${text(field.label)}${requiredMark(field, t)}`}</Fieldset.Legend>
      {field.hint && <Fieldset.Description>{text(field.hint)}</Fieldset.Description>}
      {field.options.map((option, index) => (
        <Checkbox
          key={option.value}
          id={index === 0 ? fieldId(path) : `${fieldId(path)}-${index}`}
          name={path}
          value={option.value}
          label={text(option.label)}
          checked={selected.includes(option.value)}
          aria-invalid={error ? true : undefined}
          onChange={(event) =>
            void setFieldValue(
              path,
              event.target.checked ? [...selected, option.value] : selected.filter((v) => v !== option.value),
              false,
            )
          }
        />
      ))}
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}

function Group({ field, path, headingLevel }: { field: GroupField; path: string; headingLevel: 2 | 3 | 4 }) {
  const fieldId = useFieldId();
  const text = useText();
  const error = useFieldError(path);
  return (
    <section className="form-group" aria-labelledby={`${fieldId(path)}-heading`}>
      <Heading level={headingLevel} data-size="xs" id={`${fieldId(path)}-heading`}>
        {text(field.label)}
      </Heading>
      {field.hint && <p className="form-group__hint">{text(field.hint)}</p>}
      {error && (
        <ValidationMessage id={fieldId(path)} tabIndex={-1}>
          {error}
        </ValidationMessage>
      )}
      <FormFields fields={field.fields} prefix={path} headingLevel={Math.min(headingLevel + 1, 4) as 3 | 4} />
    </section>
  );
}

function RepeatableGroup({ field, path, headingLevel }: { field: GroupField; path: string; headingLevel: 2 | 3 | 4 }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  const raw = getIn(values, path);
  const rows = Array.isArray(raw) ? (raw as unknown[]) : [];
  const canAdd = field.maxItems === undefined || rows.length < field.maxItems;
  const addRow = () => {
    void setFieldValue(path, [...rows, {}], false);
    // Move focus into the new row so that keyboard users continue where they are.
    window.setTimeout(() => {
      const first = field.fields[0];
      if (first) document.getElementById(fieldId(joinPath(joinPath(path, rows.length), first.name)))?.focus();
    }, 0);
  };
  const removeRow = (index: number) => {
    void setFieldValue(path, rows.filter((_, i) => i !== index), false);
    window.setTimeout(() => document.getElementById(`${fieldId(path)}-add`)?.focus(), 0);
  };
  const sub = Math.min(headingLevel + 1, 4) as 3 | 4;
  // A row is named by what it is ("Tjeneste 1"), not by the group's question.
  const item = text(field.itemLabel ?? field.label);
  const { language } = use(FormSettingsContext);
  return (
    <section className="form-group" aria-labelledby={`${fieldId(path)}-heading`}>
      <Heading level={headingLevel} data-size="xs" id={`${fieldId(path)}-heading`}>
        {`${text(field.label)}${requiredMark(field, t)}`}
      </Heading>
      {field.hint && <p className="form-group__hint">{text(field.hint)}</p>}
      {error && (
        <ValidationMessage id={fieldId(path)} tabIndex={-1}>
          {error}
        </ValidationMessage>
      )}
      {rows.map((_, index) => (
        <div className="form-row" key={index} role="group" aria-label={`${item} ${index + 1}`}>
          <Heading level={sub} data-size="2xs">
            {`${item} ${index + 1}`}
          </Heading>
          <FormFields fields={field.fields} prefix={joinPath(path, index)} headingLevel={Math.min(sub + 1, 4) as 4} />
          <Button type="button" variant="tertiary" data-size="sm" onClick={() => removeRow(index)}>
            {t('forms.removeRow', { name: `${item.toLocaleLowerCase(language)} ${index + 1}` })}
          </Button>
        </div>
      ))}
      {canAdd && (
        <Button type="button" variant="secondary" id={`${fieldId(path)}-add`} onClick={addRow}>
          {field.addLabel ? text(field.addLabel) : t('forms.addRow')}
        </Button>
      )}
    </section>
  );
}

function FileInput({ field, path }: { field: FileField; path: string }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const files = use(FormFilesContext);
  const text = useText();
  const { t } = useTranslation();
  const error = useFieldError(path);
  const current = getIn(values, path) as { name?: string; size?: number } | undefined;
  const hasFile = current?.name !== undefined && files.get(path) !== undefined;
  return (
    <DsField>
      <Label htmlFor={fieldId(path)}>{`${text(field.label)}${requiredMark(field, t)}`}</Label>
      {field.hint && <DsField.Description>{text(field.hint)}</DsField.Description>}
      <input
        className="form-file"
        id={fieldId(path)}
        name={path}
        type="file"
        accept={field.accept.join(',')}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          const file = event.target.files?.[0];
          files.set(path, file);
          const type = file ? file.type || (file.name.toLowerCase().endsWith('.pdf') ? 'application/pdf' : 'application/octet-stream') : undefined;
          void setFieldValue(path, file ? { name: file.name, size: file.size, type } : undefined, false);
        }}
      />
      {hasFile && <p className="form-file__chosen">{t('forms.fileChosen', { name: current?.name ?? '', size: Math.ceil((current?.size ?? 0) / 1024) })}</p>}
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </DsField>
  );
}
