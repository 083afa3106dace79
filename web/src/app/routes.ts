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
  accessibility: '/tilgjengelighetserklaering',
  request: '/anmodning',
  requestReceipt: '/anmodning/kvittering',
  cases: '/mine-saker',
  caseDetail: '/mine-saker/:id',
  signIn: '/logg-inn',
  staffCases: '/saker',
  staffCaseDetail: '/saker/:id',
  // Staff's e-mail notifications: their language; for a lead, those that could not be delivered.
  notifications: '/varsler',
  // The coordinator's plan workspace of a case; a responsibility group member's plans.
  planWorkspace: '/saker/:id/plan',
  memberPlans: '/planer',
  memberPlan: '/planer/:id',
  // The process owners' pages.
  processes: '/prosesser',
  processDetail: '/prosesser/:key',
  processVersion: '/prosesser/:key/versjoner/:number',
  processEditor: '/prosesser/:key/rediger',
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

/** The coordinator's plan workspace of a case. */
export function planWorkspacePath(caseId: string): string {
  return paths.planWorkspace.replace(':id', encodeURIComponent(caseId));
}

/** A responsibility group member's view of one plan. */
export function memberPlanPath(caseId: string): string {
  return paths.memberPlan.replace(':id', encodeURIComponent(caseId));
}
