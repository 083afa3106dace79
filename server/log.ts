import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * National identity numbers and D-numbers (11 digits) must never reach the logs, whatever field
 * they hide in and however they are written: in groups (`010170 12345`, `148 587 10058`,
 * `01.01.70-12345`) with any separator a person or a program puts there (space, no-break space,
 * `.`, `-`, `_`, `/`, `+`, tab or newline as JSON writes them, and any of these URL-encoded).
 * Separators are recognized where people group the digits (after the day, the month, the year,
 * the third and the ninth digit), so that other numbers (times, addresses and ports) stay readable.
 */
const separator = String.raw`(?:[\s\u00a0\u2007\u202f._\-+/,:]|%[0-9A-Fa-f]{2}|\\[ntrfvb]|\\u[0-9A-Fa-f]{4}|&nbsp;|&#(?:160|32|x[aA]0|x20);)`;
const gap = `${separator}{0,3}`;
/** Not preceded by a digit of its own (the last digit of `%20` or `\u00a0` is part of a separator). */
const start = String.raw`(?<!(?<!%|%[0-9A-Fa-f]|\\u[0-9A-Fa-f]{0,3})\d)`;
const nationalIdPattern = new RegExp(String.raw`${start}\d\d${gap}\d${gap}\d${gap}\d\d${gap}\d\d\d${gap}\d\d(?!\d)`, 'g');

export function maskNationalIds(line: string): string {
  return line.replace(nationalIdPattern, '***********');
}

/** JSON lines on standard output, with identity numbers masked in the finished line. */
export function createLogger(options: { level?: string; name?: string; destination?: DestinationStream } = {}): Logger {
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    { name: options.name ?? 'individuell-plan', level: options.level ?? 'info' },
    { write: (line: string) => out.write(maskNationalIds(line)) },
  );
}
