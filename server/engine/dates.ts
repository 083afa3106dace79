/**
 * Dates written on BPMN user tasks (camunda:dueDate, camunda:followUpDate): an ISO 8601 duration
 * relative to the task's creation (P14D, PT36H, P1M2W) or an ISO 8601 date/date-time.
 */

const durationPattern =
  /^P(?!$)(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?=\d)(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const isoDatePattern = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function num(value: string | undefined): number {
  return value ? Number(value.replace(',', '.')) : 0;
}

/** Adds an ISO 8601 duration to a date (calendar arithmetic in UTC); undefined if not a duration. */
export function addIsoDuration(base: Date, duration: string): Date | undefined {
  const match = durationPattern.exec(duration.trim());
  if (!match) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = match;
  const result = new Date(base.getTime());
  const wholeMonths = num(years) * 12 + num(months);
  if (wholeMonths) result.setUTCMonth(result.getUTCMonth() + Math.trunc(wholeMonths));
  const ms =
    (num(weeks) * 7 + num(days)) * 86_400_000 + num(hours) * 3_600_000 + num(minutes) * 60_000 + num(seconds) * 1000;
  return new Date(result.getTime() + ms);
}

/**
 * Evaluates a task date attribute: a duration counts from `base`, a date is taken as it is
 * (a date without time is midnight UTC). Returns undefined for an empty or unreadable value.
 */
export function evaluateTaskDate(value: unknown, base: Date): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const text = value.trim();
  if (text.startsWith('P')) return addIsoDuration(base, text);
  if (!isoDatePattern.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
