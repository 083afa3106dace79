import type { AnyObjectSchema, InferType } from 'yup';

/** The languages every form text exists in; nb is the default. */
export const languages = ['nb', 'nn', 'en'] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = 'nb';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/** One text in every supported language. */
export type LocalizedText = Readonly<Record<Language, string>>;

export interface FieldOption<V extends string = string> {
  readonly value: V;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText;
}

/** Show a field only when another field (a sibling path) has one of the given values. */
export interface VisibleWhen {
  readonly field: string;
  readonly in: readonly (string | number | boolean)[];
}

interface FieldBase {
  /** Property name in the form data; nested fields are addressed as `group[0].name`. */
  readonly name: string;
  readonly label: LocalizedText;
  readonly hint?: LocalizedText;
  /** Shown as required in the UI; the schema is the authority. */
  readonly required?: boolean;
  readonly visibleWhen?: VisibleWhen;
  /**
   * Not an input of its own: the field of this name shows (and, for a staff-user field, fills) its
   * value, e.g. the coordinator's name beside the picker that chose them.
   */
  readonly shownBy?: string;
}

export interface TextField extends FieldBase {
  readonly type: 'text' | 'textarea' | 'email' | 'tel';
  readonly maxLength?: number;
}

/** A calendar date, kept as an ISO 8601 string `YYYY-MM-DD` in form data. */
export interface DateField extends FieldBase {
  readonly type: 'date';
}

/** Yes/no: `checkbox` for a confirmation, `yes-no` for a radio pair. */
export interface BooleanField extends FieldBase {
  readonly type: 'boolean';
  readonly display: 'checkbox' | 'yes-no';
}

export interface ChoiceField extends FieldBase {
  readonly type: 'choice';
  readonly display: 'radio' | 'select';
  readonly options: readonly FieldOption[];
}

export interface MultiChoiceField extends FieldBase {
  readonly type: 'multi-choice';
  readonly options: readonly FieldOption[];
}

/** A group of fields; `repeatable` groups are arrays in the form data (add/remove rows). */
export interface GroupField extends FieldBase {
  readonly type: 'group';
  readonly repeatable: boolean;
  readonly fields: readonly Field[];
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Text of the "add another" button of a repeatable group. */
  readonly addLabel?: LocalizedText;
  /**
   * What one row of a repeatable group is, as a noun ("Tjeneste"): rows are headed "Tjeneste 1",
   * and their remove buttons read "Fjern tjeneste 1". Every repeatable group has one.
   */
  readonly itemLabel?: LocalizedText;
}

/**
 * A file to upload. The form data holds its description `{ name, size, type }` (validated by the
 * schema in the browser and again on the server); the bytes travel beside the data (multipart).
 */
export interface FileField extends FieldBase {
  readonly type: 'file';
  /** Accepted MIME types, e.g. application/pdf. */
  readonly accept: readonly string[];
  readonly maxBytes: number;
}

/** The roles a staff-user field can choose among (`GET /api/staff/users?role=`). */
export const staffUserRoles = ['coordinator', 'ke-caseworker', 'group-member'] as const;
export type StaffUserRole = (typeof staffUserRoles)[number];

/**
 * A user of the product chosen from a list (not typed): a member of staff of the signed-in user's
 * unit, or any active responsibility group member (they belong to no unit). The form data holds
 * their user id. `fills` names fields that take the chosen user's name and e-mail (for an
 * appointment the server sets them again from the user record); `beside` names a field whose value
 * is shown beside the list, such as the person's own wish. `select` shows a drop-down, for long
 * lists; a field that is not required then offers "none" first.
 */
export interface StaffUserField extends FieldBase {
  readonly type: 'staff-user';
  readonly role: StaffUserRole;
  readonly display?: 'radio' | 'select';
  readonly fills?: { readonly name?: string; readonly email?: string };
  readonly beside?: string;
}

export type Field = TextField | DateField | BooleanField | ChoiceField | MultiChoiceField | GroupField | FileField | StaffUserField;

/** Message keys a schema may use, with their texts. Placeholders: `{max}`, `{min}`. */
export type MessageTexts = Readonly<Record<string, LocalizedText>>;

/**
 * One form, shared by the browser (Formik renders `fields`, validates with `schema`) and the
 * server (validates the same data with the same `schema` before the engine sees it).
 * Schemas carry message keys, never prose: `formErrors()` in ./messages.ts turns a
 * ValidationError into localized `{ field, message }` entries.
 */
export interface FormDefinition<S extends AnyObjectSchema = AnyObjectSchema> {
  /** The BPMN `camunda:formKey` and the module name in forms/. */
  readonly key: string;
  /**
   * The process variable the completed data is stored under, so BPMN conditions can read it,
   * e.g. `${environment.variables.assessment.decision == 'reject'}`.
   */
  readonly variable: string;
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly fields: readonly Field[];
  readonly schema: S;
  /** Form-specific message keys (common keys live in ./messages.ts). */
  readonly messages?: MessageTexts;
  /** A valid, fictional example of the form data (documentation, tests, demo data). */
  readonly example: InferType<S>;
}

/** Typed identity helper: checks a form literal against FormDefinition and keeps its schema type. */
export function defineForm<S extends AnyObjectSchema>(form: FormDefinition<S>): FormDefinition<S> {
  return form;
}

/** Shorthand for a LocalizedText: bokmål, nynorsk, English. */
export function l10n(nb: string, nn: string, en: string): LocalizedText {
  return { nb, nn, en };
}
