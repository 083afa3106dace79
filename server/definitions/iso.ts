import { ISOInterval, getDate } from '@0dep/piso';

/**
 * ISO 8601 checks with the same parser bpmn-elements uses for timers (@0dep/piso), so a value
 * that passes here is one the engine can schedule. An invalid timer value would otherwise stop
 * the whole instance at run time.
 */

export type TimerType = 'timeDuration' | 'timeDate' | 'timeCycle';

/** Returns an error text, or undefined when the value is usable for that timer type. */
export function timerValueProblem(type: TimerType, value: string): string | undefined {
  const text = value.trim();
  if (text === '') return 'is empty';
  if (text.includes('${')) return 'must be a literal ISO 8601 value (durations live in the BPMN), not an expression';
  try {
    if (type === 'timeDate') {
      if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return `"${text}" is not an ISO 8601 date`;
      getDate(text);
      return undefined;
    }
    if (type === 'timeDuration' && !/^P/.test(text)) return `"${text}" is not an ISO 8601 duration (e.g. P14D, PT12H)`;
    if (type === 'timeCycle' && !/^R\d*\//.test(text)) return `"${text}" is not an ISO 8601 repeating interval (e.g. R/P7D, R3/PT1H)`;
    const parsed = new ISOInterval(text).parse();
    const expireAt = parsed.getExpireAt(new Date(), new Date());
    if (!(expireAt instanceof Date) || Number.isNaN(expireAt.getTime())) return `"${text}" does not give a time`;
    return undefined;
  } catch (error) {
    return `"${text}" is not valid ISO 8601: ${(error as Error).message}`;
  }
}

/**
 * Convention for `camunda:dueDate` and `camunda:followUpDate` on user tasks: either an ISO 8601
 * duration, counted from the moment the task is created (`P14D` = due 14 days after the task
 * appears; `PT36H`, `P1M`, `P2W` …), or an absolute ISO 8601 date/date-time (`2025-12-31`,
 * `2025-12-31T12:00:00+01:00`). Expressions are not accepted: durations live in the BPMN.
 */
export function taskDateProblem(value: string): string | undefined {
  const text = value.trim();
  if (text === '') return 'is empty';
  if (text.includes('${')) return 'must be an ISO 8601 duration (e.g. P14D) or date, not an expression';
  if (text.startsWith('P')) return timerValueProblem('timeDuration', text);
  return timerValueProblem('timeDate', text);
}

/** The moment a task date falls on, for a task created at `createdAt` (see taskDateProblem). */
export function resolveTaskDate(value: string, createdAt: Date): Date {
  const text = value.trim();
  if (text.startsWith('P')) return new ISOInterval(text).parse().getExpireAt(createdAt, createdAt);
  return getDate(text);
}
