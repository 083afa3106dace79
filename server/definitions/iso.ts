import { ISOInterval, getDate } from '@0dep/piso';
import { defaultDefinitionLimits, describeMs, type DefinitionLimits } from './limits.js';

/**
 * ISO 8601 checks with the same parser bpmn-elements uses for timers (@0dep/piso), so a value
 * that passes here is one the engine can schedule. An invalid timer value would otherwise stop
 * the whole instance at run time.
 *
 * Every check runs in bounded time on any input: the text is capped in length and matched by
 * patterns without nested repetition before the parser sees it, and a cycle's next time is never
 * computed by stepping through its repetitions (piso does that, and a zero-length cycle such as
 * `R/PT0S` would never end).
 */

export type TimerType = 'timeDuration' | 'timeDate' | 'timeCycle';

/** What the timer rule needs about a timer's bounds. */
export type TimerBounds = Pick<DefinitionLimits, 'minTimerMs' | 'maxRepetitions'>;

/** The longest timer text accepted; real values are a dozen characters. */
const maxLength = 64;
/** Dates a timer may name, and the latest moment a duration may reach. */
const earliestDate = Date.UTC(2000, 0, 1);
const latestDate = Date.UTC(2100, 0, 1);
/** Durations are measured from here (a fixed, non-leap start, so the answer never depends on today). */
const measureFrom = new Date(Date.UTC(2001, 0, 1));

const number = '\\d{1,9}(?:[.,]\\d{1,9})?';
const durationPattern = new RegExp(
  `^P(?=\\d|T\\d)(?:${number}Y)?(?:${number}M)?(?:${number}W)?(?:${number}D)?(?:T(?=\\d)(?:${number}H)?(?:${number}M)?(?:${number}S)?)?$`,
);
const datePattern = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const repeatPattern = /^R(\d{0,9})$/;

/** The length of one repetition of an ISO 8601 duration, in ms; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  if (text.length > maxLength || !durationPattern.test(text)) return undefined;
  try {
    const duration = new ISOInterval(text).parse().duration;
    if (!duration) return undefined;
    const end = duration.applyDuration(measureFrom, 1, true).getTime();
    if (!Number.isFinite(end) || end > latestDate) return undefined;
    return end - measureFrom.getTime();
  } catch {
    return undefined;
  }
}

function dateProblem(text: string): string | undefined {
  if (text.length > maxLength || !datePattern.test(text)) return `"${text}" is not an ISO 8601 date`;
  let time: number;
  try {
    time = getDate(text).getTime();
  } catch (error) {
    return `"${text}" is not valid ISO 8601: ${(error as Error).message}`;
  }
  if (!Number.isFinite(time)) return `"${text}" is not a valid date`;
  if (time < earliestDate || time >= latestDate) return `"${text}" must be a date from 2000 to 2099`;
  return undefined;
}

function durationProblem(text: string, minMs: number, example: string, value = text): string | undefined {
  const ms = durationMs(text);
  if (ms === undefined) return `"${value}" is not an ISO 8601 duration (e.g. ${example}) of at most 99 years`;
  if (ms < minMs) return `"${value}" is shorter than the shortest interval allowed, ${describeMs(minMs)}`;
  return undefined;
}

/**
 * The problem with a timer value, or undefined when it is usable for that timer type and within
 * the bounds: every duration and every repetition at least `minTimerMs`, at most `maxRepetitions`
 * repetitions, dates from 2000 to 2099.
 */
export function timerValueProblem(type: TimerType, value: string, bounds: TimerBounds = defaultDefinitionLimits): string | undefined {
  const text = value.trim();
  if (text === '') return 'is empty';
  if (text.includes('${')) return 'must be a literal ISO 8601 value (durations live in the BPMN), not an expression';
  if (text.length > maxLength) return `is longer than ${maxLength} characters`;
  if (type === 'timeDate') return dateProblem(text);
  if (type === 'timeDuration') return durationProblem(text, bounds.minTimerMs, 'P14D, PT12H');

  const parts = text.split('/');
  const repeat = repeatPattern.exec(parts[0] ?? '');
  if (!repeat || parts.length < 2 || parts.length > 3) return `"${text}" is not an ISO 8601 repeating interval (e.g. R/P7D, R3/PT1H)`;
  if (repeat[1] !== '') {
    const count = Number(repeat[1]);
    if (count < 1) return `"${text}" repeats no times`;
    if (count > bounds.maxRepetitions) return `"${text}" repeats more than the ${bounds.maxRepetitions} times allowed`;
  }
  const rest = parts.slice(1);
  const durations = rest.filter((part) => part.startsWith('P'));
  if (durations.length !== 1) return `"${text}" needs exactly one duration (e.g. R/P7D, R3/2030-01-01T08:00:00Z/P1D)`;
  for (const part of rest) {
    const problem = part.startsWith('P') ? durationProblem(part, bounds.minTimerMs, 'R/P7D', text) : dateProblem(part);
    if (problem) return problem;
  }
  try {
    // The parser itself (linear in the text); the next time is not computed here, see above.
    new ISOInterval(text).parse();
  } catch (error) {
    return `"${text}" is not valid ISO 8601: ${(error as Error).message}`;
  }
  return undefined;
}

/** The length of one interval of a duration or cycle value (undefined for dates and invalid values). */
export function timerIntervalMs(type: TimerType, value: string): number | undefined {
  const text = value.trim();
  if (type === 'timeDuration') return durationMs(text);
  if (type === 'timeCycle') {
    const duration = text.split('/').find((part) => part.startsWith('P'));
    return duration === undefined ? undefined : durationMs(duration);
  }
  return undefined;
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
  if (text.startsWith('P')) return durationProblem(text, 0, 'P14D');
  return timerValueProblem('timeDate', text);
}

/** The moment a task date falls on, for a task created at `createdAt` (see taskDateProblem). */
export function resolveTaskDate(value: string, createdAt: Date): Date {
  const text = value.trim();
  if (text.startsWith('P')) return new ISOInterval(text).parse().getExpireAt(createdAt, createdAt);
  return getDate(text);
}
