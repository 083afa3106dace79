import type { Role } from '../auth/roles.js';

/**
 * The fictional people of the development sign-in (AUTH_MODE=dev, never in production). Names and
 * numbers are made up; the identity numbers are synthetic (month + 80, as in Norway's test data).
 */
export interface FictionalUser {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly description: string;
  readonly nationalId?: string;
  readonly unitId?: string;
  readonly lead?: boolean;
}

export const fictionalUnitId = 'ke-eksempel';

export const fictionalUsers: readonly FictionalUser[] = [
  { id: 'de0000000000000000000001', name: 'Kari Nordmann', role: 'citizen', description: 'Innbygger / citizen', nationalId: '01817010055' },
  { id: 'de0000000000000000000002', name: 'Ola Nordmann', role: 'citizen', description: 'Forelder som søker for et barn / parent acting for a child', nationalId: '02827010084' },
  { id: 'de0000000000000000000003', name: 'Per Hansen', role: 'ke-caseworker', description: 'Saksbehandler, koordinerende enhet / KE case worker', unitId: fictionalUnitId },
  { id: 'de0000000000000000000004', name: 'Liv Berg', role: 'ke-caseworker', description: 'Leder, koordinerende enhet / KE lead', unitId: fictionalUnitId, lead: true },
  { id: 'de0000000000000000000005', name: 'Anne Lie', role: 'coordinator', description: 'Koordinator / coordinator', unitId: fictionalUnitId },
  { id: 'de0000000000000000000006', name: 'Jonas Dahl', role: 'group-member', description: 'Medlem av ansvarsgruppe / responsibility group member' },
  { id: 'de0000000000000000000007', name: 'Siri Moe', role: 'process-owner', description: 'Prosesseier / process owner' },
  { id: 'de0000000000000000000008', name: 'Arne Strand', role: 'admin', description: 'Administrator / admin' },
];
