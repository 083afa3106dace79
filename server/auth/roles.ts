/**
 * The roles of the product. BPMN `camunda:candidateGroups` name these ids, and access rules
 * (server/policies) are written in terms of them.
 */
export const roles = [
  'citizen', // the person, or a parent/guardian/representative acting for them
  'ke-caseworker', // case worker at the coordinating unit (koordinerende enhet)
  'coordinator', // the person's appointed coordinator
  'group-member', // member of a responsibility group (ansvarsgruppe)
  'process-owner', // edits the BPMN processes; sees figures, never personal data
  'admin', // manages users and roles
] as const;

export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
