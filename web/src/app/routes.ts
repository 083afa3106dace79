/**
 * The app's paths, in one place so that pages can link to each other without repeating strings.
 * Later: the request form (citizen), case pages, the staff work queue and process-owner pages.
 */
export const paths = {
  start: '/',
  // The staff's work queue and one task of it.
  workQueue: '/arbeidsko',
  task: '/oppgaver/:id',
  about: '/om-individuell-plan',
  request: '/anmodning',
  requestReceipt: '/anmodning/kvittering',
  cases: '/mine-saker',
  caseDetail: '/mine-saker/:id',
  signIn: '/logg-inn',
  staffCases: '/saker',
  staffCaseDetail: '/saker/:id',
  // The process owners' pages.
  processes: '/prosesser',
  processDetail: '/prosesser/:key',
  processVersion: '/prosesser/:key/versjoner/:number',
  // Oversight: the unit's overview, its incidents and audit log, user administration, staff help.
  overview: '/oversikt',
  incidents: '/feil',
  audit: '/logg',
  users: '/brukere',
  help: '/hjelp',
} as const;

/** The address of one task of the work queue. */
export function taskPath(id: string): string {
  return paths.task.replace(':id', encodeURIComponent(id));
}

/** The address of one of the person's cases. */
export function caseDetailPath(id: string): string {
  return paths.caseDetail.replace(':id', encodeURIComponent(id));
}

/** The staff page of a case. */
export function staffCaseDetailPath(id: string): string {
  return paths.staffCaseDetail.replace(':id', encodeURIComponent(id));
}
