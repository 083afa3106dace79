import { pino, type Logger } from 'pino';

export type { Logger };

/** National identity numbers (11 digits) must never reach the logs, whatever field they hide in. */
const nationalIdPattern = /\b\d{6}\s?\d{5}\b/g;

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'individuell-plan',
    level: options.level ?? 'info',
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) =>
          typeof arg === 'string' ? arg.replace(nationalIdPattern, '***********') : arg,
        ) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    formatters: {
      log(object) {
        return JSON.parse(JSON.stringify(object).replace(nationalIdPattern, '***********')) as Record<string, unknown>;
      },
    },
  });
}
