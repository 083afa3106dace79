/**
 * A date, or a moment as date and time, in the page's language and in Norwegian time whatever the
 * device's time zone (for example "15. mars 2026 kl. 14:05"). A bare date (2026-03-15) stays that
 * date, and a wall-clock time without a zone (2026-03-15T10:00, a meeting's) stays that time.
 */
export function formatDate(iso: string, language: string | undefined, withTime = false): string {
  // Nynorsk where the browser has it, else Bokmål (not English): the month names are the same.
  const locale = language === 'en' ? ['en-GB'] : language === 'nn' ? ['nn-NO', 'nb-NO'] : ['nb-NO'];
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const wallClock = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(iso);
  const date = dateOnly ? new Date(`${iso}T12:00:00Z`) : wallClock ? new Date(`${iso}Z`) : new Date(iso);
  return date.toLocaleString(locale, { dateStyle: 'long', ...(withTime ? { timeStyle: 'short' as const } : {}), timeZone: dateOnly || wallClock ? 'UTC' : 'Europe/Oslo' });
}
