/**
 * The app's paths, in one place so that pages can link to each other without repeating strings.
 * Later: the request form (citizen), case pages, the staff work queue and process-owner pages.
 */
export const paths = {
  start: '/',
} as const;
