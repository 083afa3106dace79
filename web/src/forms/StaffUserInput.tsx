import type { StaffUser } from '@contract/tasks.js';
import { Card, Field as DsField, Fieldset, Heading, Label, Paragraph, Radio, Select, Spinner, ValidationMessage } from '@digdir/designsystemet-react';
import type { Field, StaffUserField } from '@forms/types.js';
import { useFormikContext } from 'formik';
import { use, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormSettingsContext, useFieldError, useFieldId } from './context.js';
import { getIn, joinPath } from './paths.js';
import { staffUsers } from './staffUsers.js';

type Values = Record<string, unknown>;
type UsersState = { status: 'loading' } | { status: 'failed' } | { status: 'ready'; users: StaffUser[] };

/**
 * Chooses a member of staff from the unit's users with the field's role (coordinators with their
 * number of open cases, for fair appointments), or a responsibility group member, instead of
 * typing a user id, a name and an e-mail. The value of the `beside` field (the person's wish) is
 * shown next to the list.
 */
export function StaffUserInput({ field, path, siblings, prefix }: { field: StaffUserField; path: string; siblings: readonly Field[]; prefix: string }) {
  const fieldId = useFieldId();
  const { values, setFieldValue } = useFormikContext<Values>();
  const { language } = use(FormSettingsContext);
  const { t } = useTranslation();
  const error = useFieldError(path);
  const [users, setUsers] = useState<UsersState>({ status: 'loading' });
  const chosen = getIn(values, path);

  useEffect(() => {
    let live = true;
    staffUsers(field.role).then(
      (list) => live && setUsers(list ? { status: 'ready', users: list } : { status: 'failed' }),
      () => live && setUsers({ status: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [field.role]);

  const choose = (user: StaffUser) => {
    void setFieldValue(path, user.id, false);
    if (field.fills?.name) void setFieldValue(joinPath(prefix, field.fills.name), user.name, false);
    if (field.fills?.email) void setFieldValue(joinPath(prefix, field.fills.email), user.email ?? undefined, false);
  };

  const besideField = field.beside ? siblings.find((sibling) => sibling.name === field.beside) : undefined;
  const besideValue = field.beside ? getIn(values, joinPath(prefix, field.beside)) : undefined;
  const wish = typeof besideValue === 'string' && besideValue.trim() !== '' ? besideValue : null;
  // A chosen user no longer in the list (deactivated since the draft was saved) is still named.
  const chosenName = field.fills?.name ? getIn(values, joinPath(prefix, field.fills.name)) : undefined;
  const missing = users.status === 'ready' && typeof chosen === 'string' && chosen !== '' && !users.users.some((user) => user.id === chosen);

  if (field.display === 'select') {
    const list = users.status === 'ready' ? users.users : [];
    return (
      <DsField className="staff-user">
        <Label htmlFor={fieldId(path)}>{`${field.label[language]}${field.required ? '' : ` ${t('forms.optional')}`}`}</Label>
        {field.hint && <DsField.Description>{field.hint[language]}</DsField.Description>}
        <Select
          id={fieldId(path)}
          name={path}
          value={typeof chosen === 'string' ? chosen : ''}
          aria-invalid={error ? true : undefined}
          aria-busy={users.status === 'loading' || undefined}
          onChange={(event) => {
            const user = list.find((candidate) => candidate.id === event.target.value);
            if (user) choose(user);
            else void setFieldValue(path, undefined, false);
          }}
        >
          <Select.Option value="">{field.required ? t('forms.choose') : t('staff.picker.notUser')}</Select.Option>
          {list.map((user) => (
            <Select.Option key={user.id} value={user.id}>
              {user.name}
            </Select.Option>
          ))}
          {missing && <Select.Option value={String(chosen)}>{t('staff.picker.chosenMissing', { name: typeof chosenName === 'string' ? chosenName : String(chosen) })}</Select.Option>}
        </Select>
        {users.status === 'failed' && <ValidationMessage>{t('staff.picker.failed')}</ValidationMessage>}
        {error && <ValidationMessage>{error}</ValidationMessage>}
      </DsField>
    );
  }

  return (
    <div className={besideField ? 'staff-user staff-user--beside' : 'staff-user'}>
      <Fieldset id={`${fieldId(path)}-group`} aria-invalid={error ? true : undefined} aria-busy={users.status === 'loading' || undefined}>
        <Fieldset.Legend>{`${field.label[language]}${field.required ? '' : ` ${t('forms.optional')}`}`}</Fieldset.Legend>
        {field.hint && <Fieldset.Description>{field.hint[language]}</Fieldset.Description>}
        {users.status === 'loading' && <Spinner aria-label={t('staff.picker.loading')} data-size="sm" />}
        {users.status === 'failed' && <ValidationMessage>{t('staff.picker.failed')}</ValidationMessage>}
        {users.status === 'ready' && users.users.length === 0 && <Paragraph>{t('staff.picker.none')}</Paragraph>}
        {users.status === 'ready' &&
          users.users.map((user, index) => (
            <Radio
              key={user.id}
              id={index === 0 ? fieldId(path) : `${fieldId(path)}-${index}`}
              name={path}
              value={user.id}
              label={user.name}
              description={[field.role === 'coordinator' ? t('staff.picker.openCases', { count: user.openCases }) : null, user.email].filter(Boolean).join(' · ')}
              checked={chosen === user.id}
              aria-invalid={error ? true : undefined}
              onChange={() => choose(user)}
            />
          ))}
        {missing && <Paragraph data-size="sm">{t('staff.picker.chosenMissing', { name: typeof chosenName === 'string' ? chosenName : String(chosen) })}</Paragraph>}
        {error && <ValidationMessage>{error}</ValidationMessage>}
      </Fieldset>
      {besideField && (
        <Card data-color="info" className="staff-user__beside" data-testid="staff-user-beside">
          <Heading level={3} data-size="2xs">
            {besideField.label[language]}
          </Heading>
          <Paragraph className="staff-user__wish">{wish ?? t('staff.picker.noWish')}</Paragraph>
        </Card>
      )}
    </div>
  );
}
