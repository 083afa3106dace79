import { l10n, type LocalizedText } from '../../forms/types.js';
import type { Role } from '../auth/roles.js';

/**
 * The fictional people of the development sign-in (AUTH_MODE=dev, never in production). Names and
 * numbers are made up; the identity numbers are synthetic (month + 80, as in Norway's test data).
 */
export interface FictionalUser {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** What the role alone does not say about this person. */
  readonly description?: LocalizedText;
  readonly nationalId?: string;
  readonly unitId?: string;
  readonly lead?: boolean;
}

export const fictionalUnitId = 'ke-eksempel';

export const fictionalUsers: readonly FictionalUser[] = [
  { id: 'de0000000000000000000001', name: 'Kari Nordmann', role: 'citizen', nationalId: '01817010055' },
  { id: 'de0000000000000000000002', name: 'Ola Nordmann', role: 'citizen', description: l10n('Forelder som søker for et barn', 'Forelder som søkjer for eit barn', 'Parent acting for a child'), nationalId: '02827010084' },
  { id: 'de0000000000000000000003', name: 'Per Hansen', role: 'ke-caseworker', unitId: fictionalUnitId },
  { id: 'de0000000000000000000004', name: 'Liv Berg', role: 'ke-caseworker', description: l10n('Leder for koordinerende enhet', 'Leiar for koordinerande eining', 'Head of the coordinating unit'), unitId: fictionalUnitId, lead: true },
  { id: 'de0000000000000000000005', name: 'Anne Lie', role: 'coordinator', unitId: fictionalUnitId },
  { id: 'de0000000000000000000006', name: 'Jonas Dahl', role: 'group-member' },
  { id: 'de0000000000000000000007', name: 'Siri Moe', role: 'process-owner' },
  { id: 'de0000000000000000000008', name: 'Arne Strand', role: 'admin' },
];
