import * as yup from 'yup';

/**
 * Schema building blocks shared by the forms. Every message is a key (see ./messages.ts).
 * Dates are ISO 8601 calendar dates (`YYYY-MM-DD`) so that browser and server agree.
 *
 * Strict about types: a boolean is a boolean and text is text. yup converts by default (`"false"`
 * becomes false, `1` true, `123` "123"); these helpers undo the conversion, so that a value of the
 * wrong type is refused with its own message instead of being stored as something else. An empty
 * string still counts as missing, as a browser sends for an untouched field.
 */

/** yup's own conversion undone: the value as it was sent, unless it already had the right type. */
function sentAs(type: 'string' | 'boolean' | 'number') {
  return (value: unknown, original: unknown) => {
    if (original === '' && type !== 'string') return undefined;
    return typeof original === type ? value : original;
  };
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value);
  if (!match) return false;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** A calendar date string; empty strings count as missing. */
export function date() {
  return yup
    .string()
    .typeError('notText')
    .transform(sentAs('string'))
    .transform((value: unknown) => (value === '' ? undefined : value))
    .test('iso-date', 'invalidDate', (value) => value === undefined || isIsoDate(value));
}

/** A date that must not be before the date in `sibling` (when both are present). */
export function dateNotBefore(sibling: string, messageKey = 'dateBeforeStart') {
  return date().test('date-order', messageKey, function check(value) {
    const other: unknown = this.parent?.[sibling];
    if (value === undefined || typeof other !== 'string' || !isIsoDate(other)) return true;
    return value >= other;
  });
}

/** Free text, trimmed, with an upper bound; empty strings count as missing. */
export function text(max = 500) {
  // Trims in our own transform: yup's trim() calls .trim() on whatever arrives, and an array
  // (which the string cast leaves alone) would throw instead of failing validation.
  return yup
    .string()
    .typeError('notText')
    .transform(sentAs('string'))
    .transform((value: unknown) => {
      if (typeof value !== 'string') return value;
      const trimmed = value.trim();
      return trimmed === '' ? undefined : trimmed;
    })
    .max(max, 'tooLong');
}

export function requiredText(max = 500) {
  return text(max).required('required');
}

export function email() {
  return text(254).email('invalidEmail');
}

/** Norwegian and international phone numbers: digits, spaces, an optional leading +. */
export function phone() {
  return text(20).matches(/^\+?[\d ]{8,19}$/, { message: 'invalidPhone', excludeEmptyString: true });
}

export function choice<V extends string>(values: readonly V[]) {
  return yup.mixed<V>().oneOf([...values], 'invalidChoice');
}

/** true or false, nothing else (not "false", not 0 or 1). */
export function yesNo() {
  return yup.boolean().transform(sentAs('boolean')).typeError('notBoolean');
}

/** A box the person must tick: true. */
export function confirmation() {
  return yesNo().required('mustConfirm').oneOf([true], 'mustConfirm');
}

/** A whole number (not "5"). */
export function wholeNumber() {
  return yup.number().transform(sentAs('number')).typeError('notNumber').integer('notNumber');
}

/**
 * The data with every key dropped that names a member of Object.prototype (`__proto__`,
 * `constructor`, `valueOf`, `toString`, …). They are never fields, and yup looks a key up among
 * an object schema's fields, where such a key finds the prototype's function instead and throws.
 * Validate `ownData(input)`, not the input itself.
 */
export function ownData(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 32) return value;
  if (Array.isArray(value)) return value.map((item) => ownData(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key in Object.prototype) continue;
    copy[key] = ownData((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
