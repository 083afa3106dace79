/**
 * User administration for admins (`/api/admin/users`), shared by the server
 * (server/http/routes/admin-users.ts) and the web app (web/src/pages/admin-users/). Staff only:
 * citizens come from ID-porten and are never listed.
 */

export const staffRoleIds = ['ke-caseworker', 'coordinator', 'group-member', 'process-owner', 'admin'] as const;
export type StaffRoleId = (typeof staffRoleIds)[number];

/** A staff user as admins see it: never a national identity number. */
export interface AdminUser {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly login: string | null;
  readonly unitId: string | null;
  readonly lead: boolean;
  readonly active: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastSignInAt: string | null;
}

/** `GET /api/admin/users?q=&role=`. */
export interface AdminUsersAnswer {
  readonly users: readonly AdminUser[];
}

/** `POST /api/admin/users` (and, every field optional plus `active`, `PATCH /api/admin/users/:id`). */
export interface AdminUserBody {
  readonly name: string;
  readonly role: StaffRoleId;
  readonly login: string;
  readonly unitId?: string | null;
  readonly lead?: boolean;
}

/**
 * `GET /api/admin/users/:id/open-tasks`: what deactivating the user does to their work, before it
 * is done: the tasks they hold (no case data: what kind of task and when it is due) and the
 * colleagues who could take over every one of them.
 */
export interface OpenTasksAnswer {
  readonly tasks: readonly { readonly id: string; readonly formKey: string | null; readonly name: string | null; readonly dueDate: string | null }[];
  readonly candidates: readonly { readonly id: string; readonly name: string; readonly role: string }[];
}

/**
 * `POST /api/admin/users/:id/deactivate`: `openTasks` is required when the user holds tasks:
 * `reassign` gives them all to `toUserId` (one of the candidates), `return` puts them back in the
 * group queue. The answer says how many moved.
 */
export interface DeactivateBody {
  readonly openTasks?: 'reassign' | 'return';
  readonly toUserId?: string;
}

export interface DeactivateAnswer {
  readonly user: AdminUser;
  readonly moved: number;
  readonly to: { readonly id: string; readonly name: string } | null;
}
