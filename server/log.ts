import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * National identity numbers and D-numbers (11 digits, perhaps split after the birth date, also
 * URL-encoded) must never reach the logs, whatever field they hide in.
 */
const nationalIdPattern = /(?<!\d)\d{6}(?:\s|%20|\+|-)?\d{5}(?!\d)/g;

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
